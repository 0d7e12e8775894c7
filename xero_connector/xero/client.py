"""``XeroClient``: the only code in the addon that calls Xero.

It builds a xero-python client per connection against the configured hosts (Xero's
real ones or the emulator's), performs the one call the SDK lacks (the OAuth2 code
exchange) with ``requests``, turns every SDK or transport failure into one of the
typed errors of ``errors.py``, waits out short ``Retry-After`` answers, keeps each
tenant under Xero's per-minute and concurrency limits, and records the remaining
quota that Xero reports. It never logs a token or a secret.
"""

import base64
import hashlib
import json
import logging
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests
import urllib3
from xero_python.accounting import AccountingApi
from xero_python.api_client import ApiClient
from xero_python.api_client.configuration import Configuration
from xero_python.api_client.oauth2 import OAuth2Token, TokenApi
from xero_python.exceptions import ApiException, OpenApiException
from xero_python.identity import IdentityApi

from . import throttle
from .accounting import AccountingCalls
from .errors import (
    XeroAuthError,
    XeroError,
    XeroGrantRevoked,
    XeroNotFound,
    XeroRateLimited,
    XeroScopeError,
    XeroTransient,
    XeroValidationError,
    _lt,
)
from .scopes import DEFAULT_SCOPES
from .xerodates import parse_timestamp

_logger = logging.getLogger(__name__)

# Waiting longer than this for a Retry-After would hold a worker; the caller defers instead.
MAX_RETRY_AFTER_WAIT = 10


# Xero's own hosts; another (the emulator, a proxy) comes only from the server's
# configuration file, never from a record (see ``XeroEndpoints.for_base_url``)
XERO_LOGIN = "https://login.xero.com"
XERO_IDENTITY = "https://identity.xero.com"
XERO_API = "https://api.xero.com"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class XeroEndpointsRefused(ValueError):
    """A base URL the connector will not send credentials to."""


@dataclass(frozen=True)
class XeroEndpoints:
    authorize_url: str = XERO_LOGIN + "/identity/connect/authorize"
    token_url: str = XERO_IDENTITY + "/connect/token"
    api_url: str = XERO_API

    @property
    def revocation_url(self):
        return self.token_url.rsplit("/", 1)[0] + "/revocation"

    @classmethod
    def for_base_url(cls, base_url=None):
        """Xero's endpoints, or, for ``base_url`` (the server's ``xero_base_url``), the
        same paths on that one host, as the emulator serves them: sign-in, token and
        revocation, ``/connections`` and ``/api.xro/2.0``. Credentials travel to it, so
        it must be ``https``, unless it is this machine's loopback."""
        if not base_url:
            return cls()
        base_url = base_url.strip().rstrip("/")
        parsed = urlsplit(base_url)
        loopback = (parsed.hostname or "") in LOOPBACK_HOSTS or (parsed.hostname or "").startswith("127.")
        if parsed.scheme not in ("https", "http") or not parsed.hostname or parsed.query or parsed.fragment:
            raise XeroEndpointsRefused("xero_base_url must be an https address, e.g. https://xero-proxy.example")
        if parsed.scheme == "http" and not loopback:
            raise XeroEndpointsRefused("xero_base_url must use https unless it names this machine (127.0.0.1)")
        return cls(
            authorize_url=base_url + "/identity/connect/authorize",
            token_url=base_url + "/connect/token",
            api_url=base_url,
        )


@dataclass
class Quota:
    """What Xero said was left on the last response."""

    minute: int = None
    day: int = None
    app_minute: int = None


def pkce_pair():
    """A PKCE code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_with_expiry(token, now=None):
    """The SDK treats a token without ``expires_at`` as never expiring: always set it."""
    token = dict(token)
    if not token.get("expires_at"):
        token["expires_at"] = (now or time.time()) + int(token.get("expires_in") or 1800)
    if isinstance(token.get("scope"), str):
        token["scope"] = token["scope"].split()
    return token


class XeroClient(AccountingCalls):
    """One connection's view of Xero.

    ``token_getter`` returns the current token dict (with ``expires_at``); the
    connection model refreshes it under a row lock before handing it over, so the
    SDK itself never refreshes. ``on_unauthorized`` is called once when Xero refuses
    an access token the getter thought valid; it should force a refresh.
    """

    def __init__(
        self,
        endpoints,
        client_id,
        client_secret,
        token_getter=None,
        on_unauthorized=None,
        timeout=(5, 30),
        max_retry_after=MAX_RETRY_AFTER_WAIT,
        budget=None,
    ):
        self.endpoints = endpoints
        self.client_id = client_id
        self._client_secret = client_secret
        self._token_getter = token_getter
        self._on_unauthorized = on_unauthorized
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        # held around each accounting call: Xero's per-tenant minute and concurrency limits
        self.budget = budget or throttle.ProcessBudget()
        self.quota = Quota()
        # Xero's clock at its last answer (the envelope's DateTimeUTC): what "today" is
        # for the organisation's due dates
        self.xero_now = None
        self.calls = 0
        # client_id is left out of the SDK's token on purpose: without it the SDK cannot
        # refresh on its own, so every refresh goes through the connection's lock
        self._api_client = ApiClient(
            Configuration(oauth2_token=OAuth2Token()),
            pool_threads=1,
            oauth2_token_getter=self._current_token,
            oauth2_token_saver=lambda token: None,
        )
        # urllib3's default retry policy would silently sleep out any Retry-After (even a
        # day-long one) and resend requests after a read error. Retry only what never
        # reached Xero; everything else is decided here, with idempotency keys.
        self._api_client.rest_client.pool_manager.connection_pool_kw["retries"] = urllib3.Retry(
            total=2,
            connect=2,
            read=0,
            status=0,
            other=0,
            redirect=0,
            respect_retry_after_header=False,
            raise_on_status=False,
        )
        # the SDK's token calls (refresh, client credentials, revocation) pass no
        # timeout, and its REST client then waits for ever, holding the token row's lock:
        # every request it sends gets this client's timeout unless it names its own
        rest_client = self._api_client.rest_client
        send = rest_client.request

        def request_with_timeout(*args, _request_timeout=None, **kwargs):
            return send(*args, _request_timeout=_request_timeout or self.timeout, **kwargs)

        rest_client.request = request_with_timeout
        self._accounting_api = AccountingApi(self._api_client, base_url=self.endpoints.api_url + "/api.xro/2.0")

    def __repr__(self):
        return "<XeroClient %s client_id=%s>" % (self.endpoints.api_url, self.client_id)

    # -- OAuth2 ---------------------------------------------------------------------------
    def authorization_url(self, redirect_uri, state, code_challenge, scope=DEFAULT_SCOPES):
        return (
            self.endpoints.authorize_url
            + "?"
            + urlencode(
                {
                    "response_type": "code",
                    "client_id": self.client_id,
                    "redirect_uri": redirect_uri,
                    "scope": scope,
                    "state": state,
                    "code_challenge": code_challenge,
                    "code_challenge_method": "S256",
                }
            )
        )

    def exchange_code(self, code, redirect_uri, code_verifier):
        """The authorization-code grant, which xero-python does not implement."""
        try:
            response = requests.post(
                self.endpoints.token_url,
                timeout=self.timeout[1],
                auth=(self.client_id, self._client_secret),
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri,
                    "code_verifier": code_verifier,
                },
            )
        except requests.RequestException as error:
            raise XeroTransient(self._unreachable(_lt("Xero's identity service"), error)) from None
        self.calls += 1
        if response.status_code >= 500:
            raise XeroTransient(_lt("Xero's identity service failed (HTTP %s).", response.status_code))
        if response.status_code != 200:
            raise _identity_error(response.status_code, response.text)
        return token_with_expiry(_json_or_empty(response.text))

    def refresh_token(self, refresh_token, scope):
        token_api = self._token_api()
        return token_with_expiry(self._identity_call(token_api.refresh_token, refresh_token, scope))

    def client_credentials_token(self):
        token_api = self._token_api()
        return token_with_expiry(self._identity_call(token_api.get_client_credentials_token, False))

    def revoke(self, refresh_token):
        self._identity_call(self._token_api().revoke_token, refresh_token)

    def _token_api(self):
        token_api = TokenApi(self._api_client, self.client_id, self._client_secret)
        # the SDK keeps Xero's token URLs as class attributes; aim this instance at ours
        token_api.refresh_token_url = self.endpoints.token_url
        token_api.client_credentials_token_url = self.endpoints.token_url
        token_api.revoke_token_url = self.endpoints.revocation_url
        return token_api

    def _identity_call(self, method, *args):
        self.calls += 1
        try:
            return method(*args)
        except ApiException as error:
            raise _identity_error(error.status, error.body) from None
        except urllib3.exceptions.HTTPError as error:
            raise XeroTransient(self._unreachable(_lt("Xero's identity service"), error)) from None
        except Exception as error:  # TokenApi raises a bare Exception on a non-200 answer
            raise XeroTransient(_lt("Xero's identity service failed: %s", _scrub(str(error)))) from None

    # -- tenants --------------------------------------------------------------------------
    def connections(self):
        """The organisations the token reaches, as plain dicts."""
        identity = IdentityApi(self._api_client, base_url=self.endpoints.api_url)
        result = self._call(None, identity.get_connections)
        return [
            {"id": str(c.id), "tenant_id": str(c.tenant_id), "tenant_name": c.tenant_name, "tenant_type": c.tenant_type}
            for c in result
        ]

    def delete_connection(self, connection_id):
        identity = IdentityApi(self._api_client, base_url=self.endpoints.api_url)
        self._call(None, identity.delete_connection, connection_id)

    # -- accounting -----------------------------------------------------------------------
    def accounting(self, tenant_id, operation, *args, **kwargs):
        """Call ``AccountingApi.<operation>(tenant_id, *args, **kwargs)`` with throttling,
        typed errors and quota bookkeeping; returns the SDK's deserialized result."""
        with self.budget.hold(tenant_id):
            return self._call(tenant_id, getattr(self._accounting_api, operation), tenant_id, *args, **kwargs)

    def accounting_json(self, tenant_id, operation, *args, **kwargs):
        """Like ``accounting`` but returns Xero's JSON as plain dicts (PascalCase keys,
        dates as Xero writes them): what the mapping functions read. Bodies may be
        plain dicts too, e.g. ``{"Contacts": [payload, ...]}``."""
        method = getattr(self._accounting_api, operation)
        with self.budget.hold(tenant_id):
            response = self._call(tenant_id, method, tenant_id, *args, _preload_content=False, **kwargs)
        try:
            answer = json.loads(response.data or b"{}")
        except ValueError:
            # cut short or not JSON: treated like a lost answer, so a write is resent
            # with the same idempotency key and nothing is half-applied
            raise XeroTransient(_lt("Xero's answer could not be read (cut short or not JSON).")) from None
        if isinstance(answer, dict) and answer.get("DateTimeUTC"):
            self.xero_now = parse_timestamp(answer["DateTimeUTC"])
        return answer

    def accounting_file(self, tenant_id, operation, *args, **kwargs):
        """Like ``accounting`` for the operations that answer a file (an invoice as
        PDF): its bytes, kept in memory rather than in the SDK's temporary file."""
        return self.accounting(tenant_id, operation, *args, _preload_content=False, **kwargs).data

    def _call(self, tenant_id, method, *args, retried_auth=False, waited=False, **kwargs):
        self.calls += 1
        try:
            data, _status, headers = method(
                *args, _return_http_data_only=False, _request_timeout=self.timeout, **kwargs
            )
        except ApiException as error:
            typed = _api_error(error)
            if isinstance(typed, XeroAuthError) and error.status == 401 and not retried_auth and self._on_unauthorized:
                self._on_unauthorized()
                return self._call(tenant_id, method, *args, retried_auth=True, waited=waited, **kwargs)
            if isinstance(typed, XeroRateLimited):
                self._record_quota(error.headers)
                if not waited and typed.retry_after is not None and typed.retry_after <= self.max_retry_after:
                    _logger.info(
                        "Xero rate limit (%s) for tenant %s: retrying in %ss",
                        typed.problem,
                        tenant_id,
                        typed.retry_after,
                    )
                    time.sleep(typed.retry_after)
                    return self._call(tenant_id, method, *args, retried_auth=retried_auth, waited=True, **kwargs)
            raise typed from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise XeroTransient(self._unreachable("Xero", error)) from None
        except OpenApiException as error:  # e.g. the SDK found the access token expired
            raise XeroAuthError(_scrub(str(error))) from None
        self._record_quota(headers)
        return data

    def _unreachable(self, service, error):
        """What went wrong on the way to ``service``, in words an administrator can act
        on; the exception's name stays in brackets for whoever reads the code."""
        if isinstance(error, urllib3.exceptions.MaxRetryError) and error.reason is not None:
            error = error.reason  # what went wrong on the last try
        name = type(error).__name__
        if isinstance(error, (urllib3.exceptions.TimeoutError, requests.Timeout, TimeoutError)):
            return _lt(
                "%(service)s did not answer within the %(seconds)s-second time-out; "
                "the next run tries again (%(error)s).",
                service=service,
                seconds="%g" % self.timeout[1],
                error=name,
            )
        if isinstance(error, urllib3.exceptions.ProtocolError):
            return _lt(
                "The connection to %(service)s dropped before its answer arrived; "
                "the next run tries again (%(error)s).",
                service=service,
                error=name,
            )
        return _lt(
            "%(service)s could not be reached; the next run tries again (%(error)s).", service=service, error=name
        )

    def _current_token(self):
        token = self._token_getter() if self._token_getter else {}
        return {
            key: token.get(key)
            for key in ("access_token", "refresh_token", "scope", "expires_in", "token_type", "expires_at", "id_token")
        }

    def _record_quota(self, headers):
        if not headers:
            return
        for attribute, header in (
            ("minute", "X-MinLimit-Remaining"),
            ("day", "X-DayLimit-Remaining"),
            ("app_minute", "X-AppMinLimit-Remaining"),
        ):
            value = headers.get(header)
            if value is not None and str(value).isdigit():
                setattr(self.quota, attribute, int(value))


def _json_or_empty(text):
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _identity_error(status, body):
    data = _json_or_empty(body.decode() if isinstance(body, bytes) else body)
    if data.get("error") == "invalid_grant":
        return XeroGrantRevoked(
            _lt(
                "Xero no longer accepts this connection's authorisation (invalid_grant). "
                "An administrator must reconnect it."
            ),
            status,
        )
    if status in (400, 401, 403):
        return XeroAuthError(_lt("Xero refused the credentials: %s.", data.get("error", "HTTP %s" % status)), status)
    return XeroTransient(_lt("Xero's identity service failed (HTTP %s).", status), status)


def _api_error(error):
    status = error.status if isinstance(error.status, int) else getattr(error.http_resp, "status", None)
    body = error.body.decode() if isinstance(error.body, bytes) else (error.body or "")
    data = _json_or_empty(body)
    if status == 400 and data.get("error") == "invalid_grant":
        return _identity_error(status, body)
    if status == 429:
        headers = error.headers or {}
        retry_after = headers.get("Retry-After")
        problem = headers.get("X-Rate-Limit-Problem")
        return XeroRateLimited(
            _lt("Xero's %s rate limit was reached.", problem or "API"),
            retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None,
            problem=problem,
        )
    if status == 401 and data.get("Detail") == "AuthorizationUnsuccessful":
        return XeroScopeError(
            _lt(
                "Xero refused the call: this connection's authorisation does not include "
                "the scope it needs (AuthorizationUnsuccessful)."
            ),
            status,
        )
    if status in (401, 403):
        return XeroAuthError(_lt("Xero refused the access token (%s).", data.get("Detail") or status), status)
    if status == 404:
        return XeroNotFound(_lt("The record was not found in Xero."))
    if status == 400:
        elements = [
            [v.get("Message") for v in (element.get("ValidationErrors") or [])]
            for element in data.get("Elements") or []
        ]
        messages = [m for element in elements for m in element if m]
        return XeroValidationError(
            "; ".join(messages) or data.get("Message") or _lt("Xero refused the request."), elements
        )
    if status and status >= 500:
        return XeroTransient(_lt("Xero is unavailable (HTTP %s).", status), status)
    return XeroError(_lt("Unexpected answer from Xero (HTTP %s).", status), status)


def _scrub(text):
    """Error texts from the SDK can echo request data; keep only the first line."""
    return text.splitlines()[0][:200] if text else ""

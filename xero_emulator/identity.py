"""Xero's identity host: the authorize page (which consents by itself), the token
endpoint (authorization code with PKCE, refresh with rotation and grace, client
credentials), revocation, and the ``/Connections`` list of a token's tenants.

Each app has one secret and its redirect URIs (``EmulatorState.app_for``): another
secret is ``invalid_client``, another redirect URI Xero's error page."""

import base64
import datetime as dt
import hashlib
import secrets
from urllib.parse import urlencode

from . import scopes
from .state import REFRESH_GRACE_SECONDS, Grant, record_secret
from .xerojson import new_id

# the emulator's sign-in consents by itself, always as this one Xero user
SIGN_IN_USER = "accountant@demo.example"


class OAuthError(Exception):
    def __init__(self, error, description="", status=400):
        super().__init__(error)
        self.status = status
        self.payload = {"error": error}
        if description:
            self.payload["error_description"] = description


def client_credentials(form, authorization):
    """Xero accepts client credentials in a Basic header or in the form body."""
    if authorization and authorization.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(authorization[6:]).decode()
        except ValueError:
            raise OAuthError("invalid_client", status=401) from None
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    return form.get("client_id"), form.get("client_secret")


class IdentityApi:
    def __init__(self, state):
        self.state = state

    def authorize(self, args):
        """Consent on the user's behalf to every organisation and redirect back."""
        for required in ("client_id", "redirect_uri", "response_type"):
            if not args.get(required):
                raise OAuthError("invalid_request", "%s is required" % required)
        if args["response_type"] != "code":
            raise OAuthError("unsupported_response_type")
        method = args.get("code_challenge_method", "plain")
        if args.get("code_challenge") and method not in ("S256", "plain"):
            raise OAuthError("invalid_request", "unsupported code_challenge_method")
        separator = "&" if "?" in args["redirect_uri"] else "?"
        with self.state.lock:
            app = self.state.app_for(args["client_id"])
            if not app["redirect_uris"]:
                app["redirect_uris"].append(args["redirect_uri"])  # the app's first sign-in
            elif args["redirect_uri"] not in app["redirect_uris"]:
                # never sent to a URI that is not the app's (RFC 6749, 4.1.2.1): Xero shows
                # its error page instead, "Error code: 500"
                raise OAuthError("unauthorized_client", "Invalid redirect_uri", status=500)
            granular_only = app["granular_only"]
        refusal = scopes.refused_at_sign_in(args.get("scope", ""), granular_only)
        if refusal:
            # an OAuth error goes back to the client's redirect URI (RFC 6749, 4.1.2.1)
            query = {"error": refusal[0], "error_description": refusal[1]}
            if args.get("state") is not None:
                query["state"] = args["state"]
            return args["redirect_uri"] + separator + urlencode(query)
        code = secrets.token_urlsafe(24)
        with self.state.lock:
            self.state.codes[code] = {
                "client_id": args["client_id"],
                "redirect_uri": args["redirect_uri"],
                "scope": args.get("scope", ""),
                "challenge": args.get("code_challenge"),
                "method": method,
                "tenant_ids": list(self.state.tenants),
            }
        # single-use and bound to the verifier, but still a credential until spent
        record_secret(code, args.get("state"))
        query = {"code": code, "scope": args.get("scope", "")}
        if args.get("state") is not None:
            query["state"] = args["state"]
        return args["redirect_uri"] + separator + urlencode(query)

    def _authenticate(self, form, authorization):
        """The client id, once its secret is the app's: the first secret an unknown app
        presents becomes its secret."""
        client_id, secret = client_credentials(form, authorization)
        record_secret(secret, form.get("code_verifier"))
        if not client_id or not secret:
            raise OAuthError("invalid_client", status=401)
        with self.state.lock:
            app = self.state.app_for(client_id)
            if app["client_secret"] is None:
                app["client_secret"] = secret
            elif not secrets.compare_digest(app["client_secret"].encode(), secret.encode()):
                raise OAuthError("invalid_client", status=401)
        return client_id

    def token(self, form, authorization):
        client_id = self._authenticate(form, authorization)
        grant_type = form.get("grant_type")
        with self.state.lock:
            if grant_type == "authorization_code":
                return self._exchange_code(form, client_id)
            if grant_type == "refresh_token":
                return self._refresh(form, client_id)
            if grant_type == "client_credentials":
                return self._client_credentials(client_id)
        raise OAuthError("unsupported_grant_type")

    def _exchange_code(self, form, client_id):
        pending = self.state.codes.pop(form.get("code", ""), None)  # a code is single-use
        if pending is None or pending["client_id"] != client_id:
            raise OAuthError("invalid_grant")
        if pending["redirect_uri"] != form.get("redirect_uri"):
            raise OAuthError("invalid_grant", "redirect_uri does not match")
        if pending["challenge"]:
            verifier = form.get("code_verifier") or ""
            if pending["method"] == "S256":
                digest = hashlib.sha256(verifier.encode()).digest()
                computed = base64.urlsafe_b64encode(digest).decode().rstrip("=")
            else:
                computed = verifier
            if not verifier or not secrets.compare_digest(computed, pending["challenge"]):
                raise OAuthError("invalid_grant", "code_verifier does not match")
        consent = self.state.consent_for(client_id, SIGN_IN_USER, pending["tenant_ids"])
        grant = Grant(grant_id=new_id(), client_id=client_id, scope=pending["scope"], consent=consent)
        self.state.grants[grant.grant_id] = grant
        return self.state.issue_tokens(grant)

    def _refresh(self, form, client_id):
        grant, current = self.state.grant_for_refresh_token(form.get("refresh_token", ""))
        if grant is None or grant.client_id != client_id:
            raise OAuthError("invalid_grant")
        if not current:
            # the rotated-out token within its grace: replay what replaced it
            return dict(grant.last_issued)
        grant.previous_refresh = grant.refresh_token
        grant.previous_until = self.state.clock.now() + dt.timedelta(seconds=REFRESH_GRACE_SECONDS)
        return self.state.issue_tokens(grant)

    def _client_credentials(self, client_id):
        tenant_id = self.state.custom_tenant_id or next(iter(self.state.tenants), None)
        if tenant_id is None:
            raise OAuthError("unauthorized_client", "no organisation is connected to this app")
        grant = next(
            (
                g
                for g in self.state.grants.values()
                if g.client_id == client_id and g.refresh_token is None and not g.revoked
            ),
            None,
        )
        if grant is None:
            # a custom connection's scopes are chosen in Xero when it is bought
            app = self.state.app_for(client_id)
            granted = app["scopes"] or (scopes.GRANULAR_SET if app["granular_only"] else scopes.BROAD_SET)
            # a custom connection is its own consent, to its one organisation
            consent = self.state.consent_for(client_id, "custom connection", [tenant_id])
            grant = Grant(grant_id=new_id(), client_id=client_id, scope=granted, consent=consent)
            self.state.grants[grant.grant_id] = grant
        return self.state.issue_tokens(grant, with_refresh=False)

    def revoke(self, form, authorization):
        client_id = self._authenticate(form, authorization)
        with self.state.lock:
            grant, _ = self.state.grant_for_refresh_token(form.get("token", ""))
            if grant is not None and grant.client_id == client_id:
                # the user's every connection to the app goes, whichever sign-in made it
                grant.revoked = True
                grant.consent.tenant_ids.clear()
                grant.consent.connection_ids.clear()
        # like Xero, an unknown token is not an error: it is no longer usable either way

    def connections(self, grant):
        result = []
        for tenant_id in grant.tenant_ids:
            tenant = self.state.tenants.get(tenant_id)
            if tenant is None:
                continue
            connection_id = grant.connection_ids.setdefault(tenant_id, new_id())
            result.append(
                {
                    "id": connection_id,
                    "authEventId": grant.auth_event_id,
                    "tenantId": tenant_id,
                    "tenantType": "ORGANISATION",
                    "tenantName": tenant.name,
                    "createdDateUtc": "2024-01-01T00:00:00.0000000",
                    "updatedDateUtc": "2024-01-01T00:00:00.0000000",
                }
            )
        return result

    def delete_connection(self, grant, connection_id):
        with self.state.lock:
            for tenant_id, known in list(grant.connection_ids.items()):
                if known == connection_id:
                    grant.tenant_ids.remove(tenant_id)
                    del grant.connection_ids[tenant_id]
                    return True
        return False

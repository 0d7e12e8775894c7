"""Everything the emulator remembers: organisations (tenants) and their records, OAuth
grants and tokens, rate-limit counters, injected faults and the log of requests.

All mutation happens under ``EmulatorState.lock``; the WSGI server is threaded.
"""

import datetime as dt
import os
import pickle
import secrets
import threading
from dataclasses import dataclass, field

from .clock import Clock
from .xerojson import new_id

# The collections each organisation holds, keyed by the Accounting API's names.
COLLECTIONS = (
    "Contacts",
    "Items",
    "Invoices",
    "CreditNotes",
    "PurchaseOrders",
    "Quotes",
    "Payments",
    "TaxRates",
    "Accounts",
    "BrandingThemes",
    "TrackingCategories",
    "Currencies",
    "ContactGroups",
)

ACCESS_TOKEN_SECONDS = 1800
REFRESH_GRACE_SECONDS = 30 * 60
REFRESH_LIFETIME_DAYS = 60
IDEMPOTENCY_SECONDS = 6 * 60
# calls a day per organisation under the tiers of March 2026 (Xero's pricing FAQ as
# reported by accountingtoday.com): Starter 1,000, the others 5,000
DAILY_LIMIT_BY_TIER = {"starter": 1000, "standard": 5000}


@dataclass
class Limits:
    per_minute: int = 60
    per_day: int = 5000
    concurrent: int = 5
    app_per_minute: int = 10000
    # invoices Xero emails for an organisation in a day (inferred: docs/xero-fidelity.md)
    emails_per_day: int = 1000


@dataclass
class Tenant:
    tenant_id: str
    name: str
    short_code: str
    base_currency: str = "NZD"
    country: str = "NZ"
    period_lock_date: object = None
    # the emulator's one clock (``EmulatorState.clock``): every date Xero fills in reads it
    clock: Clock = None
    records: dict = field(default_factory=lambda: {name: {} for name in COLLECTIONS})
    history: dict = field(default_factory=dict)  # record id -> [HistoryRecord]
    counters: dict = field(default_factory=dict)  # "INV" -> last number used
    idempotency: dict = field(default_factory=dict)  # key -> (fingerprint, response, time)
    minute_window: tuple = (None, 0)  # (window start, calls)
    day_window: tuple = (None, 0)
    in_flight: int = 0
    last_write: dt.datetime = None
    webhook_url: str = None
    webhook_key: str = None
    webhook_auto: bool = False
    # deliveries failing since (Xero's clock); after WEBHOOK_RETRY_HOURS of failures Xero
    # disables the webhook until someone re-enables it in the app's settings
    webhook_failing_since: dt.datetime = None
    webhook_disabled: bool = False
    pending_events: list = field(default_factory=list)
    emails_sent: list = field(default_factory=list)  # {"InvoiceID", "To", "DateUTC"}
    indexes: dict = field(default_factory=dict)  # see indexes.py

    def __getstate__(self):
        # the clock is the emulator's, not the organisation's: a saved state leaves it out
        # and ``EmulatorState.load`` gives the tenants the running emulator's
        return dict(self.__dict__, clock=None)

    def next_number(self, prefix):
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return "%s-%04d" % (prefix, self.counters[prefix])


@dataclass
class Consent:
    """A user's consent to one app: the organisations connected, each with its
    connection id. Every sign-in of that user to that app adds to the same one, and
    revoking any of its refresh tokens removes all its connections (Xero's revocation
    "removes all their connections to your app")."""

    client_id: str
    user: str
    tenant_ids: list = field(default_factory=list)
    connection_ids: dict = field(default_factory=dict)  # tenant id -> connection id


@dataclass
class Grant:
    """One sign-in's tokens, reaching the organisations of its user's consent."""

    grant_id: str
    client_id: str
    scope: str
    consent: Consent
    auth_event_id: str = field(default_factory=new_id)
    access_token: str = None
    access_expires: dt.datetime = None
    refresh_token: str = None
    refresh_expires: dt.datetime = None
    # a rotated-out refresh token stays usable for a grace period and then replays the
    # tokens that replaced it, so a client that lost the refresh response can recover
    previous_refresh: str = None
    previous_until: dt.datetime = None
    last_issued: dict = None
    revoked: bool = False

    @property
    def tenant_ids(self):
        return self.consent.tenant_ids

    @property
    def connection_ids(self):
        return self.consent.connection_ids


class EmulatorState:
    def __init__(self):
        self.lock = threading.RLock()
        # notified whenever a tenant's calls in flight change, for tests that need to
        # act while requests are being served
        self.activity = threading.Condition(self.lock)
        self.clock = Clock()
        self.reset()

    def reset(self):
        with self.lock:
            self.tenants = {}
            self.grants = {}
            self.consents = {}  # (client id, user) -> Consent
            self.codes = {}  # authorization code -> pending grant data
            self.faults = []  # list of dicts, consumed in order
            self.requests = []  # log of requests received
            self.limits = Limits()
            self.token_seconds = ACCESS_TOKEN_SECONDS
            self.custom_tenant_id = None  # the tenant a client_credentials token reaches
            # client id -> the app as registered at developer.xero.com (``app_for``); an
            # app is registered through the admin API or on its first use
            self.apps = {}
            self.idempotency_seconds = IDEMPOTENCY_SECONDS
            self.max_page_size = None  # a server answering smaller pages than asked
            self.clock.reset()

    # -- tenants ------------------------------------------------------------------
    def add_tenant(self, name, short_code=None, base_currency="NZD", country="NZ"):
        with self.lock:
            tenant = Tenant(
                tenant_id=new_id(),
                name=name,
                base_currency=base_currency,
                country=country,
                short_code=short_code or "!" + secrets.token_urlsafe(4)[:5],
                clock=self.clock,
            )
            self.tenants[tenant.tenant_id] = tenant
            return tenant

    # -- apps ----------------------------------------------------------------------------
    def app_for(self, client_id):
        """The app's registration, made now if the app is unknown: ``granular_only`` (created
        on or after 2 March 2026; an unknown app is an older one), ``scopes`` (of a custom
        connection), ``client_secret`` and ``redirect_uris``. A secret or redirect URI the
        admin API left out is the first one the app presents, as if its developer had
        created it so at developer.xero.com."""
        app = self.apps.setdefault(client_id, {})
        for name, default in (("granular_only", False), ("scopes", None), ("client_secret", None)):
            app.setdefault(name, default)
        app.setdefault("redirect_uris", [])
        return app

    # -- consents and tokens ---------------------------------------------------------
    def consent_for(self, client_id, user, tenant_ids):
        """The user's consent to the app, with these organisations connected too."""
        consent = self.consents.setdefault((client_id, user), Consent(client_id=client_id, user=user))
        consent.tenant_ids.extend(t for t in tenant_ids if t not in consent.tenant_ids)
        return consent

    def issue_tokens(self, grant, with_refresh=True):
        now = self.clock.now()
        grant.access_token = secrets.token_urlsafe(32)
        grant.access_expires = now + dt.timedelta(seconds=self.token_seconds)
        if with_refresh:
            grant.refresh_token = secrets.token_urlsafe(32)
            grant.refresh_expires = now + dt.timedelta(days=REFRESH_LIFETIME_DAYS)
        record_secret(grant.access_token, grant.refresh_token if with_refresh else None)
        issued = {
            "access_token": grant.access_token,
            "expires_in": self.token_seconds,
            "token_type": "Bearer",
            "scope": grant.scope,
        }
        if with_refresh:
            issued["refresh_token"] = grant.refresh_token
        grant.last_issued = issued
        return issued

    def grant_for_access_token(self, token):
        for grant in self.grants.values():
            if grant.access_token == token and not grant.revoked:
                return grant
        return None

    def grant_for_refresh_token(self, token):
        """The grant and whether the token is its current one (False: in its grace)."""
        now = self.clock.now()
        for grant in self.grants.values():
            if grant.revoked:
                continue
            if grant.refresh_token == token and grant.refresh_expires > now:
                return grant, True
            if grant.previous_refresh == token and grant.previous_until > now:
                return grant, False
        return None, False

    # -- persistence ---------------------------------------------------------------
    _PERSISTED = ("tenants", "grants", "consents", "limits", "token_seconds", "custom_tenant_id", "apps")

    def save(self, path):
        with self.lock, open(path, "wb") as handle:
            pickle.dump({name: getattr(self, name) for name in self._PERSISTED}, handle)

    def load(self, path):
        # the state file is the emulator's own output, never a file from elsewhere
        with self.lock, open(path, "rb") as handle:
            for name, value in pickle.load(handle).items():
                setattr(self, name, value)
            for tenant in self.tenants.values():
                tenant.clock = self.clock


def record_secret(*values):
    """With XERO_EMULATOR_SECRETS_FILE set, note each secret the emulator issues or is
    given (tokens, client secrets, webhook keys): the test run then checks that none of
    them reached the client's logs."""
    path = os.environ.get("XERO_EMULATOR_SECRETS_FILE")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for value in values:
            if value:
                handle.write(str(value) + "\n")

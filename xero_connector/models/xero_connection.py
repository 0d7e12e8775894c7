"""``xero.connection``: one company's link to one Xero organisation, how it
authenticates (OAuth2 app or custom connection) and the lifecycle buttons.

Secrets (the client secret, the webhook key, the tokens) live on
``xero.connection.token``, which only system administrators can read: a Xero
administrator sets the client secret and the webhook key through write-only fields.
Tokens are refreshed in a transaction of their own under a row lock, so that two
workers never both spend a rotating refresh token and a job that rolls back never
loses the new one. Xero's hosts are fixed in code; another (the emulator, a proxy)
comes only from the server's configuration file (``xero_base_url``).
"""

import contextlib
import datetime
import hmac
import logging
import secrets
import time

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import config

from ..access import XERO_ADMIN, xero_role
from ..engine import SyncRun
from ..engine.budget import SharedBudget
from ..engine.log import RunStats, XeroConnectionUnusable
from ..odoo_series import Constraint
from ..xero import scopes
from ..xero.client import XeroClient, XeroEndpoints, XeroEndpointsRefused, pkce_pair
from ..xero.errors import XeroError, XeroGrantRevoked, XeroTransient

_logger = logging.getLogger(__name__)

# Refresh this long before expiry: more than the SDK's own 60 s margin, so that the
# SDK never decides to refresh by itself.
REFRESH_MARGIN_SECONDS = 120
REFRESH_ATTEMPTS = 3
CALLBACK_PATH = "/xero/oauth/callback"
# how long a user's click may wait for room in Xero's rate limits; longer, and the work
# is left to the routine sync, which waits in a cron worker instead
INTERACTIVE_BUDGET_WAIT = 5
# the server configuration key that points the connector at another Xero (the emulator)
BASE_URL_KEY = "xero_base_url"
# a sign-in not completed within this long is refused
OAUTH_STATE_LIFETIME = datetime.timedelta(minutes=10)
# how long a refresh waits for another worker's, beyond that worker's own time-out
REFRESH_LOCK_MARGIN_SECONDS = 15
# what a change of decides which app, and how, the tokens were issued to
AUTHENTICATION_FIELDS = ("auth_mode", "client_id")


def write_only_secret(inverse, help_text):
    """A secret a Xero administrator types into the form: the inverse puts it on the
    secrets' model (``xero.connection.token``); reading it gives nothing back."""
    return fields.Char(
        compute="_compute_secret_fields",
        inverse=inverse,
        groups="xero_connector.group_xero_manager",
        copy=False,
        help=help_text,
    )


class XeroConnection(models.Model):
    _name = "xero.connection"
    _description = "Xero Connection"
    _inherit = ["mail.thread"]
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade", default=lambda self: self.env.company
    )
    auth_mode = fields.Selection(
        [("oauth", "Xero app (OAuth2 sign-in)"), ("custom", "Custom connection (client credentials)")],
        required=True,
        default="oauth",
        tracking=True,
        help="A Xero app asks an administrator to sign in to Xero and choose the organisation. "
        "A custom connection is bought in Xero for one organisation and needs no sign-in.",
    )
    state = fields.Selection(
        [("draft", "Not connected"), ("connected", "Connected"), ("error", "Error"), ("disconnected", "Disconnected")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    client_id = fields.Char("Client ID", groups="xero_connector.group_xero_manager", copy=False)
    client_secret = write_only_secret(
        "_inverse_client_secret", "Kept where only the system can read it: type a new one to replace it."
    )
    client_secret_set = fields.Boolean(compute="_compute_secret_fields")
    request_timeout = fields.Integer(
        default=30,
        groups="xero_connector.group_xero_manager",
        help="Seconds to wait for Xero's answer before giving up (1 to 120).",
    )
    tenant_id = fields.Char("Organisation ID", readonly=True, copy=False, index=True)
    tenant_name = fields.Char("Organisation", readonly=True, copy=False)
    short_code = fields.Char(
        readonly=True, copy=False, help="Xero's short code of the organisation, used in links to Xero."
    )
    xero_connection_id = fields.Char(
        readonly=True, copy=False, help="Xero's id of this app's connection to the organisation."
    )
    tenant_option_ids = fields.One2many(
        "xero.connection.tenant", "connection_id", string="Organisations to choose from"
    )
    last_error = fields.Text(readonly=True, copy=False)
    connected_date = fields.Datetime(readonly=True, copy=False)

    _company_uniq = Constraint("unique(company_id)", "A company can be connected to one Xero organisation only.")

    @api.constrains("request_timeout")
    def _check_request_timeout(self):
        if any(not 1 <= connection.request_timeout <= 120 for connection in self):
            raise ValidationError(_("Xero's answer is awaited between 1 and 120 seconds."))

    @api.depends_context("uid")
    def _compute_secret_fields(self):
        stored = {
            secret.connection_id.id: secret
            for secret in self.env["xero.connection.token"].sudo().search([("connection_id", "in", self.ids)])
        }
        for connection in self:
            secret = stored.get(connection.id)
            connection.client_secret = False
            connection.webhook_key = False
            connection.client_secret_set = bool(secret and secret.client_secret)
            connection.webhook_key_set = bool(secret and secret.webhook_key)

    def _inverse_client_secret(self):
        for connection in self:
            connection._xero_secrets().client_secret = connection.client_secret or False
        self.invalidate_recordset(["client_secret_set"])

    def write(self, vals):
        if "company_id" in vals and any(connection.company_id.id != vals["company_id"] for connection in self):
            raise UserError(_("A Xero connection stays with the company it was made for: make a new one instead."))
        changed = self.filtered(
            lambda connection: any(name in vals and connection[name] != vals[name] for name in AUTHENTICATION_FIELDS)
        )
        result = super().write(vals)
        for connection in changed:
            # tokens belong to the app and the way they were issued: they go with them
            connection._xero_secrets()._forget_authorization()
            if connection.state != "draft":
                connection.write({"state": "draft", "xero_connection_id": False, "last_error": False})
        return result

    @api.depends("company_id.name", "tenant_name")
    def _compute_name(self):
        for connection in self:
            connection.name = "%s → %s" % (connection.company_id.name, connection.tenant_name or _("Xero"))

    # -- public entry points ----------------------------------------------------------------
    @xero_role(XERO_ADMIN, access="write")
    def action_connect(self):
        """Start connecting: a custom connection connects at once; an OAuth2 app sends the
        administrator to Xero to sign in, and the callback finishes the job."""
        self.ensure_one()
        return self._xero_connect()

    def _xero_connect(self):
        self._check_xero_settings()
        if self.auth_mode == "custom":
            client = self._xero_client()
            try:
                token = client.client_credentials_token()
            except XeroError as error:
                return self._xero_fail(error)
            self._xero_store_token(token)
            return self._xero_after_authorization(client)
        verifier, challenge = pkce_pair()
        state = "%d.%s" % (self.id, secrets.token_urlsafe(32))
        self._xero_secrets().write(
            {
                "oauth_state": state,
                "code_verifier": verifier,
                "oauth_user_id": self.env.uid,
                "oauth_started": fields.Datetime.now(),
            }
        )
        url = self._xero_client().authorization_url(
            self._xero_redirect_uri(), state, challenge, scope=self._xero_requested_scopes()
        )
        return {"type": "ir.actions.act_url", "url": url, "target": "self"}

    @xero_role(XERO_ADMIN, access="write")
    def action_disconnect(self):
        """Remove this connection's organisation from the app in Xero and forget the
        tokens. The authorisation itself is revoked only when it reaches no other
        organisation: Xero's revocation removes every organisation the signing user
        connected to the app, another Odoo company's among them."""
        for connection in self:
            problem = None
            stored = connection._xero_secrets()
            if connection.auth_mode == "oauth" and stored.refresh_token:
                client = connection._xero_client()
                try:
                    if connection.xero_connection_id:
                        client.delete_connection(connection.xero_connection_id)
                    if not client.connections():
                        client.revoke(stored.refresh_token)
                except XeroError as error:
                    # the local tokens go anyway: a disconnect must never be refused
                    problem = error.user_message(self.env._)
            stored._forget_authorization()
            connection.write({"state": "disconnected", "last_error": problem, "xero_connection_id": False})
            connection.tenant_option_ids.unlink()
            connection.message_post(body=_("Disconnected from Xero by %s.", self.env.user.name))
        return True

    @xero_role(XERO_ADMIN, access="write")
    def action_reconnect(self):
        self.ensure_one()
        self.write({"state": "draft", "last_error": False})
        return self._xero_connect()

    # -- authorization ----------------------------------------------------------------------
    @api.model
    def _xero_from_oauth_state(self, state):
        """The connection that started the authorization ``state`` names, or an empty
        recordset. The state is single-use: it is cleared here, whatever follows. It is
        honoured only for the user who clicked Connect, within ten minutes."""
        connection_id, _dot, _secret = (state or "").partition(".")
        if not connection_id.isdigit():
            return self.browse()
        connection = self.sudo().browse(int(connection_id)).exists()
        if not connection:
            return self.browse()
        stored = connection._xero_secrets()
        expected, verifier = stored.oauth_state, stored.code_verifier
        if not expected or not hmac.compare_digest(expected.encode(), state.encode()):
            return self.browse()
        started_by, started = stored.oauth_user_id, stored.oauth_started
        stored.write({"oauth_state": False, "code_verifier": False, "oauth_user_id": False, "oauth_started": False})
        if started_by.id != self.env.uid or not started or started + OAUTH_STATE_LIFETIME < fields.Datetime.now():
            _logger.warning("Xero connection %s: a sign-in of another user, or expired, was refused", connection.id)
            return self.browse()
        return connection.with_env(self.env).with_context(xero_code_verifier=verifier)

    def _xero_sign_in_refused(self, error, description=None):
        """Xero sent the administrator back with an OAuth error instead of a code."""
        self.ensure_one()
        if error in ("invalid_scope", "unauthorized_client"):
            broad = scopes.broad_scopes_in(self._xero_requested_scopes())
            if broad:
                advice = _(
                    "A Xero app created on or after 2 March 2026 may not ask for %(scopes)s: choose "
                    '"Granular scopes" on the Connection tab, then click Connect again.',
                    scopes=", ".join(broad),
                )
            else:
                advice = _(
                    "Check that the scopes asked for (%(scopes)s) are enabled for your app at "
                    "developer.xero.com, then click Connect again.",
                    scopes=self._xero_requested_scopes(),
                )
            message = _(
                "Xero refused the scopes this connection asked for (%(error)s: %(description)s). %(advice)s",
                error=error,
                description=description or _("no description"),
                advice=advice,
            )
        else:
            message = _("Xero did not authorise the connection (%s). Click Connect to try again.", error)
        _logger.warning("Xero connection %s: sign-in refused: %s", self.id, error)
        self.write({"state": "error", "last_error": message})
        return False

    def _xero_complete_authorization(self, code):
        """The OAuth2 callback's second half: exchange the code, then pick the organisation."""
        self.ensure_one()
        client = self._xero_client()
        try:
            token = client.exchange_code(code, self._xero_redirect_uri(), self.env.context.get("xero_code_verifier"))
        except XeroError as error:
            return self._xero_fail(error)
        self._xero_store_token(token)
        return self._xero_after_authorization(client)

    def _xero_after_authorization(self, client):
        try:
            organisations = client.connections()
        except XeroError as error:
            return self._xero_fail(error)
        self.tenant_option_ids.unlink()
        if len(organisations) == 1:
            only = organisations[0]
            return self._xero_use_tenant(only["tenant_id"], only["tenant_name"], only["id"], client)
        if not organisations:
            return self._xero_fail(XeroError(_("The authorisation reaches no Xero organisation.")))
        self.write(
            {
                "state": "draft",
                "last_error": False,
                "tenant_option_ids": [
                    fields.Command.create(
                        {
                            "name": o["tenant_name"],
                            "tenant_id": o["tenant_id"],
                            "xero_connection_id": o["id"],
                        }
                    )
                    for o in organisations
                ],
            }
        )
        return True

    def _xero_use_tenant(self, tenant_id, tenant_name, xero_connection_id, client=None):
        self.ensure_one()
        client = client or self._xero_client()
        try:
            organisation = client.organisation(tenant_id)
        except XeroError as error:
            return self._xero_fail(error)
        self.write(
            {
                "tenant_id": tenant_id,
                "tenant_name": tenant_name,
                "xero_connection_id": xero_connection_id,
                "short_code": organisation.short_code,
                "state": "connected",
                "last_error": False,
                "scope_problem": False,
                "connected_date": fields.Datetime.now(),
                "tenant_option_ids": [fields.Command.clear()],
            }
        )
        self.message_post(
            body=_(
                "Connected to the Xero organisation %(name)s by %(user)s.", name=tenant_name, user=self.env.user.name
            )
        )
        return True

    def _xero_fail(self, error):
        _logger.warning("Xero connection %s: %s", self.id, error.message)
        self.write({"state": "error", "last_error": error.user_message(self.env._)})
        return False

    def _check_xero_settings(self):
        for connection in self.sudo():
            if not connection.client_id or not connection._xero_secrets().client_secret:
                raise UserError(_("Enter the Client ID and Client secret of your Xero app first."))

    def _xero_redirect_uri(self):
        return self.get_base_url() + CALLBACK_PATH

    @api.model
    def _xero_endpoints(self):
        """Xero's own addresses, or those of the server's ``xero_base_url``."""
        try:
            return XeroEndpoints.for_base_url(config.get(BASE_URL_KEY))
        except XeroEndpointsRefused as refused:
            _logger.error("Xero: the server's %s is refused: %s", BASE_URL_KEY, refused)
            raise UserError(
                _(
                    "The server's configuration points Xero at an address the connector refuses (%s). "
                    "A system administrator corrects xero_base_url in the configuration file.",
                    refused,
                )
            ) from None

    # -- tokens -----------------------------------------------------------------------------
    def _xero_secrets(self):
        """The connection's secrets record (created on first use), in sudo mode: the one
        way the connector reaches its tokens. Never hand it to a view or a log."""
        self.ensure_one()
        Token = self.env["xero.connection.token"].sudo()
        secrets_record = Token.search([("connection_id", "=", self.id)], limit=1)
        return secrets_record or Token.create({"connection_id": self.id})

    def _xero_store_token(self, token):
        self._xero_secrets().write(self.env["xero.connection.token"]._values_from_token(token))

    def _xero_token(self, force_refresh=False, failed_access_token=None):
        """A valid token dict. Refreshing happens in its own transaction under a row
        lock: a second worker waits, then finds the token already refreshed."""
        self.ensure_one()
        current = self._xero_secrets()._as_token_dict()
        if (
            not force_refresh
            and current["access_token"]
            and current["expires_at"] > time.time() + REFRESH_MARGIN_SECONDS
        ):
            return current
        # what this transaction wrote must reach the database before another transaction
        # looks at the rows (and so that it is not flushed over the refresh's writes later)
        self.env.flush_all()
        for attempt in range(1, REFRESH_ATTEMPTS + 1):
            try:
                token, revoked, recorded = self._xero_refresh_in_own_transaction(force_refresh, failed_access_token)
                break
            except psycopg2.errors.SerializationFailure:
                # another worker refreshed while we waited for the lock: look again
                if attempt == REFRESH_ATTEMPTS:
                    raise
        self.env["xero.connection.token"].invalidate_model()
        self.invalidate_recordset(["state", "last_error"])
        if revoked:
            if not recorded:
                self.write({"state": "disconnected", "last_error": revoked})
            raise XeroConnectionUnusable(revoked)
        return token

    def _xero_refresh_in_own_transaction(self, force_refresh, failed_access_token):
        """Returns (token, revoked message, whether the disconnection was recorded)."""
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr, su=True)
            # another worker refreshing holds the row for at most its call's time-out
            wait = (self.sudo().request_timeout or 30) + 5 + REFRESH_LOCK_MARGIN_SECONDS
            cr.execute("SET LOCAL lock_timeout = %s", ["%ds" % wait])
            try:
                cr.execute("SELECT id FROM xero_connection_token WHERE connection_id = %s FOR NO KEY UPDATE", [self.id])
            except psycopg2.errors.LockNotAvailable:
                raise XeroTransient(
                    _("Another worker is renewing this connection's Xero token; the next run tries again.")
                ) from None
            row = cr.fetchone()
            if not row:
                raise XeroConnectionUnusable(_("This Xero connection has no tokens: connect it first."))
            stored = env["xero.connection.token"].browse(row[0])
            latest = stored._as_token_dict()
            fresh_enough = latest["expires_at"] > time.time() + REFRESH_MARGIN_SECONDS
            refreshed_by_other = force_refresh and latest["access_token"] != failed_access_token
            if latest["access_token"] and (refreshed_by_other or fresh_enough and not force_refresh):
                return latest, None, False
            connection = env["xero.connection"].browse(self.id)
            client = connection._xero_client(token_getter=lambda: latest)
            try:
                if connection.auth_mode == "custom":
                    token = client.client_credentials_token()
                elif latest["refresh_token"]:
                    token = client.refresh_token(latest["refresh_token"], latest["scope"])
                else:
                    raise XeroGrantRevoked(_("no refresh token"))
            except XeroGrantRevoked:
                message = _(
                    "Xero no longer accepts this connection's authorisation (it was revoked, "
                    "or unused for 60 days). Click Reconnect and sign in to Xero again."
                )
                stored.write({"access_token": False, "refresh_token": False, "expires_at": 0.0})
                # Record the disconnection here, committed even if the caller rolls back,
                # unless the caller's transaction holds the connection row: then waiting
                # for it would deadlock, and the caller records it instead.
                cr.execute(
                    """
                    UPDATE xero_connection SET state = 'disconnected', last_error = %s,
                           write_date = now() at time zone 'UTC'
                     WHERE id IN (SELECT id FROM xero_connection WHERE id = %s
                                  FOR NO KEY UPDATE SKIP LOCKED)
                 RETURNING id""",
                    [message, self.id],
                )
                recorded = bool(cr.fetchone())
                _logger.warning("Xero connection %s: authorisation refused (invalid_grant)", self.id)
                return None, message, recorded
            stored.write(env["xero.connection.token"]._values_from_token(token))
            _logger.info("Xero connection %s: access token refreshed", self.id)
            return stored._as_token_dict(), None, False

    @contextlib.contextmanager
    def _xero_clicked(self, entity_name, direction="pull"):
        """A click's calls to Xero (a button, a wizard, a read of reference data): one
        run's client, whose calls and what Xero says is left are recorded as a routine
        run's are, so that the dashboard's calls today count them. Yields the run."""
        self.ensure_one()
        run = SyncRun(self)
        try:
            yield run
        except Exception:
            if run.client.calls:
                run.log(entity_name, direction, RunStats(), calls=run.client.calls)
                # the click failed, and its transaction may go with it: what Xero said is
                # left is kept in a transaction of its own (which waits 5 s at most)
                run.record_quota()
            raise
        else:
            if run.client.calls:
                run.log(entity_name, direction, RunStats(), calls=run.client.calls)
                # in the click's own transaction: written in one of its own, it would update
                # the connection's row under the click's feet, and the click's own write of
                # that row would then fail to serialize
                run.record_quota(in_transaction=True)

    def _xero_client(self, token_getter=None):
        """The XeroClient for this connection; tokens come from ``_xero_token``."""
        self.ensure_one()
        connection = self.sudo()
        endpoints = self._xero_endpoints()
        holder = {}

        def current_token():
            if "token" not in holder or holder["token"]["expires_at"] <= time.time() + REFRESH_MARGIN_SECONDS:
                holder["token"] = self._xero_token()
            return holder["token"]

        def force_refresh():
            failed = holder.get("token", {}).get("access_token")
            holder["token"] = self._xero_token(force_refresh=True, failed_access_token=failed)

        timeout = connection.request_timeout or 30
        budget = SharedBudget(
            self.env.registry.cursor,
            company_id=connection.company_id.id,
            max_wait=INTERACTIVE_BUDGET_WAIT if request else None,
            call_timeout=2 * timeout + 30,
        )
        return XeroClient(
            endpoints,
            connection.client_id,
            connection._xero_secrets().client_secret,
            token_getter=token_getter or current_token,
            on_unauthorized=force_refresh,
            timeout=(5, timeout),
            budget=budget,
        )

"""The sync's entry points on ``xero.connection``: the routine cron, Sync now, the
pushes of buttons, webhook queueing, and the settings a run reads (budget, conflicts,
webhooks). A run itself is ``engine.SyncRun``."""

import contextlib
import logging

import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError

from ..access import XERO_ADMIN, xero_role
from ..engine import SyncRun, schedule
from ..engine.log import committing
from ..odoo_series import report_cron_progress
from ..xero import entities
from .xero_connection import write_only_secret

_logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_MINUTES = 5
# the first key of the advisory locks that keep one run per connection at a time
RUN_LOCK_NAMESPACE = 0x5845524F  # "XERO"


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    webhook_key = write_only_secret(
        "_inverse_webhook_key",
        "The key Xero shows for this app's webhook; it signs deliveries. Type a new one to replace it.",
    )
    webhook_key_set = fields.Boolean(compute="_compute_secret_fields")
    conflict_policy = fields.Selection(
        [("xero", "Xero wins"), ("odoo", "Odoo wins"), ("review", "Flag for review")],
        default="xero",
        required=True,
        help="When the same field changed on both sides since the last sync.",
    )
    history_notes = fields.Boolean(
        "History Notes in Xero",
        default=True,
        help="Each update sent to Xero adds a note to the record's history there saying what changed and who "
        "changed it: one more call per record. Skipped while the day's calls are down to the reserve.",
    )
    daily_api_reserve = fields.Integer(
        help="Calls of Xero's daily limit that routine syncs leave for interactive clicks; 0: a tenth of "
        "the daily limit Xero shows (1,000 on the Starter tier, 5,000 on the others)."
    )
    api_day_limit = fields.Integer(
        "Daily Call Limit",
        readonly=True,
        copy=False,
        help="Learnt from the calls Xero says are left: 1,000 a day on the Starter tier, 5,000 on the others.",
    )
    webhook_last_date = fields.Datetime(
        readonly=True, copy=False, help="When Xero last sent a correctly signed delivery to the webhook."
    )
    webhook_lost_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="When a read of Xero found changes that no webhook delivery had announced: until Xero "
        "delivers again, the connection reads Xero on its normal schedule.",
    )
    webhook_problem = fields.Char(compute="_compute_webhook_problem")
    scope_problem = fields.Text(
        readonly=True, copy=False, help="What Xero refused for lack of a scope during the last run."
    )
    api_day_remaining = fields.Integer("Calls Left Today", readonly=True, copy=False)
    api_minute_remaining = fields.Integer("Calls Left This Minute", readonly=True, copy=False)
    last_sync_date = fields.Datetime(readonly=True, copy=False)
    webhook_url = fields.Char(
        compute="_compute_webhook_url", help="Paste this address into your Xero app's webhook settings."
    )
    sync_interval_minutes = fields.Integer(
        "Sync Every (minutes)",
        default=DEFAULT_INTERVAL_MINUTES,
        required=True,
        help="How often the routine sync of this connection runs.",
    )
    cron_id = fields.Many2one(
        "ir.cron",
        "Scheduled Action",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_system",
        help="Runs this connection's routine sync; any cron worker on any node may take it.",
    )

    @api.constrains("sync_interval_minutes")
    def _check_sync_interval(self):
        if any(connection.sync_interval_minutes < 1 for connection in self):
            raise ValidationError(_("The routine sync runs at least every minute."))

    def _compute_webhook_url(self):
        for connection in self:
            connection.webhook_url = connection.get_base_url() + "/xero/webhook"

    # -- the routine sync -----------------------------------------------------------------------
    def _cron_xero_sync(self):
        """The routine sync of these connections (of every connected one when called on
        the model): each runs if no other worker is running it, and its failure is its
        own. Every connection has a scheduled action of its own that calls this, so
        Odoo's cron workers, on any node, sync several organisations at once."""
        # exists(): a scheduled action may outlive its connection by a moment
        connections = (self or self.search([])).exists().filtered(lambda c: c.state == "connected")
        for done, connection in enumerate(connections.with_context(xero_scheduled=True), 1):
            connection._xero_sync_alone()
            if committing():  # Odoo's tests run in one transaction
                report_cron_progress(self.env, done=done, remaining=len(connections) - done)

    def _xero_sync_alone(self):
        """One run, unless another worker (a cron on another node, a Sync now) is running
        this connection already: None then, else whether the run went to the end."""
        with self._xero_claim() as claimed:
            if not claimed:
                _logger.info("Xero connection %s: a sync is already running elsewhere; this one is skipped", self.id)
                return None
            _logger.info("Xero connection %s: sync started", self.id)
            completed = self._xero_sync()
            _logger.info("Xero connection %s: sync finished", self.id)
            return completed

    @contextlib.contextmanager
    def _xero_claim(self):
        """Hold this connection's run lock, if no one holds it. A session-level advisory
        lock: it outlives the run's commits and dies with its database connection, so a
        worker that crashes leaves nothing to clean up."""
        self.ensure_one()
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_lock(%s, %s)", [RUN_LOCK_NAMESPACE, self.id])
        claimed = cr.fetchone()[0]
        try:
            yield claimed
        finally:
            if claimed:
                if cr._cnx.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INERROR:
                    cr.rollback()  # or the unlock would fail, and the lock outlive the run
                cr.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK_NAMESPACE, self.id])

    def _xero_sync(self):
        """One run for this connection; True when it went to the end."""
        return SyncRun(self).run()

    @xero_role(XERO_ADMIN, access="write")
    def action_xero_sync_now(self):
        """The Sync now button: one run for this connection, at once, reading everything."""
        self.ensure_one()
        # once allowed, the run acts for the company, as the routine sync does: what it
        # reads and writes (products, orders) is not the administrator's to be refused
        if self.sudo().with_context(xero_scheduled=False)._xero_sync_alone() is None:
            self.env.user._bus_send(
                "simple_notification",
                {
                    "type": "info",
                    "title": _("Xero"),
                    "message": _("A sync of %s is running already: it sends and reads everything waiting.", self.name),
                },
            )
        return True

    # -- each connection's scheduled action -----------------------------------------------------
    def _xero_cron(self):
        """This connection's scheduled action, made on first use: it runs the routine
        sync of this connection alone, every ``sync_interval_minutes``."""
        self.ensure_one()
        connection = self.sudo()
        if not connection.cron_id:
            connection.cron_id = (
                self.env["ir.cron"]
                .sudo()
                .create(
                    {
                        "name": _("Xero: sync %s", connection.name),
                        "model_id": self.env["ir.model"]._get_id(self._name),
                        "state": "code",
                        "code": "model.browse(%d)._cron_xero_sync()" % self.id,
                        "interval_number": connection.sync_interval_minutes or DEFAULT_INTERVAL_MINUTES,
                        "interval_type": "minutes",
                        "user_id": SUPERUSER_ID,
                        "active": connection.state == "connected",
                    }
                )
            )
        return connection.cron_id

    def _xero_wake(self, when=None):
        """Have the routine sync run for these connections at ``when`` (now by default)."""
        for connection in self:
            connection._xero_cron()._trigger(when)

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            # a connection's scheduled action runs while it is connected
            for connection in self:
                if connection.state == "connected" or connection.sudo().cron_id:
                    connection._xero_cron().active = connection.state == "connected"
        if "sync_interval_minutes" in vals:
            self.sudo().cron_id.write({"interval_number": vals["sync_interval_minutes"], "interval_type": "minutes"})
        return result

    def unlink(self):
        crons = self.sudo().cron_id
        result = super().unlink()
        crons.unlink()
        return result

    def _xero_refresh_links(self, links):
        """Read these linked records from Xero now and apply them."""
        SyncRun(self).refresh_links(links)

    def _xero_record_status(self, values, wait=True):
        """Write a run's figures (quota, last run) in a transaction of their own: many
        workers record them for one connection at once, and a run must never fail on
        another's update of the row (a click writes its own in its transaction).
        Without ``wait``, figures that another worker is writing right now are left to
        it (theirs are as fresh)."""
        self.ensure_one()
        for _attempt in range(3):
            try:
                with self.env.registry.cursor() as cr:
                    # never wait long: the transaction that called may hold the row itself
                    cr.execute("SET LOCAL lock_timeout = '5s'")
                    cr.execute(
                        "SELECT id FROM xero_connection WHERE id = %%s FOR NO KEY UPDATE%s"
                        % ("" if wait else " SKIP LOCKED"),
                        [self.id],
                    )
                    if cr.fetchone():
                        self.with_env(self.env(cr=cr)).sudo().write(values)
                break
            except psycopg2.errors.LockNotAvailable:
                _logger.info("Xero connection %s: figures not recorded, the connection is busy", self.id)
                break
            except psycopg2.errors.SerializationFailure:
                if not wait:
                    break
        self.invalidate_recordset(list(values))

    # -- what a run reads -----------------------------------------------------------------------
    def _xero_cursor(self, entity_name):
        """How far this connection has read ``entity_name`` (created on first use)."""
        Cursor = self.env["xero.sync.cursor"].sudo()
        cursor = Cursor.search([("connection_id", "=", self.id), ("entity", "=", entity_name)], limit=1)
        return cursor or Cursor.create({"connection_id": self.id, "entity": entity_name})

    def _inverse_webhook_key(self):
        for connection in self:
            secrets = connection._xero_secrets()
            secrets.webhook_key = connection.webhook_key or False
            # in the database at once: the webhook route reads keys in a request of its own
            secrets.flush_recordset(["webhook_key"])
        self.invalidate_recordset(["webhook_key_set", "webhook_problem"])

    @api.depends("webhook_lost_date", "webhook_last_date")
    def _compute_webhook_problem(self):
        for connection in self:
            if connection.webhook_key_set and schedule.webhooks_silent(connection):
                connection.webhook_problem = _(
                    "Xero is no longer delivering this app's webhook: a read on %s found changes no delivery "
                    "announced (Xero disables a webhook after a day of failed deliveries, for example while "
                    "Odoo was down). Changes now arrive by the routine reads, on their normal schedule. "
                    "Re-enable the webhook in your Xero app (developer.xero.com, My Apps, Webhooks).",
                    fields.Datetime.to_string(connection.webhook_lost_date),
                )
            else:
                connection.webhook_problem = False

    # -- webhooks -------------------------------------------------------------------------------
    def _xero_take_webhook_delivery(self, digest, events):
        """A delivery whose signature the keys of ``self`` verified, its body's SHA-256
        ``digest`` and its ``events``: queue what it names and wake those runs, and count
        it as a sign that webhooks work, only if it is news.
        A body already taken (Xero retrying, or someone posting a captured delivery) does
        nothing. Events older than Xero's day of retries are not queued: they can only be
        a replay, and the routine reads have long since brought those changes. A delivery
        with only such events says nothing of today's webhook; Xero's address check (no
        events) does: Xero sends it when the webhook is created or re-enabled."""
        new = self.env["xero.webhook.delivery"].sudo()._xero_take(self, digest, checks_address=not events)
        if not new:
            _logger.info("Xero webhook: delivery already taken, ignored")
            return
        recent = [event for event in events if isinstance(event, dict) and schedule.webhook_event_recent(self, event)]
        if len(recent) < len(events):
            _logger.warning("Xero webhook: %d events too old to be Xero's, ignored", len(events) - len(recent))
        if recent or not events:
            # webhooks that work leave the entities they report to the safety-net reads.
            # A connection whose row a run is writing keeps its date until the next
            # delivery: Xero is never kept waiting
            for connection in new:
                connection._xero_record_status({"webhook_last_date": fields.Datetime.now()}, wait=False)
        # only the organisations the events concern are woken
        new._xero_queue_webhook_events(recent)._xero_wake()

    def _xero_queue_webhook_events(self, events):
        """Queue the records the events name, for the connections of their tenants among
        ``self`` (those whose key signed the delivery). Returns the connections that got
        records to fetch."""
        by_category = {e.webhook_category: e for e in entities.all_entities() if e.webhook_category}
        Queue = self.env["xero.sync.queue"].sudo()
        queued = self.browse()
        for event in events:
            entity = by_category.get(str(event.get("eventCategory", "")).upper())
            tenant = event.get("tenantId")
            connection = self.filtered(lambda c, tenant=tenant: c.tenant_id == tenant)
            resource_id = str(event.get("resourceId") or "")
            if not entity or not connection or not resource_id:
                continue
            self.env.cr.execute(
                """
                INSERT INTO xero_sync_queue (connection_id, company_id, entity, xero_id, create_uid, write_uid,
                                             create_date, write_date)
                VALUES (%s, %s, %s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
                ON CONFLICT (connection_id, entity, xero_id) DO NOTHING""",
                [
                    connection[:1].id,
                    connection[:1].company_id.id,
                    entity.name,
                    resource_id,
                    self.env.uid,
                    self.env.uid,
                ],
            )
            if self.env.cr.rowcount:
                queued |= connection[:1]
        Queue.invalidate_model()
        return queued

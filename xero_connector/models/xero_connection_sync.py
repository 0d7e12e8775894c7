"""The sync engine's runs on ``xero.connection``: the routine cron, one run per
connection (pulls in ``xero_connection_pull.py``, pushes in ``xero_connection_push.py``),
the daily reserve and rate-limit deferral, webhook queueing and the sync log. Entities
come from the registry in ``xero/entities.py``."""
import datetime as dt
import logging
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..xero import entities, scopes
from ..xero.errors import XeroAuthError, XeroError, XeroRateLimited, XeroScopeError
from .xero_sync_tools import RunStats, auto_commit

_logger = logging.getLogger(__name__)

# when the daily reserve is reached, look again in an hour (Xero does not say when
# its daily window resets)
BUDGET_RETRY_SECONDS = 3600
# the daily limits of Xero's tiers since March 2026, and the one assumed until Xero shows it
DAY_LIMIT_TIERS = (1000, 5000)
DEFAULT_DAY_LIMIT = 5000
# an entity nothing changes in is read at most this seldom; one whose changes healthy
# webhooks report, only this often, as a safety net: an idle organisation costs well
# under 100 calls a day
MAX_QUIET_WAIT = dt.timedelta(hours=2)
WEBHOOK_SAFETY_NET = dt.timedelta(hours=6)
WEBHOOK_HEALTHY_DAYS = 7


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    webhook_key = fields.Char(groups="xero_connector.group_xero_manager", copy=False,
                              help="The key Xero shows for this app's webhook; it signs deliveries.")
    conflict_policy = fields.Selection(
        [("xero", "Xero wins"), ("odoo", "Odoo wins"), ("review", "Flag for review")],
        default="xero", required=True,
        help="When the same field changed on both sides since the last sync.")
    daily_api_reserve = fields.Integer(
        help="Calls of Xero's daily limit that routine syncs leave for interactive clicks; 0: a tenth of "
             "the daily limit Xero shows (1,000 on the Starter tier, 5,000 on the others).")
    api_day_limit = fields.Integer(
        "Daily Call Limit", readonly=True, copy=False,
        help="Learnt from the calls Xero says are left: 1,000 a day on the Starter tier, 5,000 on the others.")
    webhook_last_date = fields.Datetime(
        readonly=True, copy=False, help="When Xero last sent a correctly signed delivery to the webhook.")
    scope_problem = fields.Text(readonly=True, copy=False,
                                help="What Xero refused for lack of a scope during the last run.")
    api_day_remaining = fields.Integer("Calls Left Today", readonly=True, copy=False)
    api_minute_remaining = fields.Integer("Calls Left This Minute", readonly=True, copy=False)
    last_sync_date = fields.Datetime(readonly=True, copy=False)
    webhook_url = fields.Char(compute="_compute_webhook_url",
                              help="Paste this address into your Xero app's webhook settings.")

    def _compute_webhook_url(self):
        for connection in self:
            connection.webhook_url = connection.get_base_url() + "/xero/webhook"

    # -- the routine sync -----------------------------------------------------------------------
    @api.model
    def _cron_xero_sync(self):
        """Pull every entity then push pending changes, for every connected company.
        Odoo runs one instance of a cron job at a time, so a connection never syncs twice
        at once; row locks keep a button's push and the cron's apart."""
        connections = self.search([("state", "=", "connected")]).with_context(xero_scheduled=True)
        for done, connection in enumerate(connections, 1):
            connection._xero_sync()
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(connections) - done)

    def _xero_sync(self):
        """One run for one connection. What a rate limit or the daily reserve stops is
        re-triggered at the right time; what failed waits, pending, for the next run; an
        entity whose scope the authorisation lacks is said and skipped, the others go on.
        True when the run went to the end."""
        self.ensure_one()
        client = self._xero_client()
        direction = "pull"      # what the log says a stop interrupted
        completed = False
        scope_problems = []
        try:
            # the database's clock, as the queue's own timestamps: no later than the pull
            pull_started = self.env.cr.now()
            pulled = []
            for entity in entities.all_entities():
                if entity.pull and self._xero_allows(entity, "import") and self._xero_pull_due(entity):
                    if self._xero_scope_guarded(entity, "pull", scope_problems, self._xero_scheduled_pull,
                                                client, entity):
                        pulled.append(entity.name)
                    self._xero_check_budget(client)
            self._xero_drop_queued_before(pull_started, pulled)
            self._xero_fetch_queued(client, scope_problems)
            direction = "push"
            for entity in [e for e in entities.all_entities() if e.push and self._xero_allows(e, "export")]:
                # every pending batch now, each committed on its own
                while True:
                    self._xero_check_budget(client)
                    if not self._xero_scope_guarded(entity, "push", scope_problems, self._xero_push, client, entity):
                        break
            completed = True
        except XeroRateLimited as error:
            self._xero_defer(error, direction)
        except XeroAuthError as error:
            self.write({"state": "error", "last_error": error.message})
        except UserError as error:
            # the authorisation is gone; the connection already says so and how to fix it
            _logger.warning("Xero connection %s: sync stopped: %s", self.id, error)
        except XeroError as error:
            # Xero failed (outage, time-out): what was committed stays, the rest is
            # picked up by the next run from the cursors and pending links
            _logger.warning("Xero connection %s: sync stopped: %s", self.id, error.message)
            self._xero_log("sync", direction, RunStats(), outcome="failed", message=error.message, calls=0)
        finally:
            self._xero_record_quota(client)
            self.last_sync_date = fields.Datetime.now()
            if completed:
                self.scope_problem = "\n".join(scope_problems) or False
            auto_commit(self.env)
        return completed

    def _xero_scope_guarded(self, entity, direction, problems, method, *args):
        """``method(*args)``; when Xero says the authorisation lacks this entity's scope,
        that entity alone stops: logged, kept for the connection's banner, False returned."""
        try:
            return method(*args)
        except XeroScopeError:
            scope = scopes.scope_name(entity.scope_area, self.scope_set, write=direction == "push")
            message = _("Xero refused to %(verb)s %(what)s: the connection's authorisation lacks the scope "
                        "%(scope)s. Check the scopes on the Connection tab (granular for apps created from "
                        "March 2026), then click Reconnect.",
                        verb=_("send") if direction == "push" else _("read"), what=entity.collection, scope=scope)
            _logger.warning("Xero connection %s: %s", self.id, message)
            self._xero_log(entity.name, direction, RunStats(), outcome="failed", message=message, calls=1)
            if message not in problems:
                problems.append(message)
            return False

    # -- how often each entity is read ----------------------------------------------------------
    def _xero_pull_due(self, entity):
        """Whether this run reads ``entity``: a routine (scheduled) run reads it once its
        quiet period is over (an import clears it); any other run (Sync now) reads
        everything. An organisation without any such record backs off like a quiet one."""
        if not self.env.context.get("xero_scheduled"):
            return True
        cursor = self._xero_cursor(entity.name)
        return not cursor.next_pull_date or cursor.next_pull_date <= self._xero_now()

    def _xero_scheduled_pull(self, client, entity):
        """Pull ``entity``, then set when it is read next: at the next run while Xero
        changes it, after a period that doubles with each quiet pull otherwise, and only
        as a safety net where healthy webhooks report its changes. True once done."""
        changed = self._xero_pull(client, entity)
        cursor = self._xero_cursor(entity.name)
        if changed:
            cursor.write({"idle_pulls": 0, "next_pull_date": False})
            return True
        idle = cursor.idle_pulls + 1
        if entity.webhook_category and self._xero_webhooks_healthy():
            wait = WEBHOOK_SAFETY_NET
        else:
            base = dt.timedelta(minutes=max(self.sync_interval_minutes or 5, 1))
            wait = min(base * 2 ** min(idle, 10), MAX_QUIET_WAIT)
        cursor.write({"idle_pulls": idle, "next_pull_date": self._xero_now() + wait})
        return True

    def _xero_webhooks_healthy(self):
        """Webhooks are set up and Xero delivered to them (or checked them) lately."""
        recent = self._xero_now() - dt.timedelta(days=WEBHOOK_HEALTHY_DAYS)
        return bool(self.sudo().webhook_key and self.webhook_last_date and self.webhook_last_date >= recent)

    def _xero_now(self):
        """Now, for scheduling; the benchmark simulates a day with ``xero_now``."""
        return self.env.context.get("xero_now") or fields.Datetime.now()

    def _xero_check_budget(self, client):
        """Routine syncs leave the last calls of Xero's daily limit to people clicking
        buttons: at the reserve, the rest of the run waits."""
        reserve = self._xero_day_reserve()
        if client.quota.day is not None and client.quota.day <= reserve:
            raise XeroRateLimited(_("Only %(left)s API calls are left today, the reserve kept for "
                                    "interactive use.", left=client.quota.day),
                                  retry_after=BUDGET_RETRY_SECONDS, problem="reserve")

    def _xero_day_reserve(self):
        """The reserve set on the connection, else a tenth of the daily limit Xero's
        headers showed (1,000 calls on the Starter tier, 5,000 on the others)."""
        return self.daily_api_reserve or (self.api_day_limit or DEFAULT_DAY_LIMIT) // 10

    def _xero_defer(self, error, direction):
        """A rate limit never fails a run: the rest waits for a run at the right time."""
        delay = error.retry_after or 60
        _logger.info("Xero connection %s: %s; the rest of the sync runs in %s s", self.id, error.message, delay)
        self._xero_log("sync", direction, RunStats(), outcome="deferred", message=error.message, calls=0)
        self.env.ref("xero_connector.ir_cron_xero_sync")._trigger(
            fields.Datetime.now() + dt.timedelta(seconds=delay))

    def _xero_record_quota(self, client):
        values = {}
        if client.quota.day is not None:
            values["api_day_remaining"] = client.quota.day
            # Xero states no limit, only what is left: the tier shows in the most ever left
            limit = next((tier for tier in DAY_LIMIT_TIERS if client.quota.day < tier), client.quota.day + 1)
            if limit > (self.api_day_limit or 0):
                values["api_day_limit"] = limit
        if client.quota.minute is not None:
            values["api_minute_remaining"] = client.quota.minute
        if values:
            self.write(values)

    # -- webhooks -------------------------------------------------------------------------------
    def _xero_queue_webhook_events(self, events):
        """Queue the records the events name, for the connections of their tenants among
        ``self`` (those whose key signed the delivery). Returns how many were queued."""
        by_category = {e.webhook_category: e for e in entities.all_entities() if e.webhook_category}
        Queue = self.env["xero.sync.queue"].sudo()
        queued = 0
        for event in events:
            entity = by_category.get(str(event.get("eventCategory", "")).upper())
            connection = self.filtered(lambda c: c.tenant_id == event.get("tenantId"))
            resource_id = str(event.get("resourceId") or "")
            if not entity or not connection or not resource_id:
                continue
            self.env.cr.execute("""
                INSERT INTO xero_sync_queue (connection_id, entity, xero_id, create_uid, write_uid,
                                             create_date, write_date)
                VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
                ON CONFLICT (connection_id, entity, xero_id) DO NOTHING""",
                [connection[:1].id, entity.name, resource_id, self.env.uid, self.env.uid])
            queued += self.env.cr.rowcount
        Queue.invalidate_model()
        return queued

    def action_xero_sync_now(self):
        """The Sync now button: one run for this connection, at once, reading everything."""
        self.ensure_one()
        self.with_context(xero_scheduled=False)._xero_sync()
        return True

    # -- log ------------------------------------------------------------------------------------
    def _xero_log(self, entity_name, direction, stats, outcome=None, message=None, calls=0):
        if not (stats.created or stats.updated or stats.failed or outcome or calls):
            return
        self.env["xero.sync.log"].sudo().create({
            "connection_id": self.id, "entity": entity_name, "direction": direction,
            "created_count": stats.created, "updated_count": stats.updated,
            "unchanged_count": stats.unchanged, "failed_count": stats.failed, "api_calls": calls,
            "duration": time.monotonic() - stats.started, "message": message,
            "outcome": outcome or ("partial" if stats.failed else "done"),
            "line_ids": [fields.Command.create({"res_model": m, "res_id": i, "xero_id": x, "message": msg})
                         for m, i, x, msg in stats.failures],
        })

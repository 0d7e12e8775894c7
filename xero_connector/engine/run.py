"""``SyncRun``: one run of one connection. It reads every entity that is due, fetches
what webhooks named, then sends what waits in Odoo, entity by entity in the registry's
order; it keeps routine runs inside the day's budget, defers what a rate limit stops,
and says which entity a missing scope stopped while the others go on."""

import datetime as dt
import logging

from odoo import _, fields

from ..xero import entities, scopes
from ..xero.errors import XeroAuthError, XeroError, XeroRateLimited, XeroScopeError
from . import schedule
from .features import feature_steps
from .log import RunStats, XeroConnectionUnusable, auto_commit, undone_on_error, write_log
from .merge import PageMerge
from .pull import EntityPull, read_by_ids
from .push import PUSH_BATCH_SIZE, EntityPush, forget_deleted

_logger = logging.getLogger(__name__)

WEBHOOK_FETCH_BATCH = 50


class SyncRun:
    """One run of one connection: its client (one per run, so its call count is the
    run's) and what Xero refused for lack of a scope. A routine (scheduled) run reads
    each entity only when due; any other run reads everything."""

    def __init__(self, connection, client=None):
        connection.ensure_one()
        self.connection = connection
        self.env = connection.env
        self.client = client or connection._xero_client()
        self.scheduled = bool(self.env.context.get("xero_scheduled"))
        self.scope_problems = []
        self.direction = "pull"  # what the log says a stop interrupted
        self.notes_skipped = False
        self.pull_stats = {}  # entity name -> RunStats of its pull in this run

    # -- the whole run --------------------------------------------------------------------------
    def run(self):
        """What a rate limit or the daily reserve stops is re-triggered at the right
        time; what failed waits, pending, for the next run; an unexpected error stops
        this connection's run alone, its uncommitted work undone and the error logged.
        True when the run went to the end."""
        connection = self.connection
        completed = False
        try:
            with undone_on_error(self.env):
                completed = self._steps()
        except Exception as error:  # noqa: BLE001 - one organisation's failure must not stop the others
            _logger.exception("Xero connection %s: the sync stopped on an unexpected error", connection.id)
            self.log(
                "sync",
                self.direction,
                RunStats(),
                outcome="failed",
                message=_(
                    "The sync stopped on an unexpected error: %(error)s. What it had saved stays; the next "
                    "run goes on from there.",
                    error=str(error) or type(error).__name__,
                ),
            )
        finally:
            auto_commit(self.env)
            status = {"last_sync_date": fields.Datetime.now()}
            if completed:
                status["scope_problem"] = "\n".join(self.scope_problems) or False
            self.record_quota(status)
        return completed

    # the engine's own steps, each a method of the run, at their places; the features'
    # steps (register_step) take places between them. A rate limit, a lost authorisation
    # or Xero's failure stops the rest (see _steps)
    CORE_STEPS = {
        "pull_due_entities": 10,  # what changed in Xero, entity by entity, when due
        "fetch_queued": 20,  # the records webhooks named that the pulls did not read
        "push_pending": 30,  # Odoo's changes, every pending batch of every entity
        "finish_import": 90,  # an import running ends with the first run that read everything
    }

    def steps(self, after_clicks=False):
        """[(name, function taking the run)] of the run's steps, in order: the engine's
        and those of the features the connection uses (with ``after_clicks``, only the
        features' that follow a click's push)."""
        found = (
            []
            if after_clicks
            else [(place, name, getattr(type(self), name)) for name, place in self.CORE_STEPS.items()]
        )
        found += [(step.place, step.name, step.function) for step in feature_steps(self.connection, after_clicks)]
        return [(name, function) for _place, name, function in sorted(found)]

    def _steps(self):
        """The run's steps; the failures Xero causes end the run with the reason. True
        when every step was taken."""
        connection = self.connection
        try:
            for _name, step in self.steps():
                step(self)
            return True
        except XeroRateLimited as error:
            self.defer(error, self.direction)
        except XeroAuthError as error:
            connection._xero_record_status({"state": "error", "last_error": error.user_message(connection.env._)})
        except XeroConnectionUnusable as error:
            # the authorisation is gone; the connection already says so and how to fix it
            _logger.warning("Xero connection %s: sync stopped: %s", connection.id, error)
        except XeroError as error:
            # Xero failed (outage, time-out): what was committed stays, the rest is
            # picked up by the next run from the cursors and pending links
            _logger.warning("Xero connection %s: sync stopped: %s", connection.id, error.message)
            self.log("sync", self.direction, RunStats(), outcome="failed", message=error.user_message(connection.env._))
        return False

    # -- the steps ------------------------------------------------------------------------------
    def pull_due_entities(self):
        # the database's clock, as the queue's own timestamps: no later than the pull
        pull_started = self.env.cr.now()
        pulled = []
        for entity in entities.all_entities():
            if self.connection._xero_reads(entity) and self.read_due(entity.name):
                if self.scope_guarded(entity, "pull", self._scheduled_pull, entity):
                    pulled.append(entity.name)
                self.check_budget()
        self._drop_queued_before(pull_started, pulled)

    def push_pending(self):
        self.direction = "push"
        for entity in entities.all_entities():
            if entity.push and self.connection._xero_allows(entity, "export"):
                # every pending batch now, each committed on its own
                while True:
                    self.check_budget()
                    if not self.scope_guarded(entity, "push", self.push, entity):
                        break

    def finish_import(self):
        """Every step went to the end: an import running is done (else it goes on with
        the next run), and says what it read."""
        if self.connection.import_state == "running":
            self.connection._xero_finish_import()
            auto_commit(self.env)

    def scope_guarded(self, entity, direction, method, *args):
        """``method(*args)``; when Xero says the authorisation lacks this entity's scope,
        that entity alone stops: logged, kept for the connection's banner, False returned."""
        try:
            return method(*args)
        except XeroScopeError:
            connection = self.connection
            scope = scopes.scope_name(entity.scope_area, connection.scope_set, write=direction == "push")
            message = _(
                "Xero refused to %(verb)s %(what)s: the connection's authorisation lacks the scope "
                "%(scope)s. Check the scopes on the Connection tab (granular for apps created from "
                "March 2026), then click Reconnect.",
                verb=_("send") if direction == "push" else _("read"),
                what=entity.collection,
                scope=scope,
            )
            _logger.warning("Xero connection %s: %s", connection.id, message)
            self.log(entity.name, direction, RunStats(), outcome="failed", message=message, calls=1)
            if message not in self.scope_problems:
                self.scope_problems.append(message)
            return False

    # -- pulls ----------------------------------------------------------------------------------
    def pull(self, entity):
        """Read what changed in Xero since the entity's cursor; True when Xero had news.
        Its figures stay in ``pull_stats`` for the rest of the run."""
        pull = EntityPull(self, entity)
        news = pull.run()
        self.pull_stats[entity.name] = pull.stats
        return news

    def read_due(self, cursor_name):
        return schedule.read_due(self.connection, cursor_name, self.scheduled)

    def schedule_next_read(self, cursor_name, changed, webhooks_report=False):
        schedule.schedule_next_read(self.connection, cursor_name, changed, webhooks_report=webhooks_report)

    def _scheduled_pull(self, entity):
        """Pull ``entity``, then set when it is read next. True once done. Where webhooks
        were trusted to report its changes, the read also checks they still arrive."""
        webhooks_report = bool(entity.webhook_category)
        trusted = webhooks_report and schedule.webhooks_healthy(self.connection)
        news = self.pull(entity)
        if trusted:
            schedule.check_delivery(self.connection, entity, self.pull_stats[entity.name].oldest_change)
        self.schedule_next_read(entity.name, news, webhooks_report=webhooks_report)
        return True

    def read_by_ids(self, entity, xero_ids):
        return read_by_ids(self, entity, xero_ids)

    def apply(self, entity, records, stats=None):
        """Apply Xero records to Odoo; returns the newest UpdatedDateUTC among them."""
        return PageMerge(self, entity, stats or RunStats()).apply(records)

    def refresh_links(self, links):
        """Read these linked records from Xero now and apply them (a link made by hand
        has no agreed values yet, so Xero's are taken)."""
        for entity_name, group in links.grouped("entity").items():
            entity = entities.get(entity_name)
            self.apply(entity, self.read_by_ids(entity, group.mapped("xero_id")))
        self.record_quota()

    # -- webhooks -------------------------------------------------------------------------------
    def _drop_queued_before(self, moment, entity_names):
        """Records webhooks named by the time a pull of their entity began are in that
        pull: fetching them again by id would cost calls for nothing."""
        self.env["xero.sync.queue"].sudo().search(
            [("connection_id", "=", self.connection.id), ("create_date", "<=", moment), ("entity", "in", entity_names)]
        ).unlink()

    def fetch_queued(self):
        """Fetch exactly the records webhooks named, by id, in batches."""
        Queue = self.env["xero.sync.queue"].sudo()
        for entity in entities.all_entities():
            if not entity.webhook_category or not entity.pull or not self.connection._xero_allows(entity, "import"):
                continue  # no webhook names these records
            while True:
                queued = Queue.search(
                    [("connection_id", "=", self.connection.id), ("entity", "=", entity.name)],
                    limit=WEBHOOK_FETCH_BATCH,
                )
                if not queued:
                    break
                stats, calls_before = RunStats(), self.client.calls
                try:
                    records = self.scope_guarded(entity, "pull", self.read_by_ids, entity, queued.mapped("xero_id"))
                except (XeroRateLimited, XeroAuthError):
                    raise
                except XeroError as error:
                    # this batch's problem: it waits, queued, for the next run; the rest goes on
                    message = error.user_message(self.connection.env._)
                    calls = self.client.calls - calls_before
                    self.log(entity.name, "pull", stats, outcome="failed", message=message, calls=calls)
                    break
                if records is False:
                    break  # said once; the queue waits for the scope
                self.apply(entity, records, stats)
                queued.unlink()
                self.log(entity.name, "pull", stats, calls=self.client.calls - calls_before)
                auto_commit(self.env)

    # -- pushes ---------------------------------------------------------------------------------
    def push(self, entity, links=None):
        """Send one batch of at most 50 pending records (or these links); True when
        more are pending."""
        return EntityPush(self, entity).run(links)

    def forget_deleted(self, entity, links):
        return forget_deleted(self, entity, links)

    def history_notes_allowed(self):
        """History notes cost a call per updated record: sent when the connection wants
        them, and not while the day's calls are down to the reserve kept for clicks
        (said once per run, in the log and the sync log)."""
        if not self.connection.history_notes:
            return False
        left = self.client.quota.day
        if schedule.history_notes_affordable(self.connection, left):
            return True
        if not self.notes_skipped:
            self.notes_skipped = True
            message = _(
                "History notes are not sent to Xero while only %(left)s calls are left today (the reserve "
                "kept for clicks): the updates themselves went.",
                left=left,
            )
            _logger.info("Xero connection %s: %s", self.connection.id, message)
            self.log("sync", "push", RunStats(), outcome="done", message=message)
        return False

    def push_links(self, links):
        """Push given links at once (buttons, confirmations) and notify the user of the
        outcome; a rate limit or an outage leaves them pending for the routine sync."""
        links = links.filtered(lambda link: link.state == "pending")
        for entity_name in set(links.mapped("entity")):
            entity = entities.get(entity_name)
            # lock them: the cron may be pushing the same records right now
            batch = EntityPush(self, entity).lock(links.filtered(lambda link, name=entity_name: link.entity == name))
            try:
                for start in range(0, len(batch), PUSH_BATCH_SIZE):
                    EntityPush(self, entity).run(batch[start : start + PUSH_BATCH_SIZE])
            except XeroRateLimited as error:
                (batch - batch.filtered(lambda link: link.state == "synced")).write(
                    {"last_error": _("Waiting for Xero's rate limit; the routine sync sends it.")}
                )
                self.defer(error, "push")
        for _name, step in self.steps(after_clicks=True):
            step(self)
        self.record_quota()
        failed = links.filtered(lambda link: link.state != "synced")
        reasons = sorted(set(filter(None, failed.mapped("last_error"))))
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "warning" if failed else "success",
                "title": _("Xero"),
                "message": ("; ".join(reasons) or _("Another Xero sync is sending these records."))
                if failed
                else _("Sent to Xero: %s record(s).", len(links)),
            },
        )
        return links

    # -- budget, quota and log ------------------------------------------------------------------
    def check_budget(self):
        """At the day's reserve, the rest of the run waits (``schedule.check_budget``)."""
        schedule.check_budget(self.connection, self.client.quota.day)

    def defer(self, error, direction):
        """A rate limit never fails a run: the rest waits for a run at the right time."""
        delay = error.retry_after or 60
        _logger.info(
            "Xero connection %s: %s; the rest of the sync runs in %s s", self.connection.id, error.message, delay
        )
        self.log("sync", direction, RunStats(), outcome="deferred", message=error.user_message(self.connection.env._))
        self.connection._xero_wake(fields.Datetime.now() + dt.timedelta(seconds=delay))

    def record_quota(self, values=None, in_transaction=False):
        """What Xero said is left, kept on the connection (with ``values``), and the
        daily limit it reveals. A run writes it in a transaction of its own
        (``_xero_record_status``), a click in its own."""
        quota, connection = self.client.quota, self.connection
        values = dict(values or {})
        if quota.day is not None:
            values["api_day_remaining"] = quota.day
            limit = schedule.day_limit_shown(quota.day, connection.api_day_limit)
            if limit:
                values["api_day_limit"] = limit
        if quota.minute is not None:
            values["api_minute_remaining"] = quota.minute
        if values and in_transaction:
            connection.sudo().write(values)
        elif values:
            connection._xero_record_status(values, wait="last_sync_date" in values)

    def log(self, entity_name, direction, stats, outcome=None, message=None, calls=0):
        write_log(self.connection, entity_name, direction, stats, outcome=outcome, message=message, calls=calls)

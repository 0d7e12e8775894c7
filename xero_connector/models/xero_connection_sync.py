"""The sync engine on ``xero.connection``: the routine cron, pulls by modified-since
cursor, batched idempotent pushes, webhook-queued fetches, rate-limit deferral and the
sync log. Entities come from the registry in ``xero/entities.py``."""
import datetime as dt
import hashlib
import logging
import time

import psycopg2

from odoo import _, api, fields, models, modules, tools
from odoo.exceptions import UserError

from ..xero import entities
from ..xero.errors import XeroAuthError, XeroError, XeroRateLimited
from ..xero.xerodates import parse_timestamp

_logger = logging.getLogger(__name__)

PAGE_SIZE = 1000
PUSH_BATCH_SIZE = 50
# the cursor rewinds this much: Xero's modified-since is exclusive and several records
# can share a millisecond; records read twice compare unchanged
CURSOR_OVERLAP = dt.timedelta(seconds=1)
WEBHOOK_FETCH_BATCH = 50
# when the daily reserve is reached, look again in an hour (Xero does not say when
# its daily window resets)
BUDGET_RETRY_SECONDS = 3600


def _auto_commit(env):
    """Commit a page or batch so that a crash loses no finished work. Tests run in one
    transaction (Odoo's own batch jobs, e.g. account's, make the same exception)."""
    if not tools.config["test_enable"] and not modules.module.current_test:
        env.cr.commit()


def _plain(values):
    """Values as JSON can store them (a record becomes its id)."""
    return {k: (v.id if isinstance(v, models.BaseModel) else v) for k, v in values.items()}


class _RunStats:
    def __init__(self):
        self.created = self.updated = self.unchanged = self.failed = 0
        self.failures = []          # (res_model, res_id, xero_id, message)
        self.started = time.monotonic()


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    webhook_key = fields.Char(groups="xero_connector.group_xero_manager", copy=False,
                              help="The key Xero shows for this app's webhook; it signs deliveries.")
    conflict_policy = fields.Selection(
        [("xero", "Xero wins"), ("odoo", "Odoo wins"), ("review", "Flag for review")],
        default="xero", required=True,
        help="When the same field changed on both sides since the last sync.")
    daily_api_reserve = fields.Integer(
        default=500, help="Calls of Xero's daily limit that routine syncs leave for interactive clicks.")
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
        connections = self.search([("state", "=", "connected")])
        for done, connection in enumerate(connections, 1):
            connection._xero_sync()
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(connections) - done)

    def _xero_sync(self):
        """One run for one connection. What a rate limit or the daily reserve stops is
        re-triggered at the right time; what failed waits, pending, for the next run."""
        self.ensure_one()
        client = self._xero_client()
        try:
            for entity in entities.all_entities():
                self._xero_pull(client, entity)
                self._xero_check_budget(client)
            self._xero_fetch_queued(client)
            for entity in entities.all_entities():
                # every pending batch now, each committed on its own
                while True:
                    self._xero_check_budget(client)
                    if not self._xero_push(client, entity):
                        break
        except XeroRateLimited as error:
            self._xero_defer(error)
        except XeroAuthError as error:
            self.write({"state": "error", "last_error": error.message})
        except UserError as error:
            # the authorisation is gone; the connection already says so and how to fix it
            _logger.warning("Xero connection %s: sync stopped: %s", self.id, error)
        except XeroError as error:
            # Xero failed (outage, time-out): what was committed stays, the rest is
            # picked up by the next run from the cursors and pending links
            _logger.warning("Xero connection %s: sync stopped: %s", self.id, error.message)
            self._xero_log("sync", "pull", _RunStats(), outcome="failed", message=error.message, calls=0)
        finally:
            self._xero_record_quota(client)
            self.last_sync_date = fields.Datetime.now()
            _auto_commit(self.env)

    def _xero_check_budget(self, client):
        """Routine syncs leave the last ``daily_api_reserve`` calls of Xero's daily limit
        to people clicking buttons: at the reserve, the rest of the run waits."""
        if client.quota.day is not None and client.quota.day <= self.daily_api_reserve:
            raise XeroRateLimited(_("Only %(left)s API calls are left today, the reserve kept for "
                                    "interactive use.", left=client.quota.day),
                                  retry_after=BUDGET_RETRY_SECONDS, problem="reserve")

    def _xero_defer(self, error):
        """A rate limit never fails a run: the rest waits for a run at the right time."""
        delay = error.retry_after or 60
        _logger.info("Xero connection %s: %s; the rest of the sync runs in %s s", self.id, error.message, delay)
        self._xero_log("sync", "pull", _RunStats(), outcome="deferred", message=error.message, calls=0)
        self.env.ref("xero_connector.ir_cron_xero_sync")._trigger(
            fields.Datetime.now() + dt.timedelta(seconds=delay))

    def _xero_record_quota(self, client):
        values = {}
        if client.quota.day is not None:
            values["api_day_remaining"] = client.quota.day
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
        """The Sync now button: one routine run for this connection, at once."""
        self.ensure_one()
        self._xero_sync()
        return True

    # -- pulls ----------------------------------------------------------------------------------
    def _xero_cursor(self, entity_name):
        Cursor = self.env["xero.sync.cursor"].sudo()
        cursor = Cursor.search([("connection_id", "=", self.id), ("entity", "=", entity_name)], limit=1)
        return cursor or Cursor.create({"connection_id": self.id, "entity": entity_name})

    def _xero_pull(self, client, entity):
        """Read what changed since the cursor, page by page; the cursor moves only with a
        committed page, so a run killed between pages resumes where it stopped."""
        cursor = self._xero_cursor(entity.name)
        stats, calls_before = _RunStats(), client.calls
        query = dict(entity.list_kwargs, order="UpdatedDateUTC ASC")
        if cursor.last_updated:
            query["if_modified_since"] = cursor.last_updated - CURSOR_OVERLAP
        page = 1
        while True:
            if entity.paged:
                query.update(page=page, page_size=PAGE_SIZE)
            records = client.accounting_json(self.tenant_id, entity.list_operation, **query).get(
                entity.collection, [])
            newest = self._xero_apply_page(entity, records, stats)
            if newest and (not cursor.last_updated or newest > cursor.last_updated):
                cursor.last_updated = newest
            _auto_commit(self.env)
            if not entity.paged or len(records) < PAGE_SIZE:
                break
            self._xero_check_budget(client)
            page += 1
        self._xero_log(entity.name, "pull", stats, calls=client.calls - calls_before)

    def _xero_fetch_queued(self, client):
        """Fetch exactly the records webhooks named, by id, in batches."""
        Queue = self.env["xero.sync.queue"].sudo()
        for entity in entities.all_entities():
            while True:
                queued = Queue.search([("connection_id", "=", self.id), ("entity", "=", entity.name)],
                                      limit=WEBHOOK_FETCH_BATCH)
                if not queued:
                    break
                stats, calls_before = _RunStats(), client.calls
                records = client.accounting_json(self.tenant_id, entity.list_operation, page=1,
                                                 i_ds=queued.mapped("xero_id"), **entity.list_kwargs).get(
                    entity.collection, [])
                self._xero_apply_page(entity, records, stats)
                queued.unlink()
                self._xero_log(entity.name, "pull", stats, calls=client.calls - calls_before)
                _auto_commit(self.env)

    def _xero_apply_page(self, entity, records, stats):
        """Apply one page of Xero records; returns the newest UpdatedDateUTC in it."""
        Link = self.env["xero.sync.link"].sudo()
        links = {link.xero_id: link for link in Link.search([
            ("connection_id", "=", self.id), ("entity", "=", entity.name),
            ("xero_id", "in", [r[entity.id_field] for r in records])])}
        newest, to_create = None, []
        for payload in records:
            updated = parse_timestamp(payload.get("UpdatedDateUTC"))
            newest = max(newest, updated) if newest and updated else (updated or newest)
            try:
                with self.env.cr.savepoint():
                    new = self._xero_apply_record(entity, payload, updated, links.get(payload[entity.id_field]),
                                                  stats)
                if new:
                    to_create.append(new)
            except Exception as error:  # noqa: BLE001 - one bad record must not stop the page
                self._xero_pull_failed(entity, payload, error, stats)
        self._xero_create_records(entity, to_create, stats)
        return newest

    def _xero_create_records(self, entity, to_create, stats):
        """Create the page's new records and their links together (the cost of a large
        first import); if that fails, one by one so that only the bad ones are left out."""
        if not to_create:
            return
        try:
            with self.env.cr.savepoint():
                self._xero_create_linked(entity, to_create)
            stats.created += len(to_create)
            return
        except Exception:  # noqa: BLE001 - retried one by one below, where the culprit is logged
            pass
        for item in to_create:
            try:
                with self.env.cr.savepoint():
                    self._xero_create_linked(entity, [item])
                stats.created += 1
            except Exception as error:  # noqa: BLE001 - one bad record must not stop the page
                self._xero_pull_failed(entity, item[0], error, stats)

    def _xero_create_linked(self, entity, items):
        """``items``: (payload, Odoo values, UpdatedDateUTC) of records new to Odoo."""
        records = self.env[entity.odoo_model]._xero_create_from([values for _payload, values, _u in items])
        self.env["xero.sync.link"].sudo().create([
            self._xero_link_values(entity, record, payload, values, updated)
            for record, (payload, values, updated) in zip(records, items)])

    def _xero_pull_failed(self, entity, payload, error, stats):
        _logger.warning("Xero %s %s could not be applied: %s", entity.name, payload.get(entity.id_field), error)
        stats.failed += 1
        stats.failures.append((entity.odoo_model, False, payload.get(entity.id_field), str(error)))

    def _xero_apply_record(self, entity, payload, updated, link, stats):
        Model = self.env[entity.odoo_model].with_context(active_test=False)
        remote = entity.from_xero(payload)
        """Apply one Xero record. Returns (payload, values, UpdatedDateUTC) when the record
        is new to Odoo: the caller creates those with the rest of the page."""
        if link and link.xero_updated_date and updated and updated <= link.xero_updated_date:
            stats.unchanged += 1
            return None
        if link:
            record = Model.browse(link.res_id).exists()
            if not record:
                link.unlink()
                link = None
        if not link:
            record = Model._xero_match(self, remote)
            waiting = record._xero_links(self) if record else None
            if waiting:
                # its first push reached Xero but the answer did not reach us: adopt it
                waiting.xero_id = payload[entity.id_field]
                self._xero_merge(waiting, record, remote, updated)
                stats.updated += 1
                return None
            if not record:
                return payload, remote, updated      # created with the rest of the page
            record._xero_apply_values(remote)
            self.env["xero.sync.link"].sudo().create(self._xero_link_values(entity, record, payload, remote, updated))
            stats.updated += 1
            return None
        self._xero_merge(link, record, remote, updated)
        stats.updated += 1
        return None

    def _xero_link_values(self, entity, record, payload, remote, updated):
        """A new link between ``record`` and the Xero record it was just made to agree with."""
        return {
            "connection_id": self.id, "entity": entity.name, "res_model": entity.odoo_model,
            "res_id": record.id, "xero_id": payload[entity.id_field], "state": "synced",
            "synced_version": 1, "xero_updated_date": updated, "last_sync_date": fields.Datetime.now(),
            "synced_values": remote,
        }

    def _xero_merge(self, link, record, remote, updated):
        """Apply Xero's changes to a linked record, field by field against the values
        both sides agreed on at the last sync; a field changed on both sides follows the
        connection's policy. Afterwards the agreed values are Xero's, so whatever still
        differs in Odoo is a local change waiting to be pushed."""
        base = link.synced_values
        local = _plain(record._xero_read_values())
        to_apply, conflicts = {}, []
        for name, remote_value in remote.items():
            if local.get(name) == remote_value:
                continue
            if base is None or local.get(name) == base.get(name):
                to_apply[name] = remote_value          # only Xero changed it (or first sync)
            elif remote_value != base.get(name):
                conflicts.append(name)                 # both changed it, differently
        values = {"xero_updated_date": updated, "last_sync_date": fields.Datetime.now(),
                  "synced_values": remote, "last_error": False}
        if conflicts:
            policy = self.conflict_policy
            record.message_post(body=_(
                "Changed in Odoo and in Xero since the last sync: %(fields)s (policy: %(policy)s).",
                fields=", ".join(conflicts), policy=dict(self._fields["conflict_policy"].selection)[policy]))
            if policy == "xero":
                to_apply.update({name: remote[name] for name in conflicts})
        if to_apply:
            record._xero_apply_values(to_apply)
        if conflicts and self.conflict_policy == "review":
            values.update(state="conflict", last_error=_("Changed on both sides: %s. Choose a side.")
                          % ", ".join(conflicts))
        elif dict(local, **to_apply) == remote:
            values.update(state="synced", synced_version=link.version)
        else:
            values["state"] = "pending"                # Odoo's own changes go out next
        link.write(values)

    # -- pushes ---------------------------------------------------------------------------------
    def _xero_push_links(self, links):
        """Push given links at once (buttons, confirmations) and notify the user of the
        outcome; a rate limit or an outage leaves them pending for the routine sync."""
        self.ensure_one()
        links = links.filtered(lambda l: l.state == "pending")
        client = self._xero_client()
        for entity_name in set(links.mapped("entity")):
            batch = links.filtered(lambda l: l.entity == entity_name)
            # lock them: the cron may be pushing the same records right now
            batch = self._xero_lock_links(
                "SELECT id FROM xero_sync_link WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED", [tuple(batch.ids)])
            if not batch:
                continue
            try:
                self._xero_push(client, entities.get(entity_name), batch)
            except XeroRateLimited as error:
                batch.write({"last_error": _("Waiting for Xero's rate limit; the routine sync sends it.")})
                self._xero_defer(error)
        self._xero_record_quota(client)
        failed = links.filtered(lambda l: l.state != "synced")
        self.env.user._bus_send("simple_notification", {
            "type": "warning" if failed else "success",
            "title": _("Xero"),
            "message": "; ".join(failed.mapped("last_error")) if failed
            else _("Sent to Xero: %s record(s).", len(links)),
        })
        return links


    def _xero_pending_links(self, entity, limit):
        """Pending links, locked: a record being pushed elsewhere is skipped, not pushed twice."""
        return self._xero_lock_links("""
            SELECT id FROM xero_sync_link
             WHERE connection_id = %s AND entity = %s AND state = 'pending'
             ORDER BY id LIMIT %s FOR NO KEY UPDATE SKIP LOCKED""", [self.id, entity.name, limit])

    def _xero_lock_links(self, query, params):
        Link = self.env["xero.sync.link"].sudo()
        Link.flush_model(["state"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, params)
                return Link.browse([row[0] for row in self.env.cr.fetchall()])
        except psycopg2.errors.SerializationFailure:
            # another worker pushed some of them since this transaction began: they are
            # its to finish, and the next run takes whatever is still pending
            return Link

    def _xero_push(self, client, entity, links=None):
        """Push one batch of at most 50 pending records; True when more are pending."""
        links = links if links is not None else self._xero_pending_links(entity, PUSH_BATCH_SIZE)
        if not links:
            return False
        stats, calls_before = _RunStats(), client.calls
        Model = self.env[entity.odoo_model].with_context(active_test=False)
        payloads, values_by_link = [], {}
        for link in links:
            values = Model.browse(link.res_id)._xero_read_values()
            values_by_link[link.id] = values
            payload = entity.to_xero(values)
            if link.xero_id:
                payload[entity.id_field] = link.xero_id
            payloads.append(payload)
        try:
            result = client.accounting_json(
                self.tenant_id, entity.write_operation, {entity.collection: payloads},
                summarize_errors=False, idempotency_key=self._xero_batch_key(entity, links))
        except XeroRateLimited:
            raise
        except XeroError as error:
            # nothing is lost: the links stay pending, with the reason, for the next run
            links.write({"last_error": error.message})
            stats.failed = len(links)
            self._xero_log(entity.name, "push", stats, outcome="failed", message=error.message,
                           calls=client.calls - calls_before)
            _auto_commit(self.env)
            return False
        for link, element in zip(links, result.get(entity.collection, [])):
            self._xero_push_result(entity, link, element, values_by_link[link.id], stats)
        self._xero_log(entity.name, "push", stats, calls=client.calls - calls_before)
        _auto_commit(self.env)
        return bool(self._xero_pending_links(entity, 1))

    def _xero_push_result(self, entity, link, element, values, stats):
        if element.get("StatusAttributeString") == "ERROR":
            message = "; ".join(e.get("Message", "") for e in element.get("ValidationErrors") or [])
            link.write({"state": "error", "last_error": message})
            stats.failed += 1
            stats.failures.append((link.res_model, link.res_id, link.xero_id, message))
            return
        if link.xero_id:
            stats.updated += 1
        else:
            stats.created += 1
        link.write({
            "xero_id": element[entity.id_field], "state": "synced", "synced_version": link.version,
            "last_error": False, "last_sync_date": fields.Datetime.now(),
            "xero_updated_date": parse_timestamp(element.get("UpdatedDateUTC")),
            "synced_values": _plain(values),
        })

    def _xero_batch_key(self, entity, links):
        """Xero's Idempotency-Key is per request: derive it from the records and their
        versions, so resending the same batch replays the first answer."""
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        signature = ",".join("%d:%d" % (link.id, link.version) for link in links)
        return "odoo-%s-%s-%s" % (uuid[:8], entity.name, hashlib.sha256(signature.encode()).hexdigest()[:40])

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

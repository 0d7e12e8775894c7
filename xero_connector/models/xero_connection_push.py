"""Pushes of the sync engine: pending records in locked batches of at most 50, with an
idempotency key per batch, and the immediate pushes of buttons after their commit."""
import hashlib

import psycopg2

from odoo import _, fields, models

from ..xero import entities
from ..xero.errors import XeroError, XeroNotFound, XeroRateLimited, XeroTransient
from ..xero.xerodates import parse_timestamp
from .xero_sync_tools import RunStats, auto_commit, plain

PUSH_BATCH_SIZE = 50


class XeroConnection(models.Model):
    _inherit = "xero.connection"

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
            for start in range(0, len(batch), PUSH_BATCH_SIZE):
                chunk = batch[start:start + PUSH_BATCH_SIZE]
                try:
                    self._xero_push(client, entities.get(entity_name), chunk)
                except XeroRateLimited as error:
                    chunk.write({"last_error": _("Waiting for Xero's rate limit; the routine sync sends it.")})
                    self._xero_defer(error, "push")
                    break
        self._xero_record_quota(client)
        failed = links.filtered(lambda l: l.state != "synced")
        reasons = sorted(set(filter(None, failed.mapped("last_error"))))
        self.env.user._bus_send("simple_notification", {
            "type": "warning" if failed else "success",
            "title": _("Xero"),
            "message": ("; ".join(reasons) or _("Another Xero sync is sending these records."))
            if failed else _("Sent to Xero: %s record(s).", len(links)),
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
        stats, calls_before = RunStats(), client.calls
        self.env[entity.odoo_model].browse(links.mapped("res_id"))._xero_before_push(self, client)
        payloads, values_by_link, refused = self._xero_payloads(entity, links)
        for link, message in refused:
            link.write({"state": "error", "last_error": message})
            stats.failed += 1
            stats.failures.append((link.res_model, link.res_id, link.xero_id, message))
        links = links.filtered(lambda l: l.id in values_by_link)
        if not links:
            self._xero_log(entity.name, "push", stats, calls=0)
            auto_commit(self.env)
            return bool(self._xero_pending_links(entity, 1))
        answered, elements = self.env["xero.sync.link"], []
        try:
            groups = self._xero_write_groups(client, entity, links, payloads)
        except XeroRateLimited:
            raise
        except XeroError as error:
            return self._xero_push_failed(entity, links, error, stats, client.calls - calls_before)
        for group, group_payloads, operation in groups:
            try:
                result = client.accounting_json(
                    self.tenant_id, operation, {entity.collection: group_payloads}, summarize_errors=False,
                    idempotency_key=self._xero_batch_key(entity, group, operation), **entity.write_kwargs)
            except XeroRateLimited:
                raise
            except XeroError as error:
                if isinstance(error, XeroTransient):
                    # it may have reached Xero: looked for there before it is sent again
                    group.filtered(lambda l: not l.xero_id).write({"unanswered_create": True})
                return self._xero_push_failed(entity, links - answered, error, stats, client.calls - calls_before)
            answered |= group
            elements += result.get(entity.collection, [])
        links, result = answered, {entity.collection: elements}
        changes = {}
        for link, element in zip(links, result.get(entity.collection, [])):
            if link.xero_id and link.synced_values:
                changes[link] = sorted(k for k, v in plain(values_by_link[link.id]).items()
                                       if link.synced_values.get(k) != v)
            self._xero_push_result(entity, link, element, values_by_link[link.id], stats)
        refused_links = links.filtered(lambda l: l.state == "error")
        if refused_links:
            if entity.deletable:
                self._xero_forget_deleted(client, entity, refused_links.filtered("xero_id"))
            self.env[entity.odoo_model].browse(refused_links.mapped("res_id"))._xero_after_refusal(
                self, client, refused_links)
        if entity.mirror_entity:
            # Xero's answer is the whole document: its reporting copy is up to date at once
            answered = [e for e in result.get(entity.collection, []) if e.get("StatusAttributeString") != "ERROR"]
            self._xero_apply_page(client, entities.get(entity.mirror_entity), answered, RunStats())
        if entity.history_operation:
            self._xero_add_history(client, entity, {l: c for l, c in changes.items() if l.state == "synced" and c})
        self._xero_log(entity.name, "push", stats, calls=client.calls - calls_before)
        auto_commit(self.env)
        return bool(self._xero_pending_links(entity, 1))

    def _xero_push_failed(self, entity, links, error, stats, calls):
        """Nothing is lost: the links stay pending, with the reason, for the next run."""
        links.write({"last_error": error.message})
        stats.failed = len(links)
        self._xero_log(entity.name, "push", stats, outcome="failed", message=error.message, calls=calls)
        auto_commit(self.env)
        return False

    def _xero_write_groups(self, client, entity, links, payloads):
        """(links, payloads, SDK operation) per request: records new to Xero are created
        with PUT, which never touches an existing record (POST /Contacts would update the
        contact that has the same name); linked ones are updated by id with POST. A record
        whose creation went unanswered is first looked for in Xero, and updated if found."""
        pairs = list(zip(links, payloads))
        if entity.create_operation:
            lost = [(link, payload) for link, payload in pairs if not link.xero_id and link.unanswered_create]
            if lost:
                self._xero_adopt_unanswered(client, entity, lost)
        creates, updates = [], []
        for link, payload in pairs:
            (updates if link.xero_id or not entity.create_operation else creates).append((link, payload))
        return [(self.env["xero.sync.link"].concat(*[link for link, _payload in group]),
                 [payload for _link, payload in group], operation)
                for group, operation in ((creates, entity.create_operation), (updates, entity.write_operation))
                if group]

    def _xero_adopt_unanswered(self, client, entity, lost):
        """A create whose answer never came may have reached Xero after Xero forgot its
        idempotency key: find what it made (a contact by name, an item by code, an invoice
        by the link back to Odoo it carries) and update that record instead of creating
        a second one."""
        finder = self.env[entity.odoo_model]._xero_find_created
        for link, payload in lost:
            found = finder(self, client, payload)
            if found:
                link.xero_id = found
                payload[entity.id_field] = found
            link.unanswered_create = False

    def _xero_payloads(self, entity, links):
        """The payload of each link, checked first: a record Xero would refuse, that the
        SDK would stop, or that Xero already has under another link, is kept back with
        the reason and never half-sent."""
        Model = self.env[entity.odoo_model].with_context(active_test=False)
        checked, refused = [], []
        for link in links:
            record = Model.browse(link.res_id).exists()
            if not record:
                refused.append((link, _("The Odoo record was deleted.")))
                continue
            values = record._xero_read_values(self)
            errors, warnings = record._xero_check_values(values, self)
            held_back = record._xero_held_back(link, values)
            if held_back:
                errors.append(held_back)
            if errors:
                refused.append((link, "\n".join(dict.fromkeys(errors))))
                continue
            link.warning = "\n".join(warnings) or False
            checked.append((link, record, values))
        known = Model._xero_already_in_xero(self, [(r, v) for link, r, v in checked if not link.xero_id])
        payloads, values_by_link = [], {}
        for link, record, values in checked:
            if record.id in known:
                refused.append((link, known[record.id]))
                continue
            payload = entity.to_xero(values)
            if link.xero_id:
                payload[entity.id_field] = link.xero_id
            else:
                record._xero_complete_new_payload(payload, self)
            values_by_link[link.id] = values
            payloads.append(payload)
        return payloads, values_by_link, refused

    def _xero_forget_deleted(self, client, entity, links):
        """Of these linked records Xero refused, those it no longer has (deleted there,
        which a read by id confirms): they keep no Xero id and wait, saying so, until
        someone exports them again as new. Returns those links."""
        gone = self.env["xero.sync.link"]
        for link in links:
            try:
                client.accounting_json(self.tenant_id, entity.get_operation, link.xero_id)
            except XeroNotFound:
                gone |= link
            except XeroRateLimited:
                raise
            except XeroError:
                continue        # Xero's own message stays on the record
        gone.write({
            "xero_id": False, "synced_values": None, "xero_updated_date": False, "state": "error",
            "last_error": _("Deleted in Xero: Xero no longer has this record. Export it to Xero again to "
                            "re-create it there, or leave it out of Xero."),
        })
        return gone

    def _xero_add_history(self, client, entity, changes):
        """A History note on each updated Xero record: what changed, and who changed it."""
        for link, names in changes.items():
            who = link.changed_by_id.name or self.env.user.name
            note = _("Updated from Odoo by %(user)s: %(fields)s.", user=who,
                     fields=", ".join(name.replace("_", " ") for name in names))
            try:
                client.accounting_json(self.tenant_id, entity.history_operation, link.xero_id,
                                  {"HistoryRecords": [{"Details": note[:2500]}]})
            except XeroRateLimited:
                raise
            except XeroError as error:       # the update itself went through: say so, go on
                link.warning = _("Xero did not take the history note: %s", error.message)

    def _xero_push_result(self, entity, link, element, values, stats):
        if element.get("StatusAttributeString") == "ERROR":
            message = "; ".join(e.get("Message", "") for e in element.get("ValidationErrors") or [])
            message = self.env[link.res_model]._xero_explain_error(message)
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
            "synced_values": plain(values),
        })

    def _xero_batch_key(self, entity, links, operation=""):
        """Xero's Idempotency-Key is per request: derive it from the operation, the
        records and their versions, so resending the same batch replays the first answer
        (and the update that follows a create found in Xero is a request of its own)."""
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        signature = operation + ":" + ",".join("%d:%d" % (link.id, link.version) for link in links)
        return "odoo-%s-%s-%s" % (uuid[:8], entity.name, hashlib.sha256(signature.encode()).hexdigest()[:40])

"""Pushes: pending Odoo records sent to Xero in locked batches of at most 50, each
batch with an idempotency key, creates by PUT and updates by POST; what Xero refuses
is said on the record, what it answers is recorded on the link."""

import hashlib

import psycopg2

from odoo import _, fields

from ..xero import entities
from ..xero.errors import XeroError, XeroNotFound, XeroRateLimited, XeroTransient
from ..xero.payload_diff import changed_parts
from ..xero.xerodates import parse_timestamp
from .features import after_push_hooks
from .log import EntityWork, RunStats, auto_commit, plain
from .merge import PageMerge

PUSH_BATCH_SIZE = 50


class EntityPush(EntityWork):
    """One batch of one entity within a run."""

    def run(self, links=None):
        """Push one batch of at most 50 pending records (or ``links``); True when more
        are pending. Steps: read Xero's latest of the records to update, check and build
        the payloads, send them, record Xero's answers."""
        links = links if links is not None else self.pending(PUSH_BATCH_SIZE)
        if not links:
            return False
        self.calls_before = self.client.calls
        # per link of a two-way entity's update: the mapped values sent (only those that
        # changed in Odoo)
        self.sent_by_link = {}
        # read from Xero and sent to it: an update first reads Xero's latest, and sends
        # only what changed in Odoo
        self.two_way = self.entity.pull and self.entity.push
        self.env[self.entity.odoo_model].browse(links.mapped("res_id"))._xero_before_push(
            self.sync_run, entity=self.entity
        )
        try:
            if self.two_way:
                links = self._read_before_update(links)
            links, payloads, values_by_link = self._prepare(links)
            if not links:
                return self._finish()
            answered, elements, error = self._send(links, payloads, values_by_link)
        except XeroRateLimited:
            raise
        except XeroError as error:
            return self._failed(links, error)
        self._record_answers(answered, elements, values_by_link)
        if error:
            return self._failed(links - answered, error)
        return self._finish()

    def _finish(self):
        self.sync_run.log(self.entity.name, "push", self.stats, calls=self.client.calls - self.calls_before)
        auto_commit(self.env)
        return bool(self.pending(1))

    def _prepare(self, links):
        """(links to send, their payloads, the values of each), each record checked
        first: one Xero would refuse, that the SDK would stop, or that Xero already has
        under another link, is kept back with the reason on its link and never
        half-sent; one whose change Xero needs not hear of is synced at once."""
        entity, connection = self.entity, self.connection
        Model = self.env[entity.odoo_model].with_context(active_test=False)
        prepared = []  # (link, record, values, payload)
        for link in links:
            record = Model.browse(link.res_id).exists()
            if not record:
                self._keep_back(link, _("The Odoo record was deleted."))
                continue
            values = record._xero_read_values(connection, entity=entity)
            errors, warnings = record._xero_check_values(values, connection, entity=entity, link=link)
            if errors:
                self._keep_back(link, "\n".join(dict.fromkeys(errors)))
                continue
            warning = "\n".join(warnings) or False
            if link.warning != warning:
                link.warning = warning
            if link.xero_id and link.synced_values and self.two_way:
                payload = self._update_payload(link, record, plain(values))
                if payload is None:
                    # what changed in Odoo is what Xero has already (or nothing it holds)
                    link.write({"state": "synced", "synced_version": link.version, "last_error": False})
                    self.stats.unchanged += 1
                    continue
            else:
                payload = entity.to_xero(values)
            if link.xero_id:
                payload[entity.id_field] = link.xero_id
            prepared.append((link, record, values, payload))
        refused = Model._xero_prepare_creates(
            connection,
            [(record, values, payload) for link, record, values, payload in prepared if not link.xero_id],
            entity=entity,
        )
        to_send, payloads, values_by_link = self.Link, [], {}
        for link, record, values, payload in prepared:
            if record.id in refused:
                self._keep_back(link, refused[record.id])
                continue
            to_send |= link
            payloads.append(payload)
            values_by_link[link.id] = values
        return to_send, payloads, values_by_link

    def _keep_back(self, link, message):
        """The record is not sent: why, on its link and in the run's figures."""
        link.write({"state": "error", "last_error": message})
        self.stats.fail(link.res_model, link.res_id, link.xero_id, message)

    def _send(self, links, payloads, values_by_link):
        """Send the creates and the updates: (the links Xero answered, its answer's
        elements in their order, the error that stopped the rest or None)."""
        entity = self.entity
        answered, elements = self.Link, []
        for group, group_payloads, operation in self._write_groups(links, payloads):
            try:
                result = self.client.accounting_json(
                    self.connection.tenant_id,
                    operation,
                    {entity.collection: group_payloads},
                    summarize_errors=False,
                    idempotency_key=self.batch_key(group, operation),
                    **entity.write_kwargs,
                )
            except XeroRateLimited:
                raise
            except XeroError as error:
                if isinstance(error, XeroTransient):
                    # it may have reached Xero: looked for there before it is sent again,
                    # and what it sent is what both sides agree on if it did
                    for link in group:
                        sent = self.sent_by_link.get(link.id) or plain(values_by_link[link.id])
                        if link.xero_id:
                            link.unanswered_values = sent
                        else:
                            link.write({"unanswered_create": True, "synced_values": sent})
                return answered, elements, error
            answered |= group
            elements += result.get(entity.collection, [])
        return answered, elements, None

    def _record_answers(self, answered, elements, values_by_link):
        """Xero answers each element in order; a short answer leaves the rest pending."""
        entity, notes = self.entity, {}
        for link, element in zip(answered, elements, strict=False):
            sent = self.sent_by_link.get(link.id)
            self._record_answer(link, element, values_by_link[link.id], sent)
            if sent and link.state != "error":
                notes[link] = sorted(sent)
        refused_links = answered.filtered(lambda link: link.state == "error")
        if refused_links:
            if entity.deletable:
                forget_deleted(self.sync_run, entity, refused_links.filtered("xero_id"))
            self.env[entity.odoo_model].browse(refused_links.mapped("res_id"))._xero_after_refusal(
                self.sync_run, refused_links
            )
        if entity.mirror_entity:
            # Xero's answer is the whole document: its reporting copy is up to date at once
            self.sync_run.apply(
                entities.get(entity.mirror_entity), [e for e in elements if e.get("StatusAttributeString") != "ERROR"]
            )
        taken = answered.filtered(lambda link: link.state == "synced")
        if taken:
            # what a feature does with records Xero took (``register_after_push``)
            records = self.env[entity.odoo_model].browse(taken.mapped("res_id"))
            for feature in after_push_hooks(entity.name, self.sync_run.connection):
                feature(self.sync_run, records, taken)
        if entity.history_operation and notes and self.sync_run.history_notes_allowed():
            self._add_history(notes)

    # -- which links ----------------------------------------------------------------------------
    def pending(self, limit):
        """Pending links, locked: a record being pushed elsewhere is skipped, not pushed twice."""
        return self.lock(limit=limit)

    def lock(self, links=None, limit=None):
        """Of ``links`` (else of the pending links, at most ``limit``), those no other
        worker is pushing, locked for this transaction."""
        if links is not None and not links:
            return links
        if links is None:
            query = """
                SELECT id FROM xero_sync_link
                 WHERE connection_id = %s AND entity = %s AND state = 'pending'
                 ORDER BY id LIMIT %s FOR NO KEY UPDATE SKIP LOCKED"""
            params = [self.connection.id, self.entity.name, limit]
        else:
            query = "SELECT id FROM xero_sync_link WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED"
            params = [tuple(links.ids)]
        self.Link.flush_model(["state"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, params)
                return self.Link.browse([row[0] for row in self.env.cr.fetchall()])
        except psycopg2.errors.SerializationFailure:
            # another worker pushed some of them since this transaction began: they are
            # its to finish, and the next run takes whatever is still pending
            return self.Link

    # -- what is sent ---------------------------------------------------------------------------
    def _update_payload(self, link, record, values):
        """The update of a record both sides agreed on before: only what changed in Odoo
        since (a Xero change to anything else stays), or None when Xero would get nothing
        new. Keeps the mapped values sent for the answer."""
        base, same = link.synced_values, record._xero_same_value
        sent = {name: value for name, value in values.items() if not same(name, value, base.get(name))}
        before = dict(values, **{name: base[name] for name in sent if name in base})
        payload = changed_parts(self.entity.to_xero(values), self.entity.to_xero(before))
        if not payload:
            return None
        self.sent_by_link[link.id] = sent
        return payload

    def _read_before_update(self, links):
        """Xero's latest of the records about to be updated, merged first: a change the
        accounts team made since the last read is taken into Odoo (or, on a field Odoo
        changed too, met as a conflict) instead of being written over. Returns the links
        still to push."""
        if not self.connection._xero_allows(self.entity, "import"):
            return links
        updates = links.filtered(lambda link: link.xero_id and link.synced_values)
        if not updates:
            return links
        if self.entity.get_operation:
            # no read by several ids (items): the listing of what changed is one call
            self.sync_run.pull(self.entity)
        else:
            self.sync_run.apply(self.entity, self.sync_run.read_by_ids(self.entity, updates.mapped("xero_id")))
        return links.filtered(lambda link: link.state == "pending")

    def _write_groups(self, links, payloads):
        """(links, payloads, SDK operation) per request: records new to Xero are created
        with PUT, which never touches an existing record (POST /Contacts would update the
        contact that has the same name); linked ones are updated by id with POST. A record
        whose creation went unanswered is first looked for in Xero, and updated if found."""
        entity = self.entity
        pairs = list(zip(links, payloads, strict=True))
        if entity.create_operation:
            lost = [(link, payload) for link, payload in pairs if not link.xero_id and link.unanswered_create]
            if lost:
                self._adopt_unanswered(lost)
        creates, updates = [], []
        for link, payload in pairs:
            (updates if link.xero_id or not entity.create_operation else creates).append((link, payload))
        return [
            (self.Link.concat(*[link for link, _payload in group]), [payload for _link, payload in group], operation)
            for group, operation in ((creates, entity.create_operation), (updates, entity.write_operation))
            if group
        ]

    def _adopt_unanswered(self, lost):
        """A create whose answer never came may have reached Xero after Xero forgot its
        idempotency key: find what it made (a contact by name, an item by code, an invoice
        by the link back to Odoo it carries) and update that record instead of creating
        a second one."""
        finder = self.env[self.entity.odoo_model]._xero_find_created
        for link, payload in lost:
            found = finder(self.sync_run, payload, entity=self.entity)
            if found:
                link.xero_id = found
                payload[self.entity.id_field] = found
            link.unanswered_create = False

    def batch_key(self, links, operation=""):
        """Xero's Idempotency-Key is per request: derive it from the operation, the
        records and their versions, so resending the same batch replays the first answer
        (and the update that follows a create found in Xero is a request of its own)."""
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        signature = operation + ":" + ",".join("%d:%d" % (link.id, link.version) for link in links)
        return "odoo-%s-%s-%s" % (uuid[:8], self.entity.name, hashlib.sha256(signature.encode()).hexdigest()[:40])

    # -- what came back -------------------------------------------------------------------------
    def _failed(self, links, error):
        """Nothing is lost: the links stay pending, with the reason, for the next run."""
        message = error.user_message(links.env._)
        links.write({"last_error": message})
        self.stats.failed = len(links)
        calls = self.client.calls - self.calls_before
        self.sync_run.log(self.entity.name, "push", self.stats, outcome="failed", message=message, calls=calls)
        auto_commit(self.env)
        return False

    def _record_answer(self, link, element, values, sent=None):
        """What Xero answered for one record. The answer of an update that carried only
        Odoo's changes is the whole record: anything else in it that differs from the
        agreed values was changed in Xero meanwhile, and is merged like a read."""
        if element.get("StatusAttributeString") == "ERROR":
            message = "; ".join(e.get("Message", "") for e in element.get("ValidationErrors") or [])
            message = self.env[link.res_model]._xero_explain_error(message)
            link.write({"state": "error", "last_error": message})
            self.stats.fail(link.res_model, link.res_id, link.xero_id, message)
            return
        if link.xero_id:
            self.stats.updated += 1
        else:
            self.stats.created += 1
        updated = parse_timestamp(element.get("UpdatedDateUTC"))
        if sent is not None:
            link.synced_values = dict(link.synced_values, **sent)
            record = self.env[link.res_model].with_context(active_test=False).browse(link.res_id)
            PageMerge(self.sync_run, self.entity, RunStats()).merge(
                link, record, self.entity.from_xero(element), updated
            )
            return
        link.write(
            {
                "xero_id": element[self.entity.id_field],
                "state": "synced",
                "synced_version": link.version,
                "last_error": False,
                "last_sync_date": fields.Datetime.now(),
                "xero_updated_date": updated,
                "synced_values": plain(values),
                "unanswered_values": None,
            }
        )

    def _add_history(self, changes):
        """A History note on each updated Xero record: what changed, and who changed it."""
        for link, names in changes.items():
            who = link.changed_by_id.name or self.env.user.name
            note = _(
                "Updated from Odoo by %(user)s: %(fields)s.",
                user=who,
                fields=", ".join(name.replace("_", " ") for name in names),
            )
            try:
                self.client.accounting_json(
                    self.connection.tenant_id,
                    self.entity.history_operation,
                    link.xero_id,
                    {"HistoryRecords": [{"Details": note[:2500]}]},
                )
            except XeroRateLimited:
                raise
            except XeroError as error:  # the update itself went through: say so, go on
                link.warning = _("Xero did not take the history note: %s", error.user_message(link.env._))


def forget_deleted(run, entity, links):
    """Of these linked records Xero refused, those it no longer has (deleted there,
    which a read by id confirms): they keep no Xero id and wait, saying so, until
    someone exports them again as new. Returns those links."""
    gone = run.env["xero.sync.link"]
    for link in links:
        try:
            run.client.accounting_json(run.connection.tenant_id, entity.get_operation, link.xero_id)
        except XeroNotFound:
            gone |= link
        except XeroRateLimited:
            raise
        except XeroError:
            continue  # Xero's own message stays on the record
    gone.write(
        {
            "xero_id": False,
            "synced_values": None,
            "xero_updated_date": False,
            "state": "error",
            "last_error": _(
                "Deleted in Xero: Xero no longer has this record. Export it to Xero again to "
                "re-create it there, or leave it out of Xero."
            ),
        }
    )
    return gone

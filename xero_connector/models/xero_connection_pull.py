"""Pulls of the sync engine: what changed in Xero since each entity's cursor, page by
page, and the records webhooks named; matching, creating and merging into Odoo."""
import datetime as dt
import logging

from odoo import _, fields, models

from ..xero import entities
from ..xero.xerodates import parse_timestamp
from .xero_sync_tools import RunStats, auto_commit, plain

_logger = logging.getLogger(__name__)

PAGE_SIZE = 1000
# the cursor rewinds this much: Xero's modified-since is exclusive and several records
# can share a millisecond; records read twice compare unchanged
CURSOR_OVERLAP = dt.timedelta(seconds=1)
WEBHOOK_FETCH_BATCH = 50


class AmbiguousMatch(Exception):
    """Several Odoo records fit an incoming Xero record: a person must choose."""

    def __init__(self, message, candidates):
        super().__init__(message)
        self.candidates = candidates


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    # -- pulls ----------------------------------------------------------------------------------
    def _xero_cursor(self, entity_name):
        Cursor = self.env["xero.sync.cursor"].sudo()
        cursor = Cursor.search([("connection_id", "=", self.id), ("entity", "=", entity_name)], limit=1)
        return cursor or Cursor.create({"connection_id": self.id, "entity": entity_name})

    def _xero_pull(self, client, entity):
        """Read what changed since the cursor; the cursor moves only with a committed page,
        so a run killed between pages resumes where it stopped. True when Xero had news.

        Pages are not read by number alone: a record the accounts team saves during the
        pull moves to the end of the ``UpdatedDateUTC`` order and every later record moves
        up one place, onto a page already read. So each next page is asked for from the
        newest record read (a keyset), and only a page whose records nearly all share the
        last overlap (records saved in bulk) is followed by its next page number. The pull
        ends when Xero's ``pagination`` says the last page was read (a server may answer
        smaller pages than asked), or when a page brings nothing new."""
        cursor = self._xero_cursor(entity.name)
        stats, calls_before = RunStats(), client.calls
        since = cursor.last_updated - CURSOR_OVERLAP if cursor.last_updated else None
        # Odoo keeps datetimes to the second: what the overlap reads again from the
        # cursor's own second is no news for the schedule
        news_after = cursor.last_updated + CURSOR_OVERLAP if cursor.last_updated else None
        page, seen, news = 1, set(), False
        while True:
            query = dict(entity.list_kwargs, order="UpdatedDateUTC ASC")
            if since:
                query["if_modified_since"] = since
            if entity.paged:
                query.update(page=page, page_size=PAGE_SIZE)
            answer = client.accounting_json(self.tenant_id, entity.list_operation, **query)
            records = answer.get(entity.collection, [])
            pagination = answer.get("pagination") or {}
            if not seen:
                total = pagination.get("itemCount")
                cursor.write({"run_done": 0, "run_total": total if total is not None else len(records)})
            new_ids = {r[entity.id_field] for r in records} - seen
            seen |= new_ids
            stamps = [parse_timestamp(r.get("UpdatedDateUTC")) for r in records]
            news = news or any(not news_after or not stamp or stamp >= news_after for stamp in stamps)
            newest = self._xero_apply_page(client, entity, records, stats)
            if newest and (not cursor.last_updated or newest > cursor.last_updated):
                cursor.last_updated = newest
            cursor.run_done = min(cursor.run_done + len(new_ids), max(cursor.run_total, cursor.run_done))
            auto_commit(self.env)
            last_page = pagination.get("pageCount") is not None and page >= pagination["pageCount"]
            if not entity.paged or not new_ids or last_page or not newest:
                break
            self._xero_check_budget(client)
            since, page = self._xero_next_page(stamps, newest, since, page)
        self._xero_log(entity.name, "pull", stats, calls=client.calls - calls_before)
        return news

    @staticmethod
    def _xero_next_page(stamps, newest, since, page):
        """(since, page) of the next read after a page whose records have the
        UpdatedDateUTC ``stamps``, the newest being ``newest``."""
        restart = newest - CURSOR_OVERLAP
        read_again = sum(1 for stamp in stamps if stamp and stamp > restart)
        if (since is None or restart > since) and read_again <= len(stamps) // 2:
            return restart, 1
        return since, page + 1

    def _xero_drop_queued_before(self, moment, entity_names):
        """Records webhooks named by the time a pull of their entity began are in that
        pull: fetching them again by id would cost calls for nothing."""
        self.env["xero.sync.queue"].sudo().search([
            ("connection_id", "=", self.id), ("create_date", "<=", moment), ("entity", "in", entity_names)]).unlink()

    def _xero_fetch_queued(self, client, scope_problems=None):
        """Fetch exactly the records webhooks named, by id, in batches; what a missing
        scope stops is added to ``scope_problems``."""
        scope_problems = [] if scope_problems is None else scope_problems
        Queue = self.env["xero.sync.queue"].sudo()
        for entity in entities.all_entities():
            if not entity.webhook_category or not entity.pull or not self._xero_allows(entity, "import"):
                continue            # no webhook names these records
            while True:
                queued = Queue.search([("connection_id", "=", self.id), ("entity", "=", entity.name)],
                                      limit=WEBHOOK_FETCH_BATCH)
                if not queued:
                    break
                stats, calls_before = RunStats(), client.calls
                records = self._xero_scope_guarded(entity, "pull", scope_problems, self._xero_read_by_ids,
                                                   client, entity, queued.mapped("xero_id"))
                if records is False:
                    break           # said once; the queue waits for the scope
                self._xero_apply_page(client, entity, records, stats)
                queued.unlink()
                self._xero_log(entity.name, "pull", stats, calls=client.calls - calls_before)
                auto_commit(self.env)

    def _xero_read_by_ids(self, client, entity, xero_ids):
        """Whole records by id: one listing by IDs, or one read each where Xero's list
        takes no IDs. The list's own filters apply (a bill is not a sales invoice)."""
        if entity.get_operation:
            records = [record for xero_id in xero_ids for record in client.accounting_json(
                self.tenant_id, entity.get_operation, xero_id, **entity.get_kwargs).get(entity.collection, [])]
        else:
            query = dict(entity.list_kwargs, i_ds=list(xero_ids))
            if entity.paged:
                query["page"] = 1       # a paged read returns whole records
            records = client.accounting_json(self.tenant_id, entity.list_operation, **query).get(entity.collection, [])
        # a read by id has no where clause: the entity says which records are its own
        return [record for record in records if not entity.accepts or entity.accepts(record)]

    def _xero_refresh_links(self, links):
        """Read these linked records from Xero now and apply them (a link made by hand
        has no agreed values yet, so Xero's are taken)."""
        client = self._xero_client()
        for entity_name, group in links.grouped("entity").items():
            entity = entities.get(entity_name)
            records = self._xero_read_by_ids(client, entity, group.mapped("xero_id"))
            self._xero_apply_page(client, entity, records, RunStats())
        self._xero_record_quota(client)

    def _xero_apply_page(self, client, entity, records, stats):
        """Apply one page of Xero records; returns the newest UpdatedDateUTC in it."""
        Link = self.env["xero.sync.link"].sudo()
        links = {link.xero_id: link for link in Link.search([
            ("connection_id", "=", self.id), ("entity", "=", entity.name),
            ("xero_id", "in", [r[entity.id_field] for r in records])])}
        if entity.merged_field:
            records = self._xero_follow_merges(client, entity, records, links, stats)
        remotes = {p[entity.id_field]: entity.from_xero(p) for p in records}
        self.env[entity.odoo_model]._xero_before_page(self, client, list(remotes.values()))
        unlinked = [xero_id for xero_id in remotes if xero_id not in links]
        matches = dict(zip(unlinked, self.env[entity.odoo_model].with_context(active_test=False)._xero_match_many(
            self, [remotes[xero_id] for xero_id in unlinked])))
        newest, to_create = None, []
        for payload in records:
            xero_id = payload[entity.id_field]
            updated = parse_timestamp(payload.get("UpdatedDateUTC"))
            newest = max(newest, updated) if newest and updated else (updated or newest)
            try:
                with self.env.cr.savepoint():
                    new = self._xero_apply_record(entity, payload, remotes[xero_id], updated, links.get(xero_id),
                                                  matches.get(xero_id), stats)
                if new:
                    to_create.append(new)
            except AmbiguousMatch as error:
                self.env["xero.sync.review"].sudo()._xero_record_ambiguity(
                    self, entity, xero_id, self._xero_mapped(entity, remotes[xero_id]), error.candidates)
                self._xero_pull_failed(entity, payload, error, stats)
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
        records = self.env[entity.odoo_model]._xero_create_from([values for _payload, values, _u in items], self)
        self.env["xero.sync.link"].sudo().create([
            self._xero_link_values(entity, record, payload, values, updated)
            for record, (payload, values, updated) in zip(records, items)])

    def _xero_pull_failed(self, entity, payload, error, stats):
        _logger.warning("Xero %s %s could not be applied: %s", entity.name, payload.get(entity.id_field), error)
        stats.failed += 1
        stats.failures.append((entity.odoo_model, False, payload.get(entity.id_field), str(error)))

    def _xero_apply_record(self, entity, payload, remote, updated, link, match, stats):
        """Apply one Xero record (``remote``: its Odoo values). Returns (payload, values,
        UpdatedDateUTC) when the record is new to Odoo: the caller creates those with the
        rest of the page."""
        Model = self.env[entity.odoo_model].with_context(active_test=False)
        if link and link.xero_updated_date and updated and updated <= link.xero_updated_date:
            stats.unchanged += 1
            return None
        if link:
            record = Model.browse(link.res_id).exists()
            if not record:
                link.unlink()
                link = None
        if not link:
            record = match or Model.browse()
            if len(record) > 1:
                raise AmbiguousMatch(_("%(count)s existing records could be this Xero record (%(names)s): "
                                       "choose in Matches to Review; none was linked or created.",
                                       count=len(record), names=", ".join(record.mapped("display_name"))),
                                     record)
            waiting = record._xero_links(self) if record else None
            if waiting:
                # its first push reached Xero but the answer did not reach us: adopt it
                waiting.xero_id = payload[entity.id_field]
                self._xero_merge(waiting, record, remote, updated)
                stats.updated += 1
                return None
            if not record:
                return payload, remote, updated      # created with the rest of the page
            record._xero_apply_values(remote, self)
            self.env["xero.sync.link"].sudo().create(self._xero_link_values(entity, record, payload, remote, updated))
            stats.updated += 1
            return None
        self._xero_merge(link, record, remote, updated)
        stats.updated += 1
        return None

    def _xero_follow_merges(self, client, entity, records, links, stats):
        """A Xero record merged into another (its ``merged_field`` names the survivor):
        the Odoo record linked to it is relinked to the survivor, which is then read,
        unless the survivor is linked already, in which case the record keeps no link and
        says so. Returns the page without the merged records."""
        kept, survivors = [], []
        for payload in records:
            survivor_id = payload.get(entity.merged_field)
            link = links.get(payload[entity.id_field])
            if not survivor_id or not link:
                kept.append(payload)
                continue
            record = self.env[entity.odoo_model].browse(link.res_id).exists()
            taken = self.env["xero.sync.link"].sudo().search([
                ("connection_id", "=", self.id), ("entity", "=", entity.name), ("xero_id", "=", survivor_id)])
            if taken:
                other = self.env[entity.odoo_model].browse(taken.res_id)
                link.unlink()
                message = _("This record's Xero contact was merged into one linked to %s: merge the two "
                            "in Odoo if they are the same.", other.display_name)
            else:
                link.write({"xero_id": survivor_id, "synced_values": None, "xero_updated_date": False,
                            "state": "synced", "last_error": False})
                survivors.append(survivor_id)
                message = _("Merged in Xero into another contact: now linked to it.")
            del links[payload[entity.id_field]]
            if record and hasattr(record, "message_post"):
                record.message_post(body=message)
            stats.updated += 1
        if survivors:
            fetched = self._xero_read_by_ids(client, entity, survivors)
            self._xero_apply_page(client, entity, fetched, stats)
        return kept

    def _xero_link_values(self, entity, record, payload, remote, updated):
        """A new link between ``record`` and the Xero record it was just made to agree with."""
        return {
            "connection_id": self.id, "entity": entity.name, "res_model": entity.odoo_model,
            "res_id": record.id, "xero_id": payload[entity.id_field], "state": "synced",
            "synced_version": 1, "xero_updated_date": updated, "last_sync_date": fields.Datetime.now(),
            # a reporting copy is compared with nothing: no agreed values to keep
            "synced_values": self._xero_mapped(entity, remote) if entity.push else None,
        }

    @staticmethod
    def _xero_mapped(entity, values):
        """``values`` without what only Xero knows: what both sides compare."""
        return {k: v for k, v in values.items() if k not in entity.readonly_fields}

    def _xero_merge(self, link, record, remote, updated):
        """Apply Xero's changes to a linked record, field by field against the values
        both sides agreed on at the last sync; a field changed on both sides follows the
        connection's policy. Afterwards the agreed values are Xero's, so whatever still
        differs in Odoo is a local change waiting to be pushed."""
        entity = entities.get(link.entity)
        if not entity.push:
            # Xero's alone (reporting copies): nothing in Odoo to merge with
            record._xero_apply_values(remote, self)
            link.write({"xero_updated_date": updated, "last_sync_date": fields.Datetime.now(), "state": "synced",
                        "synced_version": link.version, "last_error": False})
            return
        readonly = {k: remote[k] for k in entity.readonly_fields if k in remote}
        remote = self._xero_mapped(entity, remote)
        base = link.synced_values or None      # none yet: a first sync, Xero's values are taken
        local = plain(record._xero_read_values(self))
        same = record._xero_same_value
        to_apply, conflicts = {}, []
        for name, remote_value in remote.items():
            if same(name, local.get(name), remote_value):
                continue
            if base is None or same(name, local.get(name), base.get(name)):
                to_apply[name] = remote_value          # only Xero changed it (or first sync)
            elif not same(name, remote_value, base.get(name)):
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
        if to_apply or readonly:
            record._xero_apply_values(dict(readonly, **to_apply), self)
        if conflicts and self.conflict_policy == "review":
            values.update(state="conflict", last_error=_("Changed on both sides: %s. Choose a side.")
                          % ", ".join(conflicts))
        elif all(same(name, value, remote.get(name)) for name, value in dict(local, **to_apply).items()):
            values.update(state="synced", synced_version=link.version)
        else:
            values["state"] = "pending"                # Odoo's own changes go out next
        link.write(values)

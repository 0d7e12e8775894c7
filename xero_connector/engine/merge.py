"""Merging Xero's records into Odoo: each record of a page is matched to its link, to
an existing Odoo record, or created with the rest of the page; a linked record takes
Xero's changes field by field against the values both sides last agreed on."""

import logging

from psycopg2.extras import Json

from odoo import _, fields
from odoo.tools import SQL

from ..xero.xerodates import parse_timestamp
from .log import EntityWork, plain

_logger = logging.getLogger(__name__)

# what a new link is made of (``PageMerge._link_values``)
LINK_COLUMNS = (
    "connection_id",
    "entity",
    "res_model",
    "res_id",
    "xero_id",
    "state",
    "synced_version",
    "xero_updated_date",
    "last_sync_date",
    "synced_values",
)


class AmbiguousMatch(Exception):
    """Several Odoo records fit an incoming Xero record: a person must choose."""

    def __init__(self, message, candidates):
        super().__init__(message)
        self.candidates = candidates


class PageMerge(EntityWork):
    """Applies pages of one entity's Xero records within a run, counting into ``stats``."""

    def apply(self, records):
        """Apply one page of Xero records; returns the newest UpdatedDateUTC in it.
        Steps: find the page's links (following merges made in Xero), convert the
        records, match those new to the connection, apply each changed one, then create
        the records new to Odoo together."""
        entity = self.entity
        links = self._links_of(records)
        if entity.merged_field:
            records = self._follow_merges(records, links)
        remotes = {p[entity.id_field]: entity.from_xero(p) for p in records}
        self.env[entity.odoo_model]._xero_before_page(self.sync_run, list(remotes.values()), entity=entity)
        matches = self._match_unlinked(remotes, links)
        newest, to_create = None, []
        for payload in records:
            xero_id = payload[entity.id_field]
            updated = parse_timestamp(payload.get("UpdatedDateUTC"))
            newest = max(newest, updated) if newest and updated else (updated or newest)
            new = self._take(payload, remotes[xero_id], updated, links.get(xero_id), matches.get(xero_id))
            if new:
                to_create.append(new)
        self._create_records(to_create)
        return newest

    def _links_of(self, records):
        """{Xero id: link} of the page's records already linked on this connection."""
        entity = self.entity
        links = self.env["xero.sync.link"]._xero_for_ids(
            self.connection, entity.name, [r[entity.id_field] for r in records]
        )
        return {link.xero_id: link for link in links}

    def _match_unlinked(self, remotes, links):
        """{Xero id: the Odoo records it may be} of the page's records new to the
        connection, as the model matches them (one query for the page)."""
        unlinked = [xero_id for xero_id in remotes if xero_id not in links]
        candidates = (
            self.env[self.entity.odoo_model]
            .with_context(active_test=False)
            ._xero_match_many(self.connection, [remotes[xero_id] for xero_id in unlinked], entity=self.entity)
        )
        return dict(zip(unlinked, candidates, strict=True))

    def _take(self, payload, remote, updated, link, match):
        """One record of the page: applied when it changed since its link last heard
        from Xero (a record read again is counted unchanged). Returns (payload, values,
        UpdatedDateUTC) when it is new to Odoo, to be created with the rest of the page;
        a record that fails is counted and logged, and the page goes on."""
        if not link and not match:
            self.stats.took_change(updated)
            return payload, remote, updated
        if link and link.xero_updated_date and updated and updated <= link.xero_updated_date:
            self.stats.unchanged += 1  # read again (a page's overlap, a replay)
            return None
        self.stats.took_change(updated)
        try:
            with self.env.cr.savepoint():
                return self._apply_record(payload, remote, updated, link, match)
        except AmbiguousMatch as error:
            self.env["xero.sync.review"].sudo()._xero_record_ambiguity(
                self.connection,
                self.entity,
                payload[self.entity.id_field],
                mapped(self.entity, remote),
                error.candidates,
            )
            self._failed(payload, error)
        except Exception as error:  # noqa: BLE001 - one bad record must not stop the page
            self._failed(payload, error)
        return None

    def _failed(self, payload, error):
        entity = self.entity
        _logger.warning("Xero %s %s could not be applied: %s", entity.name, payload.get(entity.id_field), error)
        self.stats.fail(entity.odoo_model, False, payload.get(entity.id_field), str(error))

    # -- new records ----------------------------------------------------------------------------
    def _create_records(self, to_create):
        """Create the page's new records and their links together (the cost of a large
        first import); if that fails, one by one so that only the bad ones are left out."""
        if not to_create:
            return
        try:
            with self.env.cr.savepoint():
                self._create_linked(to_create)
            self.stats.created += len(to_create)
            return
        except Exception as error:  # noqa: BLE001 - retried one by one below, where the culprit is logged
            _logger.info(
                "Xero %s: a page's records could not be created together (%s); one by one", self.entity.name, error
            )
        for item in to_create:
            try:
                with self.env.cr.savepoint():
                    self._create_linked([item])
                self.stats.created += 1
            except Exception as error:  # noqa: BLE001 - one bad record must not stop the page
                self._failed(item[0], error)

    def _create_linked(self, items):
        """``items``: (payload, Odoo values, UpdatedDateUTC) of records new to Odoo."""
        records = self.env[self.entity.odoo_model]._xero_create_from(
            [values for _payload, values, _u in items], self.connection, entity=self.entity
        )
        self._insert_links(
            [
                self._link_values(record, payload, values, updated)
                for record, (payload, values, updated) in zip(records, items, strict=True)
            ]
        )

    def _insert_links(self, rows):
        """The links of records just created from Xero, in one INSERT: like Odoo's own
        external ids (``ir.model.data``), they are many, simple and made in bulk, and the
        ORM's create would cost a third as much again as the records themselves."""
        stamp = SQL("now() at time zone 'UTC'")
        fixed = SQL(", ").join(
            SQL("%s", value) for value in (self.connection.company_id.id, 1, self.env.uid, self.env.uid)
        )

        def row_sql(row):
            values = SQL(", ").join(
                SQL("%s", Json(row[column]) if column == "synced_values" and row[column] is not None else row[column])
                for column in LINK_COLUMNS
            )
            return SQL("(%s, %s, %s, %s)", values, fixed, stamp, stamp)

        self.env.cr.execute(
            SQL(
                "INSERT INTO xero_sync_link (%s, company_id, version, create_uid, write_uid, create_date, write_date) "
                "VALUES %s",
                SQL(", ").join(SQL.identifier(column) for column in LINK_COLUMNS),
                SQL(", ").join(row_sql(row) for row in rows),
            )
        )

    def _link_values(self, record, payload, remote, updated):
        """A new link between ``record`` and the Xero record it was just made to agree with."""
        entity = self.entity
        return {
            "connection_id": self.connection.id,
            "entity": entity.name,
            "res_model": entity.odoo_model,
            "res_id": record.id,
            "xero_id": payload[entity.id_field],
            "state": "synced",
            "synced_version": 1,
            "xero_updated_date": updated,
            "last_sync_date": fields.Datetime.now(),
            # a reporting copy is compared with nothing: no agreed values to keep
            "synced_values": mapped(entity, remote) if entity.push else None,
        }

    # -- one record -----------------------------------------------------------------------------
    def _apply_record(self, payload, remote, updated, link, match):
        """Apply one Xero record that changed since its link's last sync, or that may be
        an existing Odoo record (``remote``: its Odoo values). Returns (payload, values,
        UpdatedDateUTC) when the record is new to Odoo: the caller creates those with the
        rest of the page."""
        entity, connection, stats = self.entity, self.connection, self.stats
        Model = self.env[entity.odoo_model].with_context(active_test=False)
        if link:
            record = Model.browse(link.res_id).exists()
            if not record:
                link.unlink()
                link = None
        if not link:
            record = match or Model.browse()
            if len(record) > 1:
                raise AmbiguousMatch(
                    _(
                        "%(count)s existing records could be this Xero record (%(names)s): "
                        "choose in Matches to Review; none was linked or created.",
                        count=len(record),
                        names=", ".join(record.mapped("display_name")),
                    ),
                    record,
                )
            waiting = record._xero_links(connection, entity.name) if record else None
            if waiting:
                # its first push reached Xero but the answer did not reach us: adopt it
                waiting.xero_id = payload[entity.id_field]
                self.merge(waiting, record, remote, updated)
                stats.updated += 1
                return None
            if not record:
                return payload, remote, updated  # created with the rest of the page
            record._xero_apply_values(remote, connection, entity=self.entity)
            self.env["xero.sync.link"].sudo().create(self._link_values(record, payload, remote, updated))
            stats.updated += 1
            return None
        self.merge(link, record, remote, updated)
        stats.updated += 1
        return None

    def _follow_merges(self, records, links):
        """A Xero record merged into another (its ``merged_field`` names the survivor):
        the Odoo record linked to it is relinked to the survivor, which is then read,
        unless the survivor is linked already, in which case the record keeps no link and
        says so. Returns the page without the merged records."""
        entity = self.entity
        kept, survivors = [], []
        for payload in records:
            survivor_id = payload.get(entity.merged_field)
            link = links.get(payload[entity.id_field])
            if not survivor_id or not link:
                kept.append(payload)
                continue
            record = self.env[entity.odoo_model].browse(link.res_id).exists()
            taken = self.env["xero.sync.link"]._xero_for_ids(self.connection, entity.name, [survivor_id])
            if taken:
                other = self.env[entity.odoo_model].browse(taken.res_id)
                link.unlink()
                message = _(
                    "This record's Xero contact was merged into one linked to %s: merge the two "
                    "in Odoo if they are the same.",
                    other.display_name,
                )
            else:
                link.write(
                    {
                        "xero_id": survivor_id,
                        "synced_values": None,
                        "xero_updated_date": False,
                        "state": "synced",
                        "last_error": False,
                    }
                )
                survivors.append(survivor_id)
                message = _("Merged in Xero into another contact: now linked to it.")
            del links[payload[entity.id_field]]
            if record and hasattr(record, "message_post"):
                record.message_post(body=message)
            self.stats.updated += 1
        if survivors:
            self.apply(self.sync_run.read_by_ids(entity, survivors))
        return kept

    # -- a linked record ------------------------------------------------------------------------
    def merge(self, link, record, remote, updated):
        """Apply Xero's changes to a linked record, field by field against the values
        both sides agreed on at the last sync; a field changed on both sides follows the
        connection's policy. Afterwards the agreed values are Xero's, so whatever still
        differs in Odoo is a local change waiting to be pushed, except a conflict left for
        review: it keeps its old agreed value (so it stays a conflict however often Xero
        changes the record) and Xero's side waits in ``conflict_values`` for a person."""
        entity, connection = self.entity, self.connection
        if not entity.push:
            self._take_reporting_copy(link, record, remote, updated)
            return
        readonly = {k: remote[k] for k in entity.readonly_fields if k in remote}
        remote = mapped(entity, remote)
        local = plain(record._xero_read_values(connection, entity=entity))
        to_apply, agreed, waiting = self._resolve(link, record, remote, local)
        if to_apply or readonly:
            record._xero_apply_values(dict(readonly, **to_apply), connection, entity=entity)
        self._settle(link, record, updated, dict(local, **to_apply), agreed, waiting)

    def _take_reporting_copy(self, link, record, remote, updated):
        """Xero's alone (reporting copies): nothing in Odoo to merge with."""
        record._xero_apply_values(remote, self.connection, entity=self.entity)
        link.write(
            {
                "xero_updated_date": updated,
                "last_sync_date": fields.Datetime.now(),
                "state": "synced",
                "synced_version": link.version,
                "last_error": False,
            }
        )

    def _resolve(self, link, record, remote, local):
        """Xero's changes against the agreed values: (what to apply to Odoo, the values
        agreed from now on, Xero's side of conflicts left for review). A conflict is
        said once on the record."""
        connection = self.connection
        policy = connection.conflict_policy
        to_apply, conflicts = three_way_after_lost_answer(link, remote, local, record._xero_same_value)
        agreed, waiting = dict(remote), {}
        if conflicts:
            noted = set(link.conflict_values or {})
            new_conflicts = [name for name in conflicts if name not in noted]
            if new_conflicts:
                record.message_post(
                    body=_(
                        "Changed in Odoo and in Xero since the last sync: %(fields)s (policy: %(policy)s).",
                        fields=", ".join(new_conflicts),
                        policy=dict(connection._fields["conflict_policy"].selection)[policy],
                    )
                )
            if policy == "xero":
                to_apply.update({name: remote[name] for name in conflicts})
            elif policy == "review":
                for name in conflicts:
                    waiting[name] = remote[name]
                    agreed[name] = link.synced_values.get(name)
        return to_apply, agreed, waiting

    def _settle(self, link, record, updated, odoo_now, agreed, waiting):
        """The link after a merge: in conflict while one waits for a person, synced when
        Odoo's values (``odoo_now``) are the agreed ones, else pending: Odoo's own
        changes go out next."""
        values = {
            "xero_updated_date": updated,
            "last_sync_date": fields.Datetime.now(),
            "synced_values": agreed,
            "conflict_values": waiting or None,
            "unanswered_values": None,
            "last_error": False,
        }
        same = record._xero_same_value
        if waiting:
            values.update(
                state="conflict",
                last_error=_("Changed on both sides: %s. Choose a side.") % ", ".join(sorted(waiting)),
            )
        elif all(same(name, value, agreed.get(name)) for name, value in odoo_now.items()):
            values.update(state="synced", synced_version=link.version)
        else:
            values["state"] = "pending"
        link.write(values)


def three_way_after_lost_answer(link, remote, local, same):
    """``three_way`` against the agreed values, where an update whose answer was lost
    (``unanswered_values``) counts as agreed if Xero holds what it sent. If Xero holds
    something else, nobody can tell whether the update never arrived or Xero changed
    the field back since: a conflict, for the connection's policy to settle."""
    base, unsure = link.synced_values or None, link.unanswered_values or {}
    if base is None or not unsure:
        return three_way(remote, local, base, same)
    landed = {name: sent for name, sent in unsure.items() if same(name, remote.get(name), sent)}
    to_apply, conflicts = three_way(remote, local, dict(base, **landed), same)
    for name in set(unsure) - set(landed):
        if name in remote and not same(name, local.get(name), remote[name]) and name not in conflicts:
            to_apply.pop(name, None)
            conflicts.append(name)
    return to_apply, conflicts


def three_way(remote, local, base, same):
    """Xero's values against Odoo's and the last agreed ones (``base``; None: nothing
    agreed yet, Xero's are taken), field by field: (the values changed in Xero alone,
    to apply; the names changed on both sides, differently)."""
    to_apply, conflicts = {}, []
    for name, remote_value in remote.items():
        if same(name, local.get(name), remote_value):
            continue
        if base is None or same(name, local.get(name), base.get(name)):
            to_apply[name] = remote_value  # only Xero changed it (or first sync)
        elif not same(name, remote_value, base.get(name)):
            conflicts.append(name)  # both changed it, differently
    return to_apply, conflicts


def mapped(entity, values):
    """``values`` without what only Xero knows: what both sides compare."""
    return {k: v for k, v in values.items() if k not in entity.readonly_fields}

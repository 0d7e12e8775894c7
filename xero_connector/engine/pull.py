"""Pulls: what changed in Xero since an entity's cursor, page by page, and records
read by id (webhooks, links made by hand, documents' missing customers)."""

import datetime as dt

from ..xero.xerodates import parse_timestamp
from .log import RunStats, auto_commit
from .merge import PageMerge

PAGE_SIZE = 1000
# Xero answers 404 to a URL longer than about 2,000 characters (docs/xero-fidelity.md): a
# read by ids names at most this many (40 ids take 1,560 characters, a comma each as %2C)
IDS_PER_READ = 40
# the cursor rewinds this much: Xero's modified-since is exclusive and several records
# can share a millisecond; records read twice compare unchanged
CURSOR_OVERLAP = dt.timedelta(seconds=1)


class EntityPull:
    """One entity's pull within a run: the run's client, the entity, its figures."""

    def __init__(self, run, entity):
        self.sync_run = run
        self.connection = run.connection
        self.client = run.client
        self.entity = entity
        self.stats = RunStats()

    def run(self):
        """Read what changed since the cursor; the cursor moves only with a committed page,
        so a run killed between pages resumes where it stopped. True when Xero had news.

        Pages are not read by number alone: a record the accounts team saves during the
        pull moves to the end of the ``UpdatedDateUTC`` order and every later record moves
        up one place, onto a page already read. So each next page is asked for from the
        newest record read (a keyset), and only a page whose records nearly all share the
        last overlap (records saved in bulk) is followed by its next page number. The pull
        ends when Xero's ``pagination`` says the last page was read (a server may answer
        smaller pages than asked), or when a page brings nothing new."""
        entity, client = self.entity, self.client
        cursor = self.connection._xero_cursor(entity.name)
        calls_before = client.calls
        since = cursor.last_updated - CURSOR_OVERLAP if cursor.last_updated else None
        # Odoo keeps datetimes to the second: what the overlap reads again from the
        # cursor's own second is no news for the schedule
        news_after = cursor.last_updated + CURSOR_OVERLAP if cursor.last_updated else None
        merge = PageMerge(self.sync_run, entity, self.stats)
        page, seen, news = 1, set(), False
        # pages read by number: the cursor may not pass their shared second (``hold``)
        # unless no record was saved in Xero after they began (``numbered_from``)
        hold = numbered_from = None
        saved_meanwhile, newest_read = False, None
        while True:
            query = dict(entity.list_kwargs, order="UpdatedDateUTC ASC")
            if since:
                query["if_modified_since"] = since
            if entity.paged:
                query.update(page=page, page_size=PAGE_SIZE)
            answer = client.accounting_json(self.connection.tenant_id, entity.list_operation, **query)
            records = answer.get(entity.collection, [])
            pagination = answer.get("pagination") or {}
            if not seen:
                total = pagination.get("itemCount")
                cursor.write({"run_done": 0, "run_total": total if total is not None else len(records)})
            new_ids = {r[entity.id_field] for r in records} - seen
            seen |= new_ids
            stamps = [parse_timestamp(r.get("UpdatedDateUTC")) for r in records]
            news = news or any(not news_after or not stamp or stamp >= news_after for stamp in stamps)
            if numbered_from:
                saved_meanwhile = saved_meanwhile or any(stamp and stamp >= numbered_from for stamp in stamps)
            newest = merge.apply(records)
            if newest:
                newest_read = max(newest_read, newest) if newest_read else newest
                settled = min(newest, hold) if hold else newest
                if not cursor.last_updated or settled > cursor.last_updated:
                    cursor.last_updated = settled
            cursor.run_done = min(cursor.run_done + len(new_ids), max(cursor.run_total, cursor.run_done))
            auto_commit(self.connection.env)
            last_page = pagination.get("pageCount") is not None and page >= pagination["pageCount"]
            if not entity.paged or not new_ids or last_page or not newest:
                break
            self.sync_run.check_budget()
            since, next_number = next_page(stamps, newest, since, page)
            if next_number > 1 and not hold:
                hold, numbered_from = newest, client.xero_now or newest
            page = next_number
        if hold and newest_read and newest_read > cursor.last_updated:
            if saved_meanwhile:
                # a record saved in Xero while pages were read by number moved to the end,
                # and the records after it moved up onto a page already read: the cursor
                # stays at their second, which the next run reads again
                news = True
            else:
                cursor.last_updated = newest_read
                auto_commit(self.connection.env)
        self.sync_run.log(entity.name, "pull", self.stats, calls=client.calls - calls_before)
        return news


def next_page(stamps, newest, since, page):
    """(since, page) of the next read after a page whose records have the
    UpdatedDateUTC ``stamps``, the newest being ``newest``."""
    restart = newest - CURSOR_OVERLAP
    read_again = sum(1 for stamp in stamps if stamp and stamp > restart)
    if (since is None or restart > since) and read_again <= len(stamps) // 2:
        return restart, 1
    return since, page + 1


def read_by_ids(run, entity, xero_ids):
    """Whole records by id: one listing by IDs, or one read each where Xero's list
    takes no IDs. The list's own filters apply (a bill is not a sales invoice)."""
    client, tenant_id = run.client, run.connection.tenant_id
    if entity.get_operation:
        records = [
            record
            for xero_id in xero_ids
            for record in client.accounting_json(tenant_id, entity.get_operation, xero_id, **entity.get_kwargs).get(
                entity.collection, []
            )
        ]
    else:
        xero_ids = list(xero_ids)
        records = []
        for start in range(0, len(xero_ids), IDS_PER_READ):
            query = dict(entity.list_kwargs, i_ds=xero_ids[start : start + IDS_PER_READ])
            if entity.paged:
                query["page"] = 1  # a paged read returns whole records
            records += client.accounting_json(tenant_id, entity.list_operation, **query).get(entity.collection, [])
    # a read by id has no where clause: the entity says which records are its own
    return [record for record in records if not entity.accepts or entity.accepts(record)]

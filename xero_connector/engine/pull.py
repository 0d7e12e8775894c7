"""Pulls: what changed in Xero since an entity's cursor, page by page, and records
read by id (webhooks, links made by hand, documents' missing customers)."""

import datetime as dt

from ..xero.xerodates import parse_timestamp
from .log import EntityWork, auto_commit
from .merge import PageMerge

PAGE_SIZE = 1000
# Xero answers 404 to a URL longer than about 2,000 characters (docs/xero-fidelity.md): a
# read by ids names at most this many (40 ids take 1,560 characters, a comma each as %2C)
IDS_PER_READ = 40
# the cursor rewinds this much: Xero's modified-since is exclusive and several records
# can share a millisecond; records read twice compare unchanged
CURSOR_OVERLAP = dt.timedelta(seconds=1)
# reads of an entity's pages in one pull, when records already read are saved meanwhile
READS_PER_PULL = 3


class EntityPull(EntityWork):
    """One entity's pull within a run."""

    def __init__(self, run, entity):
        super().__init__(run, entity)
        self.merge = None

    def run(self):
        """Read what changed since the cursor, page by page; True when Xero had news.

        Pages are read by number, which downloads each record once. A record the
        accounts team saves during the read moves to the end of the ``UpdatedDateUTC``
        order and every record after its old place moves up one, so if it had been read
        already, the first record of the next page slips onto a page already read. Such
        a save shows: the same record comes again on a later page. The cursor then stops
        at the newest record of the page where it was first read, and the read goes on
        from there once more (twice at most; then the next run does). A record saved
        before it was read, or new, shifts only pages not read yet. Until a read ends
        only its first page's newest is committed, so a run killed between pages resumes
        safely. A read ends when Xero's ``pagination`` says the last page was read (a
        server may answer smaller pages than asked), or when a page brings nothing new."""
        entity, client = self.entity, self.client
        cursor = self.connection._xero_cursor(entity.name)
        calls_before = client.calls
        # Odoo keeps datetimes to the second: what the overlap reads again from the
        # cursor's own second is no news for the schedule
        news_after = cursor.last_updated + CURSOR_OVERLAP if cursor.last_updated else None
        self.merge = PageMerge(self.sync_run, entity, self.stats)
        news = False
        for _attempt in range(READS_PER_PULL):
            since = cursor.last_updated - CURSOR_OVERLAP if cursor.last_updated else None
            read_news, saved_meanwhile = self._read_pages(cursor, since, news_after)
            news = news or read_news
            if not saved_meanwhile:
                break
        else:
            news = True  # what a save may have hidden is read at the next run
        self.sync_run.log(entity.name, "pull", self.stats, calls=client.calls - calls_before)
        return news

    def _read_pages(self, cursor, since, news_after):
        """One read of every page since ``since``: (Xero had news, a record already read
        was saved again meanwhile)."""
        entity = self.entity
        page, seen, news = 1, set(), False
        first_read = {}  # record id -> the page it was first read on
        page_newest = {}  # page -> its newest record's UpdatedDateUTC
        saved_after = []  # pages after which a record already read was saved again
        while True:
            query = dict(entity.list_kwargs, order="UpdatedDateUTC ASC")
            if since:
                query["if_modified_since"] = since
            if entity.paged:
                query["page"] = page
                if entity.sized_pages:
                    query["page_size"] = PAGE_SIZE
            answer = self.client.accounting_json(self.connection.tenant_id, entity.list_operation, **query)
            records = answer.get(entity.collection, [])
            pagination = answer.get("pagination") or {}
            if not seen:
                total = pagination.get("itemCount")
                cursor.write({"run_done": 0, "run_total": total if total is not None else len(records)})
            ids = [r[entity.id_field] for r in records]
            new_ids = set(ids) - seen
            saved_after += [first_read[i] for i in ids if i in seen and first_read[i] < page]
            first_read.update((i, page) for i in new_ids)
            seen |= new_ids
            stamps = [parse_timestamp(r.get("UpdatedDateUTC")) for r in records]
            news = news or any(not news_after or not stamp or stamp >= news_after for stamp in stamps)
            newest = self.merge.apply(records)
            if newest:
                page_newest[page] = newest
                if page == 1 and (not cursor.last_updated or newest > cursor.last_updated):
                    cursor.last_updated = newest  # a first page is whole whatever follows
            cursor.run_done = min(cursor.run_done + len(new_ids), max(cursor.run_total, cursor.run_done))
            auto_commit(self.connection.env)
            last_page = pagination.get("pageCount") is not None and page >= pagination["pageCount"]
            if not entity.paged or not new_ids or last_page or not newest:
                break
            self.sync_run.check_budget()
            page += 1
        settled = page_newest.get(min(saved_after)) if saved_after else max(page_newest.values(), default=None)
        if settled and (not cursor.last_updated or settled > cursor.last_updated):
            cursor.last_updated = settled
            auto_commit(self.connection.env)
        return news, bool(saved_after)


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
            chunk = xero_ids[start : start + IDS_PER_READ]
            page = 1
            while True:
                query = dict(entity.list_kwargs, i_ds=chunk)
                if entity.paged:
                    # a paged read returns whole records; a server may answer smaller
                    # pages than asked, so the read follows Xero's pagination
                    query.update(page=page, page_size=len(chunk))
                answer = client.accounting_json(tenant_id, entity.list_operation, **query)
                records += answer.get(entity.collection, [])
                pagination = answer.get("pagination") or {}
                if not entity.paged or page >= (pagination.get("pageCount") or 1):
                    break
                page += 1
    # a read by id has no where clause: the entity says which records are its own
    return [record for record in records if not entity.accepts or entity.accepts(record)]

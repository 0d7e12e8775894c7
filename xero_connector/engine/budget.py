"""The shared rate budget: Xero's per-tenant rate limits (60 calls in any minute, 5 at
once) kept in PostgreSQL, so that every worker and every node calling the same
organisation shares one budget.

Each call is a row of ``xero.api.call``, written and committed in a transaction of its
own before the call and marked finished after it; a per-tenant advisory lock orders the
processes that count. A process that dies mid-call leaves a row that stops counting as
in flight after the call's time-out. Waiting happens in scheduled runs; a user's request
waits a few seconds at most, then leaves the work to the routine sync."""

import contextlib
import dataclasses
import math
import time
import typing

from ..xero.errors import XeroRateLimited, _lt
from ..xero.throttle import MAX_CONCURRENT, MAX_PER_MINUTE

# the first key of the advisory locks that order the counting of one tenant's calls
BUDGET_LOCK_NAMESPACE = 0x58425544  # "XBUD"
# Xero counts a call when it arrives, a moment after it is counted here: a second more
# keeps a call counted late out of the window Xero already closed
WINDOW_SECONDS = 61
CONCURRENT_POLL_SECONDS = 0.2


@dataclasses.dataclass
class SharedBudget:
    """What ``XeroClient`` holds around each call (``hold(tenant_id)``). ``max_wait``:
    the longest a caller may wait for room (None: as long as it takes), beyond which
    Xero's limit is reported as reached (``XeroRateLimited``) without calling Xero."""

    cursor_factory: typing.Callable
    company_id: int = None
    max_wait: float = None
    call_timeout: float = 90
    per_minute: int = MAX_PER_MINUTE
    concurrent: int = MAX_CONCURRENT
    sleep: typing.Callable = time.sleep

    @contextlib.contextmanager
    def hold(self, tenant_id):
        """A place for one call while the block runs: waits for room (or refuses, past
        ``max_wait``), and frees the place after."""
        waited = 0.0
        call_id, wait, problem = self._try(tenant_id)
        while not call_id:
            if self.max_wait is not None and waited + wait > self.max_wait:
                raise XeroRateLimited(
                    _lt("Xero's %s rate limit is reached for now.", problem),
                    retry_after=max(math.ceil(wait), 1),
                    problem=problem,
                )
            self.sleep(wait)
            waited += wait
            call_id, wait, problem = self._try(tenant_id)
        try:
            yield
        finally:
            with self.cursor_factory() as cr:
                cr.execute("UPDATE xero_api_call SET finished = true WHERE id = %s", [call_id])

    def _try(self, tenant_id):
        """(call id, 0, None) when there is room for one more call now, else (None,
        seconds to wait, which limit)."""
        with self.cursor_factory() as cr:
            # a session lock, then a new transaction: under Odoo's repeatable reads, a
            # transaction that waited for a lock would still count from its first snapshot
            cr.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [BUDGET_LOCK_NAMESPACE, tenant_id])
            try:
                # this cursor is the budget's own, never a caller's transaction
                cr.commit()  # pylint: disable=invalid-commit
                found = self._count_or_add(cr, tenant_id)
                cr.commit()  # pylint: disable=invalid-commit
            except Exception:
                cr.rollback()
                raise
            finally:
                cr.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [BUDGET_LOCK_NAMESPACE, tenant_id])
            return found

    def _count_or_add(self, cr, tenant_id):
        """Under the tenant's lock: forget calls out of the window (and the calls of
        workers that died mid-call), count the rest, and take a place if there is one."""
        cr.execute(
            """
            DELETE FROM xero_api_call
             WHERE tenant_id = %(tenant)s
               AND called_at < (clock_timestamp() at time zone 'UTC') - make_interval(secs => %(window)s)
               AND (finished OR called_at < (clock_timestamp() at time zone 'UTC')
                                            - make_interval(secs => %(timeout)s))""",
            {"tenant": tenant_id, "window": WINDOW_SECONDS, "timeout": self.call_timeout},
        )
        cr.execute(
            """
            WITH clock AS (SELECT clock_timestamp() at time zone 'UTC' AS now_utc,
                                  make_interval(secs => %(window)s) AS window_length)
            SELECT count(c.id) FILTER (WHERE c.called_at >= now_utc - window_length),
                   count(c.id) FILTER (WHERE NOT c.finished
                                         AND c.called_at >= now_utc - make_interval(secs => %(timeout)s)),
                   EXTRACT(EPOCH FROM min(c.called_at) FILTER (WHERE c.called_at >= now_utc - window_length)
                                      + window_length - now_utc)
              FROM clock LEFT JOIN xero_api_call c ON c.tenant_id = %(tenant)s
             GROUP BY now_utc, window_length""",
            {"tenant": tenant_id, "window": WINDOW_SECONDS, "timeout": self.call_timeout},
        )
        in_window, in_flight, window_frees_in = cr.fetchone()
        if in_flight >= self.concurrent:
            return None, CONCURRENT_POLL_SECONDS, "concurrent"
        if in_window >= self.per_minute:
            return None, max(float(window_frees_in or 0), CONCURRENT_POLL_SECONDS), "minute"
        cr.execute(
            """
            INSERT INTO xero_api_call (tenant_id, company_id, called_at, finished)
            -- a company created by the caller's own transaction, not committed yet, is
            -- not in the budget's: its call is counted without it
            VALUES (%s, (SELECT id FROM res_company WHERE id = %s), clock_timestamp() at time zone 'UTC', false)
            RETURNING id""",
            [tenant_id, self.company_id],
        )
        return cr.fetchone()[0], 0, None

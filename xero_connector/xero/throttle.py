"""Keeps one process's calls to a Xero tenant under Xero's limits: at most 5 at once
and 60 in any minute. The addon shares the budget between processes in PostgreSQL
(``engine/budget.py``); this in-process one serves the client outside Odoo."""

import collections
import threading
import time

MAX_CONCURRENT = 5
MAX_PER_MINUTE = 60
WINDOW_SECONDS = 60.0


class TenantThrottle:
    def __init__(self, per_minute=MAX_PER_MINUTE, concurrent=MAX_CONCURRENT, clock=time.monotonic, sleep=time.sleep):
        self.per_minute = per_minute
        self._slots = threading.BoundedSemaphore(concurrent)
        self._calls = collections.deque()
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait_time(self):
        """Seconds until one more call fits in the minute window (0: now)."""
        with self._lock:
            now = self._clock()
            while self._calls and now - self._calls[0] >= WINDOW_SECONDS:
                self._calls.popleft()
            if len(self._calls) < self.per_minute:
                self._calls.append(now)
                return 0.0
            return WINDOW_SECONDS - (now - self._calls[0])

    def __enter__(self):
        delay = self.wait_time()
        while delay > 0:
            self._sleep(delay)
            delay = self.wait_time()
        self._slots.acquire()
        return self

    def __exit__(self, *exc_info):
        self._slots.release()


_throttles = {}
_throttles_lock = threading.Lock()


def for_tenant(tenant_id):
    """The process-wide throttle of one tenant."""
    with _throttles_lock:
        return _throttles.setdefault(tenant_id, TenantThrottle())


class ProcessBudget:
    """The budget ``XeroClient`` holds around each call when given none: this process's."""

    def hold(self, tenant_id):
        return for_tenant(tenant_id)

"""A clock that tests can move forward, so that token expiry, rate-limit windows and
idempotency-key lifetimes can be exercised without waiting."""

import datetime as dt
import threading


class Clock:
    def __init__(self):
        self._offset = dt.timedelta()
        self._lock = threading.Lock()

    def now(self):
        """Naive UTC to the millisecond, as Xero's timestamps are."""
        with self._lock:
            moment = dt.datetime.utcnow() + self._offset
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)

    def advance(self, seconds):
        with self._lock:
            self._offset += dt.timedelta(seconds=seconds)

    def reset(self):
        with self._lock:
            self._offset = dt.timedelta()

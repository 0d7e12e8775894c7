"""Xero's per-tenant rate limits: concurrent calls, a fixed one-minute window and a
fixed daily window, reported on every response in the X-*-Remaining headers."""

import datetime as dt
from dataclasses import dataclass

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


@dataclass
class Refusal:
    problem: str  # "concurrent", "minute" or "day", as X-Rate-Limit-Problem says
    retry_after: int  # seconds; Xero sends none for the concurrent limit


def _window(window, now, length):
    start, calls = window
    if start is None or now - start >= length:
        return now, 0
    return start, calls


def admit(state, tenant):
    """Count one call against the tenant, or say which limit refuses it. Caller holds the lock."""
    limits = state.limits
    now = state.clock.now()
    minute_start, minute_calls = _window(tenant.minute_window, now, MINUTE)
    day_start, day_calls = _window(tenant.day_window, now, DAY)
    if limits.concurrent and tenant.in_flight >= limits.concurrent:
        return Refusal("concurrent", 0)
    if limits.per_day and day_calls >= limits.per_day:
        return Refusal("day", _seconds_left(day_start + DAY - now))
    if limits.per_minute and minute_calls >= limits.per_minute:
        return Refusal("minute", _seconds_left(minute_start + MINUTE - now))
    tenant.minute_window = (minute_start, minute_calls + 1)
    tenant.day_window = (day_start, day_calls + 1)
    tenant.in_flight += 1
    state.activity.notify_all()
    return None


def release(state, tenant):
    """Give back a concurrent slot. Caller holds the lock."""
    tenant.in_flight = max(tenant.in_flight - 1, 0)
    state.activity.notify_all()


def _seconds_left(delta):
    return max(int(delta.total_seconds() + 0.999), 1)


def remaining_headers(state, tenant):
    limits = state.limits
    now = state.clock.now()
    _, minute_calls = _window(tenant.minute_window, now, MINUTE)
    _, day_calls = _window(tenant.day_window, now, DAY)
    return {
        "X-MinLimit-Remaining": str(max((limits.per_minute or 10**6) - minute_calls, 0)),
        "X-DayLimit-Remaining": str(max((limits.per_day or 10**6) - day_calls, 0)),
        "X-AppMinLimit-Remaining": str(max(limits.app_per_minute - minute_calls, 0)),
    }

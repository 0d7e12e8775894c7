"""Reading Xero's JSON timestamps (``/Date(1714521600000+0000)/``) as naive UTC values."""

import datetime as dt
import re

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_EPOCH = dt.datetime(1970, 1, 1)


def parse_timestamp(value):
    """A Xero timestamp as a naive UTC datetime (None for no value)."""
    if not value:
        return None
    match = _MS_DATE.match(str(value))
    if match:
        # the milliseconds count from the epoch in UTC; the offset only says where the
        # writer was, so it does not move the instant
        return _EPOCH + dt.timedelta(milliseconds=int(match.group(1)))
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment

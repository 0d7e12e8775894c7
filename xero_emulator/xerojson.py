"""Xero's JSON conventions: MS-JSON dates, decimals, and the response envelope."""

import datetime as dt
import json
import re
import uuid
from decimal import Decimal

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
EPOCH = dt.datetime(1970, 1, 1)


def ms_date(value):
    """Render a date or naive-UTC datetime the way Xero writes it: /Date(ms+0000)/."""
    if isinstance(value, dt.datetime):
        millis = int((value - EPOCH).total_seconds() * 1000)
    else:
        millis = int((dt.datetime.combine(value, dt.time()) - EPOCH).total_seconds() * 1000)
    return "/Date(%d+0000)/" % millis


def parse_date(value):
    """Read a date sent by a client: MS-JSON (what the SDK sends) or ISO-8601."""
    if value in (None, ""):
        return None
    match = _MS_DATE.match(str(value))
    if match:
        moment = EPOCH + dt.timedelta(milliseconds=int(match.group(1)))
        offset = match.group(2)
        if offset:
            sign = 1 if offset[0] == "+" else -1
            moment += sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:]))
        return moment.date()
    return dt.date.fromisoformat(str(value)[:10])


def parse_timestamp(value):
    """Read an If-Modified-Since value (ISO-8601, with or without offset) as naive UTC."""
    moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


def new_id():
    return str(uuid.uuid4())


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        if isinstance(o, (dt.date, dt.datetime)):
            return ms_date(o)
        return super().default(o)


def dumps(payload):
    return json.dumps(payload, cls=_Encoder, ensure_ascii=False)


def loads(raw):
    return json.loads(raw, parse_float=Decimal, parse_int=Decimal)


def prune(value):
    """Xero leaves out fields that have no value rather than sending null."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value

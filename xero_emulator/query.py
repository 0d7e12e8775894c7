"""The list-query language of the Accounting API: ``where``, ``order`` and paging.

Only the forms the connector uses are understood: comparisons joined by AND, on
plain or dotted fields, against strings, numbers, booleans, ``Guid("...")`` and
``DateTime(y, m, d[, h, m, s])``. Anything else is a 400, as on Xero.

Xero's ``where`` is a .NET Dynamic LINQ expression (its error messages are that
library's): a string literal is double-quoted, a quote inside it is written twice, and
a backslash is an ordinary character. A literal may hold `` AND `` or ``&&``.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100

_CONDITION = re.compile(r"""^\s*(?P<field>[A-Za-z][\w.]*)\s*(?P<op>==|!=|>=|<=|>|<)\s*(?P<value>.+?)\s*$""")
_GUID = re.compile(r'^Guid\(\s*"?([0-9a-fA-F-]{36})"?\s*\)$')
_DATETIME = re.compile(r"^DateTime\(([\d\s,]+)\)$")
_SPLIT_AND = re.compile(r"\s+(?:AND|&&)\s+", re.IGNORECASE)

# Xero matches these contact fields ignoring case and accents.
FOLDED_FIELDS = {"Name", "EmailAddress", "AccountNumber"}


class QueryError(ValueError):
    pass


def fold(text):
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _read_literal(text, start):
    """The string literal whose opening quote is at ``start``: (its value, the index
    just after its closing quote)."""
    pieces, position = [], start + 1
    while True:
        end = text.find('"', position)
        if end < 0:
            raise QueryError("Unterminated string literal")
        pieces.append(text[position:end])
        if not text.startswith('"', end + 1):
            return "".join(pieces), end + 1
        pieces.append('"')  # a doubled quote is one quote, and the literal goes on
        position = end + 2


def _split_conditions(text):
    """The conditions joined by AND (or &&) outside string literals."""
    parts, start, position = [], 0, 0
    while position < len(text):
        if text[position] == '"':
            position = _read_literal(text, position)[1]
            continue
        joint = _SPLIT_AND.match(text, position)
        if joint:
            parts.append(text[start:position])
            start = position = joint.end()
        else:
            position += 1
    parts.append(text[start:])
    return parts


def _parse_value(raw):
    raw = raw.strip()
    if raw.startswith('"'):
        value, end = _read_literal(raw, 0)
        if end != len(raw):
            raise QueryError("Syntax error")  # Xero's words for what follows a literal
        return value
    guid = _GUID.match(raw)
    if guid:
        return guid.group(1).lower()
    moment = _DATETIME.match(raw)
    if moment:
        parts = [int(p) for p in moment.group(1).split(",") if p.strip()]
        return dt.datetime(*parts)
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    try:
        return Decimal(raw)
    except ArithmeticError:
        raise QueryError("Unable to parse the value %s in the where clause" % raw) from None


def parse_where(text):
    """Return a list of (dotted field, operator, value) conditions, all to be met."""
    conditions = []
    for part in _split_conditions(text.strip()):
        match = _CONDITION.match(part)
        if not match:
            raise QueryError("Unable to parse the where clause: %s" % part)
        conditions.append((match["field"], match["op"], _parse_value(match["value"])))
    return conditions


def _lookup(record, dotted):
    value = record
    for name in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _comparable(left, right, field):
    if isinstance(right, dt.datetime):
        if isinstance(left, dt.date) and not isinstance(left, dt.datetime):
            left = dt.datetime.combine(left, dt.time())
        return left, right
    if isinstance(right, bool):
        return bool(left), right
    if isinstance(right, Decimal):
        return Decimal(str(left if left is not None else 0)), right
    if field.split(".")[-1] in FOLDED_FIELDS:
        return fold(left or ""), fold(right)
    if field.endswith("ID"):
        return str(left or "").lower(), right.lower()
    return "" if left is None else str(left), right


def matches(record, conditions):
    for field, op, value in conditions:
        left, right = _comparable(_lookup(record, field), value, field)
        try:
            ok = {
                "==": left == right,
                "!=": left != right,
            }.get(op)
            if ok is None:
                if left is None:
                    return False
                ok = {">=": left >= right, "<=": left <= right, ">": left > right, "<": left < right}[op]
        except TypeError:
            raise QueryError("Cannot compare %s with %r" % (field, value)) from None
        if not ok:
            return False
    return True


def sort_records(records, order, default_key):
    """``order`` is e.g. "UpdatedDateUTC ASC" or "Name DESC, ContactID"; ties break on the id."""
    keys = [(default_key, False)]
    if order:
        keys = []
        for clause in order.split(","):
            words = clause.split()
            if not words:
                continue
            keys.append((words[0], len(words) > 1 and words[1].upper() == "DESC"))
        keys.append((default_key, False))
    result = list(records)
    for field, descending in reversed(keys):
        result.sort(key=lambda rec, f=field: _sort_key(_lookup(rec, f)), reverse=descending)
    return result


def _sort_key(value):
    if value is None:
        return (0, "")
    if isinstance(value, (int, float, Decimal)):
        return (1, Decimal(str(value)))
    if isinstance(value, (dt.date, dt.datetime)):
        return (2, value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time()))
    return (3, fold(value))


def page_slice(records, page, page_size):
    """Slice one page and describe it as Xero's ``pagination`` block does."""
    page_size = min(max(page_size or DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
    page = max(page, 1)
    count = len(records)
    start = (page - 1) * page_size
    pagination = {
        "page": page,
        "pageSize": page_size,
        "pageCount": (count + page_size - 1) // page_size,
        "itemCount": count,
    }
    return records[start : start + page_size], pagination


def parse_bool(value, default=False):
    """The SDK sends Python's True/False; other clients send true/false."""
    if value is None:
        return default
    return str(value).strip().lower() in ("true", "1", "yes")

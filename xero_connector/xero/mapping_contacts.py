"""Customers: Odoo partner values <-> Xero Contact payloads. Pure functions; the partner
model gathers and applies the values, the engine moves them.

The Odoo side is a plain dict (see ``FIELDS``); nested values are plain too: an address
is a dict of ``ADDRESS_KEYS`` (or False when empty) and ``persons`` is a list of
``{"first_name", "last_name", "email"}``. Both functions produce exactly what the other
reads back, so a record that did not change compares equal after a round trip.
"""

import functools
import logging
import re
import unicodedata

from . import entities
from .errors import _lt

try:  # Python 3.11+; ``sre_parse`` is deprecated there
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants
    import sre_parse

_logger = logging.getLogger(__name__)

# the Odoo values this mapping reads and writes, in the order they are compared
FIELDS = (
    "name",
    "email",
    "phone",
    "mobile",
    "vat",
    "ref",
    "active",
    "currency",
    "first_name",
    "last_name",
    "tax_type",
    "billing_address",
    "delivery_address",
    "persons",
    "payment_terms",
)
# what Xero alone knows: imported, shown, never pushed nor compared (Xero's API takes no
# branding theme for a contact, on create or update: it is set in Xero only)
READONLY_FIELDS = ("is_customer", "is_supplier", "outstanding", "overdue", "xero_terms", "branding_theme")
ADDRESS_KEYS = ("street", "street2", "city", "state", "zip", "country")
MAX_PERSONS = 5  # Xero keeps at most five ContactPersons
NAME_LIMIT = 255
CODE_LIMIT = 50  # AccountNumber, TaxNumber
# what a template contact passes on to the contacts created from Odoo
TEMPLATE_FIELDS = (
    "PaymentTerms",
    "SalesTrackingCategories",
    "SalesDefaultAccountCode",
    "PurchasesDefaultAccountCode",
    "AccountsReceivableTaxType",
    "AccountsPayableTaxType",
)
# Xero's sales payment terms (``PaymentTerms.Sales.Type``), a day count or day of month
AFTER_INVOICE_DATE = "DAYSAFTERBILLDATE"  # N days after the invoice date
AFTER_INVOICE_MONTH = "DAYSAFTERBILLMONTH"  # N days after the end of the invoice month
OF_CURRENT_MONTH = "OFCURRENTMONTH"  # day N of the invoice month
OF_FOLLOWING_MONTH = "OFFOLLOWINGMONTH"  # day N of the month after
TERM_TYPES = (AFTER_INVOICE_DATE, AFTER_INVOICE_MONTH, OF_CURRENT_MONTH, OF_FOLLOWING_MONTH)
# Odoo's payment term line (``delay_type``) of each Xero type Odoo can express; Odoo
# has no "day N of this month"
ODOO_DELAY_TYPES = {
    AFTER_INVOICE_DATE: "days_after",
    AFTER_INVOICE_MONTH: "days_after_end_of_month",
    OF_FOLLOWING_MONTH: "days_end_of_month_on_the",
}
# the value of Odoo terms that have no Xero equivalent (instalments, early discount...):
# never sent, never overwritten by Xero's
ODOO_ONLY_TERMS = {"type": "ODOO_ONLY"}
DEFAULT_B2C_PATTERN = r"^\s*(mr|mrs|ms|miss|mx|dr)\b\.?\s|\bfamily\s*$"

_XERO_ADDRESS = (
    ("street", "AddressLine1"),
    ("street2", "AddressLine2"),
    ("city", "City"),
    ("state", "Region"),
    ("zip", "PostalCode"),
    ("country", "Country"),
)


def to_xero(values):
    """``values``: the FIELDS of one partner (False for empty, as Odoo reads them)."""
    payload = {
        "Name": (values.get("name") or "").strip(),
        "EmailAddress": values.get("email") or "",
        "TaxNumber": values.get("vat") or "",
        "AccountNumber": values.get("ref") or "",
        "ContactStatus": "ACTIVE" if values.get("active", True) else "ARCHIVED",
        "FirstName": values.get("first_name") or "",
        "LastName": values.get("last_name") or "",
        "Phones": [
            {"PhoneType": "DEFAULT", "PhoneNumber": values.get("phone") or ""},
            {"PhoneType": "MOBILE", "PhoneNumber": values.get("mobile") or ""},
        ],
        "Addresses": [
            _address_to_xero("POBOX", values.get("billing_address")),
            _address_to_xero("STREET", values.get("delivery_address")),
        ],
        "ContactPersons": [
            {
                "FirstName": p.get("first_name") or "",
                "LastName": p.get("last_name") or "",
                "EmailAddress": p.get("email") or "",
                "IncludeInEmails": bool(p.get("email")),
            }
            for p in (values.get("persons") or [])[:MAX_PERSONS]
        ],
    }
    if values.get("currency"):
        payload["DefaultCurrency"] = values["currency"]
    if values.get("tax_type"):
        payload["AccountsReceivableTaxType"] = values["tax_type"]
    terms = values.get("payment_terms")
    if terms and terms["type"] in TERM_TYPES:
        payload["PaymentTerms"] = {"Sales": {"Day": terms["day"], "Type": terms["type"]}}
    return payload


def from_xero(contact):
    phones = {p.get("PhoneType"): _phone_text(p) for p in contact.get("Phones") or []}
    addresses = {a.get("AddressType"): a for a in contact.get("Addresses") or []}
    balances = (contact.get("Balances") or {}).get("AccountsReceivable") or {}
    return {
        "name": contact.get("Name") or "",
        "email": contact.get("EmailAddress") or False,
        "phone": phones.get("DEFAULT") or False,
        "mobile": phones.get("MOBILE") or False,
        "vat": contact.get("TaxNumber") or False,
        "ref": contact.get("AccountNumber") or False,
        "active": contact.get("ContactStatus", "ACTIVE") != "ARCHIVED",
        "currency": contact.get("DefaultCurrency") or False,
        "first_name": contact.get("FirstName") or False,
        "last_name": contact.get("LastName") or False,
        "tax_type": contact.get("AccountsReceivableTaxType") or False,
        "billing_address": _address_from_xero(addresses.get("POBOX")),
        "delivery_address": _address_from_xero(addresses.get("STREET")),
        "persons": [
            {
                "first_name": p.get("FirstName") or False,
                "last_name": p.get("LastName") or False,
                "email": p.get("EmailAddress") or False,
            }
            for p in contact.get("ContactPersons") or []
        ],
        "payment_terms": terms_from_xero(contact),
        "branding_theme": (contact.get("BrandingTheme") or {}).get("BrandingThemeID") or False,
        "xero_terms": terms_from_xero(contact),  # shown as Xero has them, even where Odoo cannot
        # read-only figures: float, not Decimal, so they store as they are
        "is_customer": bool(contact.get("IsCustomer")),
        "is_supplier": bool(contact.get("IsSupplier")),
        "outstanding": float(balances.get("Outstanding") or 0),
        "overdue": float(balances.get("Overdue") or 0),
    }


def terms_from_xero(contact):
    """The contact's sales payment terms as ``{"type", "day"}``, or False for none."""
    sales = (contact.get("PaymentTerms") or {}).get("Sales") or {}
    if sales.get("Type") not in TERM_TYPES:
        return False
    return {"type": sales["Type"], "day": int(sales.get("Day") or 0)}


def terms_of_odoo(lines, early_discount=False):
    """Xero's terms for an Odoo payment term given as its lines (dicts of ``value``,
    ``value_amount``, ``delay_type``, ``nb_days``, ``days_next_month``): one line of the
    whole amount, due by a rule Xero has. ``ODOO_ONLY_TERMS`` otherwise."""
    if early_discount or len(lines) != 1:
        return ODOO_ONLY_TERMS
    line = lines[0]
    if line["value"] != "percent" or round(line["value_amount"], 2) != 100:
        return ODOO_ONLY_TERMS
    days = line["nb_days"] or 0
    if line["delay_type"] == "days_after":
        return {"type": AFTER_INVOICE_DATE, "day": days}
    if line["delay_type"] == "days_after_end_of_month":
        return {"type": AFTER_INVOICE_MONTH, "day": days}
    day_of_month = str(line.get("days_next_month") or "")
    if line["delay_type"] == "days_end_of_month_on_the" and not days and day_of_month.isdigit():
        if 1 <= int(day_of_month) <= 31:
            return {"type": OF_FOLLOWING_MONTH, "day": int(day_of_month)}
    return ODOO_ONLY_TERMS


def odoo_line_of_terms(terms):
    """The one Odoo payment term line of Xero's ``terms``; None where Odoo has no
    equivalent (day N of the invoice month)."""
    delay_type = ODOO_DELAY_TYPES.get(terms["type"])
    if delay_type is None:
        return None
    line = {"value": "percent", "value_amount": 100.0, "delay_type": delay_type, "nb_days": terms["day"]}
    if terms["type"] == OF_FOLLOWING_MONTH:
        line.update(nb_days=0, days_next_month=str(terms["day"]))
    return line


def terms_exchanged(terms):
    """Whether both sides can hold these terms (else each keeps its own)."""
    return not terms or terms["type"] in ODOO_DELAY_TYPES


def template_defaults(contact):
    """What a contact created from Odoo inherits from the admin's template contact."""
    defaults = {field: contact[field] for field in TEMPLATE_FIELDS if contact.get(field)}
    if "PaymentTerms" in defaults:  # sales terms only: purchases are not ours to set
        sales = defaults["PaymentTerms"].get("Sales")
        defaults["PaymentTerms"] = {"Sales": sales} if sales else None
    return {k: v for k, v in defaults.items() if v}


def split_name(name):
    """A person's name as Xero's first and last name: the last word is the last name."""
    words = (name or "").split()
    if not words:
        return False, False
    if len(words) == 1:
        return words[0], False
    return " ".join(words[:-1]), words[-1]


def join_name(first, last):
    return " ".join(part for part in (first, last) if part)


def fold(text):
    """Case- and accent-insensitive key of a name, as Xero compares contact names."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def is_b2c(name, pattern=DEFAULT_B2C_PATTERN):
    """True when a contact's name says it is a private person or household. A pattern
    ``b2c_pattern_problem`` refuses (stored before the check, or around it) matches no
    name: a sync run goes on with companies rather than stall or fail on it."""
    if not pattern:
        return False
    regex = _b2c_regex(pattern)
    # Xero's names are at most NAME_LIMIT long: nothing longer is worth the time
    return bool(regex and regex.search((name or "")[:NAME_LIMIT]))


# what ``b2c_pattern_problem`` allows; see there why
B2C_PATTERN_LIMIT = 200
B2C_WAYS_LIMIT = 100_000
_REPEATS = {
    sre_constants.MAX_REPEAT,
    sre_constants.MIN_REPEAT,
    getattr(sre_constants, "POSSESSIVE_REPEAT", sre_constants.MAX_REPEAT),  # 3.11+
}
_BACKREFERENCES = {sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS}
_ASSERTIONS = {sre_constants.ASSERT, sre_constants.ASSERT_NOT}


class _Refused(Exception):
    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


def b2c_pattern_problem(pattern):
    """Why ``pattern`` cannot be the private-customer pattern (an ``XeroText``), or None.

    It is matched against every imported contact's name, so besides compiling it must
    not be able to backtrack for ever: Python's engine backtracks without limit. The
    parsed pattern is read for the shapes that explode:

    - a repeated group holding a repeat, as ``(a+)+`` or ``(.*)*``: exponential;
    - a repeated group holding alternatives, as ``(x|x)*`` or ``(a|ab)*``: exponential
      when two alternatives can match the same text, which is not told apart here;
    - a backreference or a condition on a group (``\\1``, ``(?P=n)``, ``(?(1)..)``);
    - too many ways to try in a row: each repeat one after another multiplies the ways
      by the name's length (``.*.*.*x`` takes seconds on a 255-character name), each
      alternation by its number of alternatives (``(a|a)(a|a)..`` doubles the time
      with each pair); the product must stay under ``B2C_WAYS_LIMIT``.

    Lookaheads and lookbehinds are read like the rest (Python's lookbehinds have a
    fixed width). The pattern's length is capped too."""
    if len(pattern) > B2C_PATTERN_LIMIT:
        return _lt(
            "The private customer pattern is %(length)s characters long; at most %(limit)s are allowed.",
            length=len(pattern),
            limit=B2C_PATTERN_LIMIT,
        )
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
        re.compile(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as error:
        return _lt("The private customer pattern is not a valid regular expression: %s", str(error))
    try:
        ways = _ways(parsed, repeated=False)
    except _Refused as refused:
        return refused.problem
    if ways > B2C_WAYS_LIMIT:
        return _lt(
            "The private customer pattern has too many repeats (*, +, ?, {m,n}) and alternatives (|) one "
            "after another: it could try more than %s ways to match a long name. Use fewer of them.",
            format(B2C_WAYS_LIMIT, ","),  # no f-string: Odoo 18's .pot export misses the strings after one
        )
    return None


def _ways(items, repeated):
    """About how many ways ``items`` (a parsed pattern) can match the start of a name of
    NAME_LIMIT characters, at most; ``repeated``: they are inside a group that repeats.
    Raises ``_Refused`` on a shape that can take exponential time."""
    ways = 1
    for op, value in items:
        if op in _BACKREFERENCES:
            raise _Refused(
                _lt(
                    "The private customer pattern refers back to a group (as \\1, (?P=name) or (?(1)...)): "
                    "matching it can take for ever on a long name. Write it without."
                )
            )
        if op in _REPEATS:
            low, high, body = value
            choices = min(high, NAME_LIMIT) - min(low, NAME_LIMIT) + 1
            if repeated and choices > 1:
                raise _Refused(
                    _lt(
                        "The private customer pattern repeats a group that itself repeats, as in (a+)+ or "
                        "(.*)*: matching it can take for ever on a long name. Repeat either the group or "
                        "what is inside it."
                    )
                )
            ways *= choices * _ways(body, repeated or high > 1)
        elif op == sre_constants.BRANCH:
            if repeated:
                raise _Refused(
                    _lt(
                        "The private customer pattern repeats a group of alternatives, as in (a|ab)*: when "
                        "two of them can match the same text, matching it can take for ever on a long "
                        "name. Use a character class such as [ab], or do not repeat the group."
                    )
                )
            ways *= sum(_ways(branch, repeated) for branch in value[1])
        elif op == sre_constants.SUBPATTERN:
            ways *= _ways(value[-1], repeated)
        elif op in _ASSERTIONS:
            ways *= _ways(value[1], repeated)
        elif op == getattr(sre_constants, "ATOMIC_GROUP", None):  # 3.11+
            ways *= _ways(value, repeated)
    return ways


@functools.lru_cache(maxsize=32)
def _b2c_regex(pattern):
    """The compiled pattern, or None when refused: said once in the log, not per name
    (cached, as compiling and checking it once per run is enough)."""
    problem = b2c_pattern_problem(pattern)
    if problem is not None:
        _logger.warning("Private customer pattern %s not used, no name matches it. %s", pattern, problem)
        return None
    return re.compile(pattern, re.IGNORECASE)


def _address_to_xero(kind, address):
    address = address or {}
    return dict({"AddressType": kind}, **{xero: address.get(odoo) or "" for odoo, xero in _XERO_ADDRESS})


def _address_from_xero(address):
    values = {odoo: (address or {}).get(xero) or False for odoo, xero in _XERO_ADDRESS}
    return values if any(values.values()) else False


def _phone_text(phone):
    parts = (phone.get("PhoneCountryCode"), phone.get("PhoneAreaCode"), phone.get("PhoneNumber"))
    return " ".join(p for p in parts if p)


entities.register(
    entities.Entity(
        name=entities.CONTACT,
        group="customers",
        odoo_model="res.partner",
        collection="Contacts",
        id_field="ContactID",
        list_operation="get_contacts",
        write_operation="update_or_create_contacts",
        # POST /Contacts with a Name another contact has updates that contact: create with PUT
        create_operation="create_contacts",
        scope_area="contacts",
        to_xero=to_xero,
        from_xero=from_xero,
        list_kwargs={"include_archived": True},
        webhook_category="CONTACT",
        readonly_fields=READONLY_FIELDS,
        merged_field="MergedToContactID",
        history_operation="create_contact_history",
    )
)

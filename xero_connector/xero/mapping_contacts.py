"""Customers: Odoo partner values <-> Xero Contact payloads. Pure functions; the partner
model gathers and applies the values, the engine moves them.

The Odoo side is a plain dict (see ``FIELDS``); nested values are plain too: an address
is a dict of ``ADDRESS_KEYS`` (or False when empty) and ``persons`` is a list of
``{"first_name", "last_name", "email"}``. Both functions produce exactly what the other
reads back, so a record that did not change compares equal after a round trip.
"""

import re
import unicodedata

from . import entities

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
)
# what Xero alone knows: imported, shown, never pushed nor compared
READONLY_FIELDS = ("is_customer", "is_supplier", "outstanding", "overdue")
ADDRESS_KEYS = ("street", "street2", "city", "state", "zip", "country")
MAX_PERSONS = 5  # Xero keeps at most five ContactPersons
NAME_LIMIT = 255
CODE_LIMIT = 50  # AccountNumber, TaxNumber
# what a template contact passes on to the contacts created from Odoo
TEMPLATE_FIELDS = (
    "BrandingTheme",
    "PaymentTerms",
    "SalesTrackingCategories",
    "SalesDefaultAccountCode",
    "PurchasesDefaultAccountCode",
    "AccountsReceivableTaxType",
    "AccountsPayableTaxType",
)
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
        # read-only figures: float, not Decimal, so they store as they are
        "is_customer": bool(contact.get("IsCustomer")),
        "is_supplier": bool(contact.get("IsSupplier")),
        "outstanding": float(balances.get("Outstanding") or 0),
        "overdue": float(balances.get("Overdue") or 0),
    }


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
    """True when a contact's name says it is a private person or household."""
    return bool(pattern) and bool(re.search(pattern, name or "", re.IGNORECASE))


def _address_to_xero(kind, address):
    address = address or {}
    return dict({"AddressType": kind}, **{xero: address.get(odoo) or "" for odoo, xero in _XERO_ADDRESS})


def _address_from_xero(address):
    values = {odoo: (address or {}).get(xero) or False for odoo, xero in _XERO_ADDRESS}
    return values if any(values.values()) else False


def _phone_text(phone):
    parts = (phone.get("PhoneCountryCode"), phone.get("PhoneAreaCode"), phone.get("PhoneNumber"))
    return " ".join(p for p in parts if p)


CONTACT = entities.register(
    entities.Entity(
        name="contact",
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

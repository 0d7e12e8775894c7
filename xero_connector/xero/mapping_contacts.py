"""Customers: Odoo partner values <-> Xero Contact payloads. Pure functions; the partner
model gathers and applies the values, the engine moves them."""
from . import entities

# the Odoo values this mapping reads and writes, in the order they are compared
FIELDS = ("name", "email", "phone", "mobile", "vat", "ref", "active")


def to_xero(values):
    """``values``: the FIELDS of one partner (False for empty, as Odoo reads them)."""
    payload = {
        "Name": (values.get("name") or "").strip(),
        "EmailAddress": values.get("email") or "",
        "TaxNumber": values.get("vat") or "",
        "AccountNumber": values.get("ref") or "",
        "ContactStatus": "ACTIVE" if values.get("active", True) else "ARCHIVED",
        "Phones": [
            {"PhoneType": "DEFAULT", "PhoneNumber": values.get("phone") or ""},
            {"PhoneType": "MOBILE", "PhoneNumber": values.get("mobile") or ""},
        ],
    }
    return payload


def from_xero(contact):
    phones = {p.get("PhoneType"): _phone_text(p) for p in contact.get("Phones") or []}
    return {
        "name": contact.get("Name") or "",
        "email": contact.get("EmailAddress") or False,
        "phone": phones.get("DEFAULT") or False,
        "mobile": phones.get("MOBILE") or False,
        "vat": contact.get("TaxNumber") or False,
        "ref": contact.get("AccountNumber") or False,
        "active": contact.get("ContactStatus", "ACTIVE") != "ARCHIVED",
    }


def _phone_text(phone):
    parts = (phone.get("PhoneCountryCode"), phone.get("PhoneAreaCode"), phone.get("PhoneNumber"))
    return " ".join(p for p in parts if p)


CONTACT = entities.register(entities.Entity(
    name="contact", odoo_model="res.partner", collection="Contacts", id_field="ContactID",
    list_operation="get_contacts", write_operation="update_or_create_contacts",
    to_xero=to_xero, from_xero=from_xero, list_kwargs={"include_archived": True},
    webhook_category="CONTACT",
))

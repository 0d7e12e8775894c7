"""An update carries only what changed in Odoo: the parts of a payload that differ."""

from xero_connector.xero import mapping_contacts, mapping_items
from xero_connector.xero.payload_diff import changed_parts

AGREED = {
    "name": "Bayside Club",
    "email": "secretary@bayside.example",
    "phone": "04 555 0100",
    "mobile": False,
    "billing_address": {"street": "Ridgeway Road 14", "city": "Wellington", "country": "New Zealand"},
}


def test_one_changed_field_sends_one_element():
    new = dict(AGREED, email="new@bayside.example")
    parts = changed_parts(mapping_contacts.to_xero(new), mapping_contacts.to_xero(AGREED))
    assert parts == {"EmailAddress": "new@bayside.example"}


def test_a_changed_phone_sends_only_its_type():
    new = dict(AGREED, mobile="021 555 000")
    parts = changed_parts(mapping_contacts.to_xero(new), mapping_contacts.to_xero(AGREED))
    assert parts == {"Phones": [{"PhoneType": "MOBILE", "PhoneNumber": "021 555 000"}]}


def test_nothing_changed_sends_nothing():
    assert changed_parts(mapping_contacts.to_xero(AGREED), mapping_contacts.to_xero(AGREED)) == {}


def test_an_items_price_sends_its_sales_details_whole():
    agreed = {"code": "DESK", "name": "Desk", "sale_price": 650.0, "sales_account": "200", "sale_ok": True}
    parts = changed_parts(mapping_items.to_xero(dict(agreed, sale_price=700.0)), mapping_items.to_xero(agreed))
    assert parts == {"SalesDetails": {"UnitPrice": 700.0, "AccountCode": "200"}}

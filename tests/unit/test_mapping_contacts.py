"""The contact mapping pair, without a database: every mapped field survives the round trip."""
from xero_connector.xero import entities
from xero_connector.xero.mapping_contacts import FIELDS, from_xero, to_xero

PARTNER = {"name": "Bayside Club", "email": "secretary@bayside.example", "phone": "04 555 0100",
           "mobile": "021 555 0199", "vat": "123-456-789", "ref": "BAY001", "active": True}


def test_every_mapped_field_round_trips():
    assert set(PARTNER) == set(FIELDS)
    assert from_xero(to_xero(PARTNER)) == PARTNER


def test_archived_partner_is_an_archived_contact_and_back():
    payload = to_xero(dict(PARTNER, active=False))
    assert payload["ContactStatus"] == "ARCHIVED"
    assert from_xero(payload)["active"] is False


def test_empty_values_are_sent_empty_and_read_back_as_odoo_empties():
    empty = dict.fromkeys(FIELDS, False)
    empty.update(name="Solo", active=True)
    payload = to_xero(empty)
    assert payload["EmailAddress"] == "" and payload["AccountNumber"] == ""
    assert from_xero(payload) == empty


def test_phone_parts_from_xero_are_joined():
    contact = {"Name": "X", "Phones": [{"PhoneType": "DEFAULT", "PhoneCountryCode": "64",
                                        "PhoneAreaCode": "4", "PhoneNumber": "555 0100"}]}
    assert from_xero(contact)["phone"] == "64 4 555 0100"


def test_contact_entity_is_registered_for_the_engine():
    contact = entities.get("contact")
    assert (contact.collection, contact.id_field, contact.odoo_model) == ("Contacts", "ContactID", "res.partner")
    assert contact.to_xero is to_xero and contact.from_xero is from_xero

"""The item mapping pair, without a database."""

from xero_connector.xero import entities
from xero_connector.xero.mapping_items import FIELDS, NAME_LIMIT, READONLY_FIELDS, from_xero, to_xero

PRODUCT = {
    "code": "DESK-OAK",
    "name": "Oak office desk",
    "description": "Solid oak, 1.6 m",
    "sale_price": 650.1234,
    "cost": 380.5,
    "sales_account": "200",
    "purchase_account": "300",
    "sales_tax_type": "OUTPUT2",
    "purchase_tax_type": "INPUT2",
    "sale_ok": True,
    "purchase_ok": False,
    "active": True,
}


def mapped(values):
    return {k: v for k, v in values.items() if k not in READONLY_FIELDS}


def test_every_mapped_field_round_trips():
    assert set(PRODUCT) == set(FIELDS)
    assert mapped(from_xero(to_xero(PRODUCT))) == PRODUCT


def test_payload_uses_xero_names():
    payload = to_xero(PRODUCT)
    assert payload["SalesDetails"] == {"UnitPrice": 650.1234, "AccountCode": "200", "TaxType": "OUTPUT2"}
    assert payload["PurchaseDetails"] == {"UnitPrice": 380.5, "AccountCode": "300", "TaxType": "INPUT2"}
    assert (payload["IsSold"], payload["IsPurchased"]) == (True, False)


def test_a_long_name_is_cut_for_xero_and_comes_back_whole():
    long_name = "Executive height-adjustable oak desk with cable tray and drawers"
    payload = to_xero(dict(PRODUCT, name=long_name))
    assert payload["Name"] == long_name[:NAME_LIMIT]
    assert payload["Description"] == long_name + "\nSolid oak, 1.6 m"
    back = from_xero(payload)
    assert (back["name"], back["description"]) == (long_name, "Solid oak, 1.6 m")


def test_an_archived_product_is_an_item_neither_sold_nor_purchased():
    payload = to_xero(dict(PRODUCT, active=False, sale_ok=False, purchase_ok=False))
    assert (payload["IsSold"], payload["IsPurchased"]) == (False, False)
    assert from_xero(payload)["active"] is False


def test_stock_is_read_only_for_tracked_items():
    tracked = from_xero({"Code": "X", "Name": "X", "IsTrackedAsInventory": True, "QuantityOnHand": "12.5"})
    untracked = from_xero({"Code": "Y", "Name": "Y", "IsTrackedAsInventory": False})
    assert (tracked["tracked"], tracked["qty_on_hand"]) == (True, 12.5)
    assert (untracked["tracked"], untracked["qty_on_hand"]) == (False, 0.0)
    assert "QuantityOnHand" not in to_xero(PRODUCT)


def test_item_entity_is_registered_after_contacts():
    # contact groups sit between: a contact's groups follow the contact
    assert [e.name for e in entities.all_entities()][:3] == ["contact", "contact_group", "item"]
    item = entities.get("item")
    assert (item.collection, item.id_field, item.paged, item.write_kwargs) == ("Items", "ItemID", False, {"unitdp": 4})

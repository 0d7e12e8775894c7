"""Products: Odoo product values <-> Xero Item payloads. Pure functions; the product
model gathers and applies the values, the engine moves them.

Xero's item name holds 50 characters: a longer Odoo name goes out cut, with the whole
name as the first line of the description, and comes back whole from there. The API
has no archive flag for items: an archived product is an item neither sold nor
purchased, and such an item comes back as an archived product.
"""

from . import entities

FIELDS = (
    "code",
    "name",
    "description",
    "sale_price",
    "cost",
    "sales_account",
    "purchase_account",
    "sales_tax_type",
    "purchase_tax_type",
    "sale_ok",
    "purchase_ok",
    "active",
)
# what Xero alone knows: imported and shown, never pushed nor compared
READONLY_FIELDS = ("tracked", "qty_on_hand")
NAME_LIMIT = 50
CODE_LIMIT = 30
DESCRIPTION_LIMIT = 4000
UNIT_DECIMALS = 4  # prices travel with unitdp=4


def to_xero(values):
    """``values``: the FIELDS of one product (False for empty, as Odoo reads them)."""
    name = (values.get("name") or "").strip()
    description = values.get("description") or ""
    if len(name) > NAME_LIMIT:
        description = name + ("\n" + description if description else "")
    active = values.get("active", True)
    return {
        "Code": values.get("code") or "",
        "Name": name[:NAME_LIMIT],
        "Description": description,
        "IsSold": bool(values.get("sale_ok")) and active,
        "IsPurchased": bool(values.get("purchase_ok")) and active,
        "SalesDetails": _details(values.get("sale_price"), values.get("sales_account"), values.get("sales_tax_type")),
        "PurchaseDetails": _details(
            values.get("cost"), values.get("purchase_account"), values.get("purchase_tax_type")
        ),
    }


def from_xero(item):
    name = item.get("Name") or ""
    description = item.get("Description") or ""
    first_line, _newline, rest = description.partition("\n")
    if len(name) == NAME_LIMIT and len(first_line) > NAME_LIMIT and first_line.startswith(name):
        name, description = first_line, rest  # the whole name, kept by to_xero
    sales, purchases = item.get("SalesDetails") or {}, item.get("PurchaseDetails") or {}
    is_sold, is_purchased = bool(item.get("IsSold")), bool(item.get("IsPurchased"))
    return {
        "code": item.get("Code") or False,
        "name": name,
        "description": description or False,
        "sale_price": _price(sales.get("UnitPrice")),
        "cost": _price(purchases.get("UnitPrice")),
        "sales_account": sales.get("AccountCode") or False,
        "purchase_account": purchases.get("AccountCode") or False,
        "sales_tax_type": sales.get("TaxType") or False,
        "purchase_tax_type": purchases.get("TaxType") or False,
        "sale_ok": is_sold,
        "purchase_ok": is_purchased,
        "active": is_sold or is_purchased,
        "tracked": bool(item.get("IsTrackedAsInventory")),
        "qty_on_hand": float(item.get("QuantityOnHand") or 0) if item.get("IsTrackedAsInventory") else 0.0,
    }


def _details(price, account, tax_type):
    details = {"UnitPrice": round(float(price or 0), UNIT_DECIMALS)}
    if account:
        details["AccountCode"] = account
    if tax_type:
        details["TaxType"] = tax_type
    return details


def _price(value):
    return round(float(value or 0), UNIT_DECIMALS)


entities.register(
    entities.Entity(
        name=entities.ITEM,
        group="products",
        odoo_model="product.product",
        collection="Items",
        id_field="ItemID",
        list_operation="get_items",
        write_operation="update_or_create_items",
        get_operation="get_item",
        get_kwargs={"unitdp": UNIT_DECIMALS},
        create_operation="create_items",
        scope_area="items",
        to_xero=to_xero,
        from_xero=from_xero,
        paged=False,
        readonly_fields=READONLY_FIELDS,
        list_kwargs={"unitdp": UNIT_DECIMALS},
        write_kwargs={"unitdp": UNIT_DECIMALS},
        deletable=True,
    )
)

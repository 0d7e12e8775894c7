"""What the randomized convergence test edits and compares: every key the connector maps
for contacts and items, each with how a salesperson changes it in Odoo, how the
accounts team changes it in Xero's screens, and how a person reads it on either side.

Values are plain and comparable (None for empty, tuples for nested values), read from
Odoo's records and from Xero's as a person reads them, never from the connector's
links. ``Setting`` holds what both sides share to pick values from: the organisation's
branding themes, contact groups, tax types, accounts and currencies, and Odoo's taxes
mapped to them."""

import dataclasses
import typing

from odoo.addons.xero_connector.odoo_series import PARTNER_HAS_MOBILE

CONTACT = "contact"
ITEM = "item"
# Xero's sales payment terms Odoo can hold too, and their Odoo rule
TERMS = (("DAYSAFTERBILLDATE", 7), ("DAYSAFTERBILLDATE", 30), ("DAYSAFTERBILLMONTH", 20), ("OFFOLLOWINGMONTH", 20))
ODOO_DELAY = {
    "DAYSAFTERBILLDATE": "days_after",
    "DAYSAFTERBILLMONTH": "days_after_end_of_month",
    "OFFOLLOWINGMONTH": "days_end_of_month_on_the",
}


@dataclasses.dataclass
class Key:
    """One mapped key: ``name`` is the connector's (what a conflict note names)."""

    kind: str
    name: str
    read_odoo: typing.Callable  # (record) -> value
    read_xero: typing.Callable  # (Xero record) -> value
    write_odoo: typing.Callable  # (setting, record, value)
    xero_element: typing.Callable  # (setting, Xero record, value) -> the fields Xero's screen saves
    new_value: typing.Callable  # (setting, rng, tag, side) -> a value
    # the key's value is a membership both sides' changes are joined on, never a conflict
    joined: bool = False
    # set in Xero only (Xero's API takes no branding theme for a contact)
    from_xero_only: bool = False
    # Odoo does not empty it: the connector sends nothing for none, and Xero keeps its
    # value (a contact's default currency, its payment terms)
    odoo_never_empties: bool = False


class Setting:
    """The reference data both sides pick values from, read once the organisation is."""

    def __init__(self, case):
        env, connection = case.env, case.connection
        self.case, self.env, self.connection = case, env, connection
        connection.action_xero_refresh_reference_data()
        self.themes = {t.xero_id: t for t in env["xero.branding.theme"].search([("connection_id", "=", connection.id)])}
        self.group_names = [g["Name"] for g in case.xero_records("ContactGroups") if g.get("Status") == "ACTIVE"]
        Tax = env["account.tax"]
        zero = Tax.create({"name": "Zero rated", "amount": 0, "type_tax_use": "sale"})
        no_gst = Tax.create({"name": "No GST (purchases)", "amount": 0, "type_tax_use": "purchase"})
        mapping = {case.gst: "OUTPUT2", zero: "ZERORATEDOUTPUT", case.gst_purchase: "INPUT2", no_gst: "NONE"}
        for tax, tax_type in mapping.items():
            line = connection.tax_mapping_ids.filtered(lambda m, tax=tax: m.tax_id == tax)
            if line:
                line.xero_tax_type = tax_type
            else:
                connection.write({"tax_mapping_ids": [(0, 0, {"tax_id": tax.id, "xero_tax_type": tax_type})]})
        self.sales_taxes = {"OUTPUT2": case.gst, "ZERORATEDOUTPUT": zero}
        self.purchase_taxes = {"INPUT2": case.gst_purchase, "NONE": no_gst}
        currency = env.ref("base.AUD")
        currency.active = True
        self.pricelists = {
            "AUD": env["product.pricelist"].create({"name": "Australian customers", "currency_id": currency.id}),
            None: env["product.pricelist"].search(
                [("currency_id", "=", env.company.currency_id.id), ("company_id", "in", [env.company.id, False])],
                limit=1,
            )
            or env["product.pricelist"].create({"name": "Home", "currency_id": env.company.currency_id.id}),
        }
        self.terms = {}
        for kind, day in TERMS:
            line = {"value": "percent", "value_amount": 100, "delay_type": ODOO_DELAY[kind], "nb_days": day}
            if kind == "OFFOLLOWINGMONTH":
                line.update(nb_days=0, days_next_month=str(day))
            self.terms[kind, day] = env["account.payment.term"].create(
                {"name": "%s %s" % (kind, day), "line_ids": [(0, 0, line)]}
            )

    def tag_of_group(self, name):
        return self.env["res.partner.category"].search([("name", "=", name)], limit=1) or self.env[
            "res.partner.category"
        ].create({"name": name})


# -- reading -----------------------------------------------------------------------------------
def _text(value):
    return value or None


def _odoo_phone(partner):
    """The partner's phone as Xero's DEFAULT phone: where Odoo has no mobile field
    (19.0), a contact whose only number is its mobile shows it as its phone too; the
    test never types one number as both."""
    if not PARTNER_HAS_MOBILE and partner.phone and partner.phone == partner.xero_mobile:
        return None
    return partner.phone or None


def _phone(contact, kind):
    return next((p.get("PhoneNumber") or None for p in contact.get("Phones") or [] if p.get("PhoneType") == kind), None)


def _odoo_address(partner):
    if not partner:
        return None
    values = (partner.street or None, partner.city or None, partner.zip or None)
    return values if any(values) else None


def _xero_address(contact, kind):
    address = next((a for a in contact.get("Addresses") or [] if a.get("AddressType") == kind), {})
    values = (address.get("AddressLine1") or None, address.get("City") or None, address.get("PostalCode") or None)
    return values if any(values) else None


def _odoo_persons(partner):
    return tuple(sorted((p.name, p.email or None) for p in partner._xero_persons()))


def _xero_persons(contact):
    return tuple(
        sorted(
            (" ".join(filter(None, (p.get("FirstName"), p.get("LastName")))), p.get("EmailAddress") or None)
            for p in contact.get("ContactPersons") or []
        )
    )


def _odoo_terms(partner):
    term = partner.property_payment_term_id
    if not term or len(term.line_ids) != 1:
        return None
    line = term.line_ids
    kind = {v: k for k, v in ODOO_DELAY.items()}.get(line.delay_type)
    day = int(line.days_next_month or 0) if kind == "OFFOLLOWINGMONTH" else line.nb_days
    return (kind, day) if kind else None


def _xero_terms(contact):
    sales = (contact.get("PaymentTerms") or {}).get("Sales") or {}
    return (sales["Type"], int(sales.get("Day") or 0)) if sales.get("Type") else None


def _odoo_groups(partner):
    return tuple(sorted(partner.category_id.mapped("name")))


# -- writing -----------------------------------------------------------------------------------
def _set(field):
    def write(setting, record, value):
        record.write({field: value or False})

    return write


def _set_address(child_type):
    def write(setting, partner, value):
        street, city, zipcode = value or (False, False, False)
        vals = {"street": street or False, "city": city or False, "zip": zipcode or False}
        if child_type == "invoice":
            partner._xero_billing_partner().write(vals)
            return
        delivery = partner._xero_delivery_partner()
        if delivery:
            delivery.write(vals)
        else:
            partner.create(dict(vals, parent_id=partner.id, type="delivery", name="Delivery"))

    return write


def _set_persons(setting, partner, value):
    """The partner's contact persons become ``value``: those not in it archived, new ones
    created, an email changed in place."""
    wanted = dict(value or ())
    for person in partner._xero_persons():
        if person.name not in wanted:
            person.active = False
        elif (person.email or None) != wanted[person.name]:
            person.email = wanted[person.name] or False
    known = set(partner._xero_persons().mapped("name"))
    for name, email in wanted.items():
        if name not in known:
            partner.create({"name": name, "email": email or False, "parent_id": partner.id, "type": "contact"})


def _set_terms(setting, partner, value):
    partner.property_payment_term_id = setting.terms[value] if value else False


def _set_theme(setting, partner, value):
    partner.xero_branding_theme_id = setting.themes[value] if value else False


def _set_currency(setting, partner, value):
    partner.property_product_pricelist = setting.pricelists[value]


def _set_groups(setting, partner, value):
    keep = partner.category_id.filtered(lambda tag: tag.name not in setting.group_names)
    partner.category_id = keep | setting.env["res.partner.category"].union(
        *(setting.tag_of_group(name) for name in value)
    )


def _element(build):
    """An element builder from ``build(value)`` (the fields), for keys Xero saves flat."""
    return lambda setting, record, value: build(value)


def _xero_persons_element(setting, contact, value):
    persons = []
    for name, email in value or ():
        first, _space, last = name.rpartition(" ")
        persons.append({"FirstName": first or last, "LastName": last if first else "", "EmailAddress": email or ""})
    return {"ContactPersons": persons}


def _xero_address_element(kind):
    def build(setting, contact, value):
        street, city, zipcode = value or ("", "", "")
        others = [a for a in contact.get("Addresses") or [] if a.get("AddressType") != kind]
        return {
            "Addresses": others
            + [{"AddressType": kind, "AddressLine1": street or "", "City": city or "", "PostalCode": zipcode or ""}]
        }

    return build


def _xero_phone_element(kind):
    def build(setting, contact, value):
        others = [p for p in contact.get("Phones") or [] if p.get("PhoneType") != kind]
        return {"Phones": others + [{"PhoneType": kind, "PhoneNumber": value or ""}]}

    return build


def _plain(kind, name, field, attribute, new_value):
    """A key that is one text field in Odoo and one flat text attribute in Xero."""
    return Key(
        kind,
        name,
        lambda record: _text(record[field]),
        lambda xero_record: _text(xero_record.get(attribute)),
        _set(field),
        _element(lambda v: {attribute: v or ""}),
        new_value,
    )


# -- new values ---------------------------------------------------------------------------------
def _tagged(pattern):
    return lambda setting, rng, tag, side: pattern % {"tag": tag, "side": side[0]}


def _one_of(choices):
    return lambda setting, rng, tag, side: rng.choice(choices(setting))


def _new_persons(setting, rng, tag, side):
    """A person added, or one of two known names with a new email, or one left out."""
    names = ["Pat %s%s" % (side[0], tag), "Sam Lee", "Jo Bloggs"]
    count = rng.randint(0, 2)
    return tuple(sorted((name, "%s.%s@%s.example" % (name.split()[0].lower(), tag, side)) for name in names[:count]))


def _new_address(setting, rng, tag, side):
    if rng.random() < 0.15:
        return None
    return ("%s Street %s" % (tag, side[0]), rng.choice(("Wellington", "Auckland")), str(rng.randint(1000, 9999)))


def _new_groups(setting, rng, tag, side):
    return tuple(sorted(rng.sample(setting.group_names, rng.randint(0, len(setting.group_names)))))


CONTACT_KEYS = (
    Key(
        CONTACT,
        "name",
        lambda p: p.name,
        lambda c: c["Name"],
        _set("name"),
        _element(lambda v: {"Name": v}),
        _tagged("Customer %(tag)s %(side)s"),
    ),
    _plain(CONTACT, "email", "email", "EmailAddress", _tagged("e%(tag)s@%(side)s.example")),
    Key(
        CONTACT,
        "phone",
        _odoo_phone,
        lambda c: _phone(c, "DEFAULT"),
        _set("phone"),
        _xero_phone_element("DEFAULT"),
        _tagged("04 7%(tag)s"),
    ),
    Key(
        CONTACT,
        "mobile",
        lambda p: _text(p.xero_mobile),
        lambda c: _phone(c, "MOBILE"),
        _set("xero_mobile"),
        _xero_phone_element("MOBILE"),
        _tagged("021 5%(tag)s"),
    ),
    _plain(CONTACT, "vat", "vat", "TaxNumber", _tagged("GST%(tag)s")),
    _plain(CONTACT, "ref", "ref", "AccountNumber", _tagged("R%(tag)s%(side)s")),
    Key(
        CONTACT,
        "active",
        lambda p: p.active,
        lambda c: c["ContactStatus"] == "ACTIVE",
        _set("active"),
        _element(lambda v: {"ContactStatus": "ACTIVE" if v else "ARCHIVED"}),
        lambda setting, rng, tag, side: False,
    ),
    Key(
        CONTACT,
        "currency",
        lambda p: (
            p.property_product_pricelist.currency_id.name
            if p.property_product_pricelist.currency_id != p.env.company.currency_id
            else None
        ),
        lambda c: _text(c.get("DefaultCurrency")),
        _set_currency,
        _element(lambda v: {"DefaultCurrency": v or ""}),
        _one_of(lambda s: ("AUD", None)),
        odoo_never_empties=True,
    ),
    _plain(CONTACT, "first_name", "xero_first_name", "FirstName", _tagged("F%(tag)s")),
    _plain(CONTACT, "last_name", "xero_last_name", "LastName", _tagged("L%(tag)s")),
    _plain(
        CONTACT,
        "tax_type",
        "xero_tax_type",
        "AccountsReceivableTaxType",
        _one_of(lambda s: ("OUTPUT2", "ZERORATEDOUTPUT", "EXEMPTOUTPUT")),
    ),
    Key(
        CONTACT,
        "billing_address",
        lambda p: _odoo_address(p._xero_billing_partner()),
        lambda c: _xero_address(c, "POBOX"),
        _set_address("invoice"),
        _xero_address_element("POBOX"),
        _new_address,
    ),
    Key(
        CONTACT,
        "delivery_address",
        lambda p: _odoo_address(p._xero_delivery_partner()),
        lambda c: _xero_address(c, "STREET"),
        _set_address("delivery"),
        _xero_address_element("STREET"),
        _new_address,
    ),
    Key(CONTACT, "persons", _odoo_persons, _xero_persons, _set_persons, _xero_persons_element, _new_persons),
    Key(
        CONTACT,
        "payment_terms",
        _odoo_terms,
        _xero_terms,
        _set_terms,
        _element(lambda v: {"PaymentTerms": {"Sales": {"Type": v[0], "Day": v[1]} if v else None}}),
        _one_of(lambda s: list(s.terms) + [None]),
        odoo_never_empties=True,
    ),
    Key(
        CONTACT,
        "branding_theme",
        lambda p: p.xero_branding_theme_id.xero_id or None,
        lambda c: (c.get("BrandingTheme") or {}).get("BrandingThemeID") or None,
        _set_theme,
        _element(lambda v: {"BrandingTheme": {"BrandingThemeID": v}} if v else {"BrandingTheme": None}),
        _one_of(lambda s: list(s.themes) + [None]),
        from_xero_only=True,
    ),
    Key(
        CONTACT,
        "groups",
        _odoo_groups,
        lambda c: tuple(sorted(g["Name"] for g in c.get("ContactGroups") or [])),
        _set_groups,
        None,
        _new_groups,
        joined=True,
    ),
)


# -- items ---------------------------------------------------------------------------------------
def _details(item, part):
    return item.get(part) or {}


def _xero_price(item, part):
    return round(float(_details(item, part).get("UnitPrice") or 0), 2)


def _set_product(field):
    def write(setting, product, value):
        product.write({field: value})

    return write


def _set_tax(field, taxes_of):
    def write(setting, product, value):
        product.write({field: [(6, 0, taxes_of(setting)[value].ids)]})

    return write


def _odoo_tax_type(field, kept_field):
    """The Xero type of the product's first mapped tax; without one, the type Xero has
    (the connector leaves it be)."""

    def read(product):
        mapped = {m.tax_id: m.xero_tax_type for m in product.env["xero.tax.mapping"].search([])}
        found = next((mapped[tax] for tax in product[field] if tax in mapped), None)
        return found or _text(product[kept_field])

    return read


def _xero_details_element(part, field):
    def build(setting, item, value):
        return {part: dict(_details(item, part), **{field: value})}

    return build


def _item_price(name, field, details, price_range):
    """A price of the item: the product's, rounded as Xero shows it, and the
    ``UnitPrice`` of Xero's ``SalesDetails`` or ``PurchaseDetails``."""
    low, high = price_range
    return Key(
        ITEM,
        name,
        lambda product: round(product[field], 2),
        lambda item: _xero_price(item, details),
        _set_product(field),
        _xero_details_element(details, "UnitPrice"),
        lambda setting, rng, tag, side: round(rng.uniform(low, high), 2),
    )


def _item_tax(name, field, kept_field, details, taxes_of):
    """A tax type of the item: the Xero type of the product's taxes (``field``), and the
    ``TaxType`` of Xero's details."""
    return Key(
        ITEM,
        name,
        _odoo_tax_type(field, kept_field),
        lambda item: _text(_details(item, details).get("TaxType")),
        _set_tax(field, taxes_of),
        _xero_details_element(details, "TaxType"),
        _one_of(lambda setting: list(taxes_of(setting))),
    )


def _item_account(name, field, details, codes):
    """An item's account code: a text field of the product, an attribute of Xero's
    ``SalesDetails`` or ``PurchaseDetails``."""
    return Key(
        ITEM,
        name,
        lambda product: _text(product[field]),
        lambda item: _text(_details(item, details).get("AccountCode")),
        _set_product(field),
        _xero_details_element(details, "AccountCode"),
        _one_of(lambda setting: codes),
    )


def _item_flag(field, attribute):
    """Sold or purchased: Odoo's flag (an archived product is neither), Xero's flag."""
    return Key(
        ITEM,
        field,
        lambda product: product[field] and product.active,
        lambda item: bool(item.get(attribute)),
        _set_product(field),
        _element(lambda v: {attribute: v}),
        lambda setting, rng, tag, side: rng.random() < 0.7,
    )


ITEM_KEYS = (
    # code and name are required on both sides: never empty
    _plain(ITEM, "code", "default_code", "Code", _tagged("C%(tag)s%(side)s")),
    _plain(ITEM, "name", "name", "Name", _tagged("Product %(tag)s %(side)s")),
    _plain(ITEM, "description", "description_sale", "Description", _tagged("Text %(tag)s")),
    _item_price("sale_price", "lst_price", "SalesDetails", (5, 500)),
    _item_price("cost", "standard_price", "PurchaseDetails", (1, 200)),
    _item_account("sales_account", "xero_sales_account_code", "SalesDetails", ("200", "210")),
    _item_account("purchase_account", "xero_purchase_account_code", "PurchaseDetails", ("300", "310")),
    _item_tax("sales_tax_type", "taxes_id", "xero_sales_tax_type", "SalesDetails", lambda s: s.sales_taxes),
    _item_tax(
        "purchase_tax_type",
        "supplier_taxes_id",
        "xero_purchase_tax_type",
        "PurchaseDetails",
        lambda s: s.purchase_taxes,
    ),
    # an archived product goes to Xero as an item neither sold nor purchased
    _item_flag("sale_ok", "IsSold"),
    _item_flag("purchase_ok", "IsPurchased"),
    Key(
        ITEM,
        "active",
        lambda p: p.active,
        lambda i: bool(i.get("IsSold") or i.get("IsPurchased")),
        _set_product("active"),
        _element(lambda v: {"IsSold": v, "IsPurchased": v}),
        lambda setting, rng, tag, side: False,
    ),
)
KEYS = {CONTACT: CONTACT_KEYS, ITEM: ITEM_KEYS}

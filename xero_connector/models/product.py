"""Products are Xero items: each variant with its own internal reference is one item."""

from odoo import _, api, fields, models
from odoo.tools import float_compare

from ..access import XERO_USER, xero_role
from ..xero import entities
from ..xero import mapping_items as mapping

# template fields whose change changes what Xero holds for each of its variants
# the item's plain values both ways, {mapping key: product field}: read, applied and
# watched from this one table
OWN_KEYS = {
    "code": "default_code",
    "name": "name",
    "description": "description_sale",
    "cost": "standard_price",
    "sales_account": "xero_sales_account_code",
    "purchase_account": "xero_purchase_account_code",
    "active": "active",
}
# what Xero alone says of the item (the tax types are sent back only through Odoo's taxes)
FROM_XERO_KEYS = {
    "sales_tax_type": "xero_sales_tax_type",
    "purchase_tax_type": "xero_purchase_tax_type",
    "tracked": "xero_tracked",
    "qty_on_hand": "xero_qty_on_hand",
}
# the plain values' fields, and those behind the values made in code: price, flags, taxes
WATCHED_FIELDS = (*OWN_KEYS.values(), "lst_price", "sale_ok", "purchase_ok", "taxes_id", "supplier_taxes_id")
# the same, as a template's write names them (its price is list_price)
TEMPLATE_WATCHED_FIELDS = (*WATCHED_FIELDS, "list_price")


class ProductTemplate(models.Model):
    _inherit = "product.template"

    xero_sales_account_code = fields.Char(
        "Xero Sales Account", help="Xero account code for sales of this product; the connection's default if empty."
    )
    xero_purchase_account_code = fields.Char(
        "Xero Purchases Account", help="Xero account code for purchases; the connection's default if empty."
    )
    xero_sales_tax_type = fields.Char(
        readonly=True,
        help="The item's sales tax type as Xero last said; sent back while no mapped Odoo tax says otherwise.",
    )
    xero_purchase_tax_type = fields.Char("Xero Purchases Tax Type", readonly=True)
    # a template's figures are its first variant's (a template of several variants shows
    # each variant's on the variant form)
    xero_tracked = fields.Boolean(related="product_variant_ids.xero_tracked")
    xero_qty_on_hand = fields.Float(related="product_variant_ids.xero_qty_on_hand")
    xero_item_id = fields.Char(related="product_variant_ids.xero_item_id")
    xero_sync_state = fields.Char(related="product_variant_ids.xero_sync_state")
    xero_error = fields.Text(related="product_variant_ids.xero_error")
    xero_conflict = fields.Boolean(related="product_variant_ids.xero_conflict")

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("xero_from_sync") and set(vals) & set(TEMPLATE_WATCHED_FIELDS):
            self.with_context(active_test=False).product_variant_ids._xero_mark_changed()
        return result

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_export(self):
        return self.product_variant_ids.action_xero_export()

    @xero_role(XERO_USER, current_company=True)
    def action_xero_view(self):
        return self.product_variant_ids[:1].action_xero_view()

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_take_xero(self):
        return self.product_variant_ids.action_xero_take_xero()

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_take_odoo(self):
        return self.product_variant_ids.action_xero_take_odoo()


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "xero.two.way.mixin"]

    _xero_entity = entities.ITEM
    _xero_fields = mapping.FIELDS
    _xero_watched_fields = WATCHED_FIELDS

    # what Xero alone knows, per company (each company may be linked to its own organisation)
    xero_tracked = fields.Boolean(
        "Tracked in Xero", company_dependent=True, readonly=True, help="Xero tracks this item's stock."
    )
    xero_qty_on_hand = fields.Float(
        "Xero On Hand",
        company_dependent=True,
        readonly=True,
        digits="Product Unit of Measure",
        help="Quantity on hand in Xero, for items Xero tracks; never sent to Xero.",
    )
    xero_item_id = fields.Char("Xero Item ID", compute="_compute_xero_item", compute_sudo=True)
    xero_sync_state = fields.Char("Xero State", compute="_compute_xero_item", compute_sudo=True)
    xero_error = fields.Text(compute="_compute_xero_item", compute_sudo=True)
    xero_conflict = fields.Boolean(
        "Changed on Both Sides", compute="_compute_xero_item", compute_sudo=True, help="Waiting for someone to choose."
    )

    @api.depends_context("company")
    def _compute_xero_item(self):
        connection = self.env["xero.connection"].sudo()._xero_for_company(self.env.company)
        by_product = self.env["xero.sync.link"]._xero_by_record(self, connection) if connection else {}
        for product in self:
            link = by_product.get(product.id)
            product.xero_item_id = link.xero_id if link else False
            product.xero_sync_state = (
                dict(link._fields["state"].selection)[link._xero_record_state()] if link else False
            )
            product.xero_error = link.last_error if link else False
            product.xero_conflict = bool(link) and link.state == "conflict"

    # -- reading and applying the mapped values ---------------------------------------------
    def _xero_item_name(self):
        """A variant's own name (its attribute values), without the internal reference."""
        return self.with_context(display_default_code=False).display_name

    def _xero_read_values(self, connection=None, entity=None):
        self.ensure_one()
        product = self.with_company(connection.company_id) if connection else self
        sales_type = purchase_type = False
        if connection:
            company = connection.company_id | connection.company_id.parent_ids
            sales_type = connection._xero_tax_type(product.taxes_id.filtered(lambda t: t.company_id in company))[0]
            purchase_type = connection._xero_tax_type(
                product.supplier_taxes_id.filtered(lambda t: t.company_id in company)
            )[0]
        # without a mapped Odoo tax, the type Xero has stays: Odoo says nothing to the contrary
        sales_type = sales_type or self.xero_sales_tax_type or False
        purchase_type = purchase_type or self.xero_purchase_tax_type or False
        return {
            **{key: self[field] or False for key, field in OWN_KEYS.items()},
            "name": self._xero_item_name() or "",
            "sale_price": round(product.lst_price, mapping.UNIT_DECIMALS),
            "cost": round(product.standard_price, mapping.UNIT_DECIMALS),
            "sales_tax_type": sales_type,
            "purchase_tax_type": purchase_type,
            "sale_ok": self.sale_ok and self.active,
            "purchase_ok": self.purchase_ok and self.active,
            "active": self.active,
        }

    def _xero_apply_values(self, values, connection=None, entity=None):
        self.ensure_one()
        product = (self.with_company(connection.company_id) if connection else self).with_context(
            xero_from_sync=True, active_test=False
        )
        vals = product._xero_own_values(values, connection)
        template_vals = {k: vals.pop(k) for k in list(vals) if k in ("name", "list_price")}
        if template_vals.get("name") and product.product_tmpl_id.product_variant_count > 1:
            del template_vals["name"]  # a variant's name is its template's and its attributes'
        if template_vals:
            product.product_tmpl_id.write(template_vals)
        if vals:
            product.write(vals)

    def _xero_own_values(self, values, connection):
        keys = {**OWN_KEYS, **FROM_XERO_KEYS}
        vals = {
            field: values[key]
            for key, field in keys.items()
            if key in values and (self[field] if self else False) != values[key]
        }
        if "sale_price" in values and (
            not self or round(self.lst_price, mapping.UNIT_DECIMALS) != values["sale_price"]
        ):
            vals["list_price"] = values["sale_price"] - (self.price_extra if self else 0)
        if values.get("active", True):
            # an archived item is neither sold nor purchased: keep the product's own flags
            for key in ("sale_ok", "purchase_ok"):
                if key in values and (not self or self[key] != values[key]):
                    vals[key] = values[key]
        if connection:
            for key, field, use in (
                ("sales_tax_type", "taxes_id", "sale"),
                ("purchase_tax_type", "supplier_taxes_id", "purchase"),
            ):
                tax = values.get(key) and connection._xero_taxes_of_type(values[key], use)
                if tax and (not self or tax not in self[field]):
                    vals[field] = [fields.Command.set(tax.ids)]
        return vals

    @api.model
    def _xero_create_from(self, values_list, connection=None, entity=None):
        # as Odoo's own mass imports: no "created" note or follower per record
        Product = (self.with_company(connection.company_id) if connection else self).with_context(
            xero_from_sync=True, tracking_disable=True
        )
        create_values = []
        for values in values_list:
            vals = Product._xero_own_values(values, connection)
            vals.setdefault("name", values.get("name") or values.get("code"))
            vals.setdefault("type", "consu")
            vals.setdefault("company_id", connection.company_id.id if connection else False)
            create_values.append(vals)
        return Product.create(create_values).with_env(self.env)

    def _xero_check_values(self, values, connection=None, entity=None, link=None):
        errors, warnings = [], []
        code = values.get("code") or ""
        if not code.strip():
            errors.append(_("Xero needs an internal reference (the item code) for %s.", self.display_name))
        elif len(code) > mapping.CODE_LIMIT:
            errors.append(
                _(
                    "Internal reference %(code)s is %(length)s characters long; Xero takes at most %(limit)s.",
                    code=code,
                    length=len(code),
                    limit=mapping.CODE_LIMIT,
                )
            )
        if len(values.get("name") or "") > mapping.NAME_LIMIT:
            warnings.append(
                _(
                    "Xero shows the first %s characters of the name; the whole name starts the description.",
                    mapping.NAME_LIMIT,
                )
            )
        if connection:
            company = connection.company_id | connection.company_id.parent_ids
            for label, taxes in ((_("sales"), self.taxes_id), (_("purchase"), self.supplier_taxes_id)):
                _tax_type, left_out, unmapped = connection._xero_tax_type(
                    taxes.filtered(lambda t: t.company_id in company)
                )
                if unmapped:
                    errors.append(connection._xero_unmapped_message(unmapped))
                elif left_out:
                    warnings.append(
                        _(
                            "Xero takes one %(side)s tax per item: sent as %(type)s; left out: %(taxes)s.",
                            side=label,
                            type=_tax_type,
                            taxes=", ".join(left_out.mapped("name")),
                        )
                    )
        return errors, warnings

    @api.model
    def _xero_prepare_creates(self, connection, creates, entity=None):
        """An item created without accounts or tax types gets the connection's."""
        for _record, _values, payload in creates:
            for details, account, tax_type in (
                ("SalesDetails", connection.default_sales_account_code, connection.default_sales_tax_type),
                ("PurchaseDetails", connection.default_purchase_account_code, connection.default_purchase_tax_type),
            ):
                if account:
                    payload[details].setdefault("AccountCode", account)
                if tax_type:
                    payload[details].setdefault("TaxType", tax_type)
        return {}

    @api.model
    def _xero_find_created(self, run, payload, entity=None):
        """Item codes are unique in an organisation: the item with this code is ours."""
        found = run.client.items_with_code(run.connection.tenant_id, payload.get("Code"))
        return found[0]["ItemID"] if found else None

    @api.model
    def _xero_same_value(self, name, odoo_value, xero_value):
        """Xero keeps four decimals of a price; Odoo keeps its own precision (two by
        default): a price equal at Odoo's precision is the same price, so an import
        never sends Xero's price back rounded."""
        if name in ("sale_price", "cost") and odoo_value is not None and xero_value is not None:
            digits = self.env["decimal.precision"].precision_get("Product Price")
            return float_compare(odoo_value, xero_value, precision_digits=digits) == 0
        return super()._xero_same_value(name, odoo_value, xero_value)

    # -- matching ---------------------------------------------------------------------------
    @api.model
    def _xero_match_many(self, connection, values_list, entity=None):
        """For each new Xero item, the variant with its code (ignoring case), if exactly
        one of the connection's company (or shared) has it and is not linked elsewhere."""
        codes = {v["code"].lower() for v in values_list if v.get("code")}
        if not codes:
            return [self.browse()] * len(values_list)
        self.flush_model(["default_code"])
        self.env.cr.execute(
            """
            SELECT pp.id, lower(pp.default_code) FROM product_product pp
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE lower(pp.default_code) = ANY(%s) AND (pt.company_id IS NULL OR pt.company_id = %s)""",
            [list(codes), connection.company_id.id],
        )
        by_code = {}
        for product_id, code in self.env.cr.fetchall():
            by_code.setdefault(code, set()).add(product_id)
        linked = self.env["xero.sync.link"]._xero_linked_res_ids(
            connection, self._name, set().union(*by_code.values()) if by_code else ()
        )
        return [
            self.browse(sorted(by_code.get(v["code"].lower(), set()) - linked)) if v.get("code") else self.browse()
            for v in values_list
        ]

    # -- changes in Odoo and buttons --------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        if not self.env.context.get("xero_from_sync"):
            connection = self.env["xero.connection"].sudo()._xero_for_company(self.env.company)
            if connection and connection.push_new_products:
                products.filtered(lambda p: p.sale_ok or p.purchase_ok)._xero_push_now(connection)
        return products

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_export(self):
        """Export to Xero / Update to Xero: the same push, sent when this commits."""
        self.check_access("write")
        connection = self.env["xero.connection"]._xero_for_user()
        connection._xero_check_allows(entities.ITEM)
        return self._xero_update_now(connection)

    @xero_role(XERO_USER, current_company=True)
    def action_xero_view(self):
        self.ensure_one()
        return self._xero_view_page(
            self.xero_item_id,
            "/Accounts/Inventory/%s",
            _("%s is not linked to a Xero item yet.", self.display_name),
        )

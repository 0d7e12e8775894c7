"""Products: variants and Xero items, every field both ways, the tax mapping and Xero's
stock figures, over real HTTP against the emulator."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class ProductCase(SyncCase):
    def setUp(self):
        super().setUp()
        Tax = self.env["account.tax"]
        company = self.env.company
        Tax.search([("company_id", "=", company.id)]).active = False  # the chart's own
        self.gst_sale = Tax.create(
            {"name": "GST 15% (sales)", "amount": 15, "type_tax_use": "sale", "company_id": company.id}
        )
        self.gst_purchase = Tax.create(
            {"name": "GST 15% (purchases)", "amount": 15, "type_tax_use": "purchase", "company_id": company.id}
        )
        self.reduced = Tax.create({"name": "Reduced 5%", "amount": 5, "type_tax_use": "sale", "company_id": company.id})
        self.levy = Tax.create({"name": "Eco levy 2%", "amount": 2, "type_tax_use": "sale", "company_id": company.id})
        company.write({"account_sale_tax_id": self.gst_sale.id, "account_purchase_tax_id": self.gst_purchase.id})
        self.connection.action_xero_prefill_tax_mapping()
        self.Product = self.env["product.product"].with_context(active_test=False)

    def item(self, code):
        items = self.emulator_admin("GET", "tenants/%s/Items" % self.tenant_id)["Items"]
        return [i for i in items if i["Code"] == code]

    def edit_item_in_xero(self, code, **fields):
        self.emulator_admin(
            "POST", "tenants/%s/ui/Items" % self.tenant_id, Items=[dict(fields, ItemID=self.item(code)[0]["ItemID"])]
        )

    def push(self, products):
        products._xero_push_now(self.connection)
        self.run_after_commit()
        return products._xero_links(self.connection)

    def product(self, **values):
        return self.env["product.product"].create(
            dict(
                {
                    "name": "Standing desk",
                    "default_code": "DESK-STAND",
                    "list_price": 1234.5678,
                    "standard_price": 610.25,
                    "description_sale": "Electric, two motors",
                    "taxes_id": [(6, 0, self.gst_sale.ids)],
                    "supplier_taxes_id": [(6, 0, self.gst_purchase.ids)],
                    "xero_sales_account_code": "210",
                    "xero_purchase_account_code": "310",
                    "purchase_ok": False,
                },
                **values,
            )
        )


@tagged("post_install", "-at_install")
class TestTaxMapping(ProductCase):
    def test_prefill_maps_taxes_to_xero_rates_of_the_same_rate_and_side(self):
        mapping = {m.tax_id: m.xero_tax_type for m in self.connection.tax_mapping_ids}
        self.assertEqual(mapping[self.gst_sale], "OUTPUT2")
        self.assertEqual(mapping[self.gst_purchase], "INPUT2")
        self.assertEqual(mapping[self.reduced], "TAX001")
        self.assertNotIn(self.levy, mapping, "no Xero rate of 2%")
        self.connection.action_xero_prefill_tax_mapping()
        self.assertEqual(len(self.connection.tax_mapping_ids), 3, "prefilling again adds nothing")

    def test_a_sales_tax_on_an_expense_account_is_xeros_message_with_what_to_do(self):
        product = self.product(xero_sales_account_code="300")
        link = self.push(product)
        self.assertEqual(link.state, "error")
        self.assertIn("The TaxType code 'OUTPUT2' cannot be used with account code '300'.", link.last_error)
        self.assertIn("choose a sales account", link.last_error)
        self.assertFalse(self.item("DESK-STAND"))

    def test_an_unmapped_tax_blocks_the_push_and_is_named(self):
        product = self.product(taxes_id=[(6, 0, self.levy.ids)])
        link = self.push(product)
        self.assertEqual(link.state, "error")
        self.assertIn("No Xero tax type is mapped for Eco levy 2%", link.last_error)
        self.assertFalse(self.item("DESK-STAND"))

    def test_several_taxes_send_the_mapped_one_and_say_so(self):
        product = self.product(taxes_id=[(6, 0, (self.gst_sale | self.levy).ids)])
        link = self.push(product)
        self.assertEqual(link.state, "synced", link.last_error)
        self.assertEqual(self.item("DESK-STAND")[0]["SalesDetails"]["TaxType"], "OUTPUT2")
        self.assertIn("sent as OUTPUT2; left out: Eco levy 2%", link.warning)


@tagged("post_install", "-at_install")
class TestProductMapping(ProductCase):
    def test_every_field_goes_to_xero_with_four_decimals(self):
        self.env.ref("product.decimal_price").digits = 4
        product = self.product()
        self.emulator_admin("DELETE", "requests")
        link = self.push(product)
        self.assertEqual(link.state, "synced", link.last_error)
        item = self.item("DESK-STAND")[0]
        self.assertEqual(
            (item["Name"], item["Description"], item["IsSold"], item["IsPurchased"]),
            ("Standing desk", "Electric, two motors", True, False),
        )
        self.assertEqual(item["SalesDetails"], {"UnitPrice": 1234.5678, "AccountCode": "210", "TaxType": "OUTPUT2"})
        self.assertEqual(item["PurchaseDetails"], {"UnitPrice": 610.25, "AccountCode": "310", "TaxType": "INPUT2"})
        self.assertIn("unitdp=4", self.api_requests("PUT", "/Items")[0]["query"])

    def test_a_pushed_product_reads_back_unchanged(self):
        product = self.product()
        self.push(product)
        self.connection._xero_sync()
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.emulator_writes())
        self.assertEqual(product._xero_links(self.connection).state, "synced")

    def test_every_field_comes_back_from_xero(self):
        self.env.ref("product.decimal_price").digits = 4
        product = self.product()
        self.push(product)
        self.connection._xero_sync()
        self.edit_item_in_xero(
            "DESK-STAND",
            Code="DESK-STAND-2",
            Name="Standing desk XL",
            Description="Three motors",
            IsPurchased=True,
            SalesDetails={"UnitPrice": 1500.125, "AccountCode": "200", "TaxType": "TAX001"},
            PurchaseDetails={"UnitPrice": 700, "AccountCode": "300", "TaxType": "INPUT2"},
        )
        self.connection._xero_sync()
        product.invalidate_recordset()
        self.assertEqual(
            (product.default_code, product.name, product.description_sale, product.purchase_ok),
            ("DESK-STAND-2", "Standing desk XL", "Three motors", True),
        )
        self.assertEqual((product.lst_price, product.standard_price), (1500.125, 700))
        self.assertEqual((product.xero_sales_account_code, product.xero_purchase_account_code), ("200", "300"))
        self.assertEqual(product.taxes_id, self.reduced, "the Odoo tax mapped to TAX001")
        self.assertEqual(product._xero_links(self.connection).state, "synced")

    def test_import_creates_products_with_prices_accounts_taxes_and_stock(self):
        self.connection._xero_sync()
        desk = self.Product.search([("default_code", "=", "DESK-OAK")])
        self.assertEqual((desk.name, desk.lst_price, desk.standard_price), ("Oak office desk", 650, 380))
        self.assertEqual((desk.taxes_id, desk.supplier_taxes_id), (self.gst_sale, self.gst_purchase))
        self.assertEqual((desk.xero_tracked, desk.xero_qty_on_hand), (True, 12))
        kit = self.Product.search([("default_code", "=", "CABLE-KIT")])
        self.assertEqual(kit.lst_price, 24.99)
        lamp = self.Product.search([("default_code", "=", "LAMP-LED")])
        self.assertFalse(lamp.xero_tracked, "untracked: no figure, rather than zero")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "C"}).id,
                "order_line": [(0, 0, {"product_id": desk.id})],
            }
        )
        self.assertEqual((order.order_line.xero_tracked, order.order_line.xero_qty_on_hand), (True, 12))
        self.assertEqual(self.Product.search_count([("default_code", "=", "DESK-OAK")]), 1)

    def test_a_price_odoo_keeps_less_precisely_is_not_sent_back_rounded(self):
        self.edit_item_in_xero(
            "LAMP-LED", SalesDetails={"UnitPrice": "45.9876", "AccountCode": "200", "TaxType": "OUTPUT2"}
        )
        self.connection._xero_sync()
        lamp = self.Product.search([("default_code", "=", "LAMP-LED")])
        self.assertEqual(lamp.lst_price, 45.99, "Odoo's two decimals")
        self.assertEqual(lamp._xero_links(self.connection).state, "synced")
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.emulator_writes())
        self.assertEqual(self.item("LAMP-LED")[0]["SalesDetails"]["UnitPrice"], 45.9876)

    def test_an_import_without_a_tax_mapping_keeps_xeros_tax_types_and_sends_nothing_back(self):
        self.connection.tax_mapping_ids.unlink()
        self.connection._xero_sync()
        desk = self.Product.search([("default_code", "=", "DESK-OAK")])
        self.assertEqual(desk._xero_links(self.connection).state, "synced")
        self.assertEqual((desk.xero_sales_tax_type, desk.xero_purchase_tax_type), ("OUTPUT2", "INPUT2"))
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.emulator_writes())

    def test_xeros_stock_figure_is_never_pushed(self):
        self.connection._xero_sync()
        desk = self.Product.search([("default_code", "=", "DESK-OAK")])
        item = self.item("DESK-OAK")[0]
        self.edit_item_in_xero("DESK-OAK", Name="Oak office desk")  # Xero's own bump
        self.emulator_admin("DELETE", "requests")
        desk.lst_price = 700
        self.connection._xero_sync()
        sent = self.item("DESK-OAK")[0]
        self.assertEqual(sent["QuantityOnHand"], item["QuantityOnHand"])
        self.assertEqual(sent["SalesDetails"]["UnitPrice"], 700)

    def test_import_matches_by_code_before_creating(self):
        existing = self.env["product.product"].create({"name": "Desk", "default_code": "desk-oak"})
        self.connection._xero_sync()
        self.assertEqual(existing._xero_links(self.connection).state, "synced")
        self.assertEqual(existing.name, "Oak office desk")
        self.assertEqual(self.Product.search_count([("default_code", "=ilike", "desk-oak")]), 1)

    def test_a_long_name_is_cut_in_xero_and_kept_whole_in_odoo(self):
        name = "Executive height-adjustable oak desk with cable tray and drawers"
        product = self.product(name=name)
        link = self.push(product)
        item = self.item("DESK-STAND")[0]
        self.assertEqual(item["Name"], name[:50])
        self.assertTrue(item["Description"].startswith(name + "\n"))
        self.assertIn("first 50 characters", link.warning)
        self.edit_item_in_xero(
            "DESK-STAND", SalesDetails={"UnitPrice": 999, "AccountCode": "210", "TaxType": "OUTPUT2"}
        )
        self.connection._xero_sync()
        self.assertEqual((product.name, product.lst_price), (name, 999), "never cut on the way back")

    def test_missing_and_overlong_codes_are_refused_before_sending(self):
        self.emulator_admin("DELETE", "requests")
        missing = self.product(default_code=False, name="No code")
        overlong = self.product(default_code="X" * 31, name="Long code")
        links = self.push(missing | overlong)
        self.assertEqual(set(links.mapped("state")), {"error"})
        self.assertIn("needs an internal reference", missing._xero_links(self.connection).last_error)
        self.assertIn("31 characters long; Xero takes at most 30", overlong._xero_links(self.connection).last_error)
        self.assertFalse(self.emulator_writes())

    def test_each_variant_with_its_own_code_is_its_own_item(self):
        colour = self.env["product.attribute"].create(
            {"name": "Colour", "value_ids": [(0, 0, {"name": "Red"}), (0, 0, {"name": "Blue"})]}
        )
        template = self.env["product.template"].create(
            {
                "name": "Tee",
                "list_price": 20,
                "attribute_line_ids": [
                    (0, 0, {"attribute_id": colour.id, "value_ids": [(6, 0, colour.value_ids.ids)]})
                ],
            }
        )
        red, blue = template.product_variant_ids
        red.default_code, blue.default_code = "TEE-RED", "TEE-BLUE"
        links = self.push(template.product_variant_ids)
        self.assertEqual(set(links.mapped("state")), {"synced"}, links.mapped("last_error"))
        self.assertEqual(self.item("TEE-RED")[0]["Name"], "Tee (Red)")
        self.assertEqual(self.item("TEE-BLUE")[0]["Name"], "Tee (Blue)")
        self.connection._xero_sync()
        self.assertEqual(template.name, "Tee", "a variant's item name never renames its template")
        self.assertEqual(set(template.product_variant_ids._xero_links(self.connection).mapped("state")), {"synced"})

    def test_archived_products_and_items(self):
        product = self.product()
        self.push(product)
        product.active = False
        self.push(product)
        item = self.item("DESK-STAND")[0]
        self.assertEqual((item["IsSold"], item["IsPurchased"]), (False, False))
        self.connection._xero_sync()
        self.connection._xero_sync()
        self.assertTrue(product.sale_ok, "the product keeps its own flags while archived")
        self.edit_item_in_xero("DESK-STAND", IsSold=True)
        self.connection._xero_sync()
        self.assertTrue(product.active)
        self.assertEqual(product._xero_links(self.connection).state, "synced")

    def test_new_products_are_pushed_at_once_when_configured(self):
        self.connection.push_new_products = True
        product = self.env["product.product"].create(
            {"name": "Footrest", "default_code": "FOOT", "taxes_id": [(6, 0, self.gst_sale.ids)]}
        )
        self.run_after_commit()
        self.assertEqual(product._xero_links(self.connection).state, "synced")
        self.assertTrue(self.item("FOOT"))

    def test_buttons_export_update_and_view(self):
        product = self.product()
        product.product_tmpl_id.action_xero_export()
        self.run_after_commit()
        self.assertTrue(product.xero_item_id)
        product.product_tmpl_id.list_price = 1300
        product.product_tmpl_id.action_xero_export()
        self.run_after_commit()
        self.assertEqual(self.item("DESK-STAND")[0]["SalesDetails"]["UnitPrice"], 1300)
        action = product.product_tmpl_id.action_xero_view()
        self.assertEqual(
            action["url"],
            "https://go.xero.com/organisationlogin/default.aspx?shortcode=!DeMo1"
            "&redirecturl=/Accounts/Inventory/%s" % product.xero_item_id,
        )

    def test_view_on_xero_needs_a_link(self):
        with self.assertRaisesRegex(UserError, "not linked to a Xero item"):
            self.product().action_xero_view()

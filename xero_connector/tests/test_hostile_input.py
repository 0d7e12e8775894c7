"""Hostile and invalid input, both ways: each case gets a clear message on its record,
the rest of its batch still goes through, and nothing is lost or half-written."""

from odoo.tests import tagged

from odoo.addons.xero_connector.engine import SyncRun
from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES
from odoo.addons.xero_connector.xero import entities

from .common import OrdersCase, SyncCase


@tagged("post_install", "-at_install")
class TestHostileInput(SyncCase):
    def setUp(self):
        super().setUp()
        self.connection.write({"push_new_customers": False, "contacts_only": True})

    def push_batch(self, partners):
        """Push partners as one routine batch; returns their links."""
        links = partners._xero_ensure_links(self.connection)
        SyncRun(self.connection).push(entities.get("contact"), links)
        return links

    def test_bad_records_fail_alone_and_the_rest_of_the_batch_goes(self):
        self.connection._xero_sync()  # the demo contacts are linked first
        good = self.env["res.partner"].create([{"name": "Good One"}, {"name": "Good Two 🚀 Ōtautahi"}])
        bad = self.env["res.partner"].create(
            [
                {"name": "   "},  # blank once trimmed
                {"name": "Bad Mail", "email": "a@@b"},
                {"name": "Long Tax Id", "vat": "9" * 51},
                {"name": "BAYSIDE CLUB"},  # taken in Xero (another contact)
                {"name": "Dup Code", "ref": "BAY001"},  # ledger code taken in Xero
                {"name": "N" * 256},  # over Xero's 255
            ]
        )
        links = self.push_batch(good | bad)
        by_partner = {link.res_id: link for link in links}
        self.assertEqual({by_partner[p.id].state for p in good}, {"synced"})
        messages = [by_partner[p.id].last_error for p in bad]
        self.assertIn("A Xero contact needs a name.", messages[0])
        self.assertIn("Email a@@b is not a valid address.", messages[1])
        self.assertIn("Tax ID is longer than Xero's 50 characters.", messages[2])
        self.assertIn("The contact name BAYSIDE CLUB is already assigned to another contact", messages[3])
        self.assertIn("Xero already has this customer (same ledger code BAY001)", messages[4])
        self.assertIn("256 characters", messages[5])
        names = [c["Name"] for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]]
        self.assertEqual(names.count("Good One") + names.count("Good Two 🚀 Ōtautahi"), 2)
        self.assertFalse({"Bad Mail", "Long Tax Id", "Dup Code", "N" * 256} & set(names), "nothing half-written")

    def test_a_record_deleted_in_odoo_while_waiting_is_not_sent_and_its_link_goes(self):
        partners = self.env["res.partner"].create([{"name": "Kept"}, {"name": "Deleted Later"}])
        links = partners._xero_ensure_links(self.connection)
        partners[1].unlink()
        self.assertFalse(links.exists() - links[:1], "the deleted partner's link went with it")
        self.connection._xero_sync()
        self.assertEqual(links[:1].state, "synced")
        names = [c["Name"] for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]]
        self.assertIn("Kept", names)
        self.assertNotIn("Deleted Later", names)

    def test_names_with_a_trailing_backslash_or_and_are_looked_up_whole(self):
        """Names are looked up in Xero with a ``where`` literal: one ending with a
        backslash, or holding AND, is found as it is, never taken for another."""
        for name in ("Tools \\", "Smith AND Sons"):
            self.emulator_admin("POST", "tenants/%s/ui/Contacts" % self.tenant_id, Contacts=[{"Name": name}])
            self.connection.template_contact_name = name
            self.connection.action_xero_load_template()
            self.assertEqual(self.connection.template_contact_xero_id, self.xero_contact(name)[0]["ContactID"])

    def test_script_and_markup_travel_as_text_both_ways(self):
        hostile = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
        partner = self.env["res.partner"].create({"name": "Shop " + hostile})
        link = self.push_batch(partner)
        self.assertEqual(link.state, "synced", link.last_error)
        contact = [
            c
            for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
            if c["ContactID"] == link.xero_id
        ][0]
        self.assertEqual(contact["Name"], "Shop " + hostile)
        self.edit_in_xero("Shop " + hostile, Name="Renamed " + hostile)
        self.connection._xero_sync()
        self.assertEqual(partner.name, "Renamed " + hostile)
        self.assertNotIn("<script>", partner.message_ids[:1].body or "", "never markup in the chatter")


@tagged("post_install", "-at_install")
class TestHostileDocuments(OrdersCase):
    """Products and orders: each bad one fails alone, with its reason, in a batch that
    otherwise goes through."""

    def test_products_missing_code_overlong_code_unmapped_tax_fail_alone(self):
        Product = self.env["product.product"]
        good = Product.create({"name": "Good Lamp", "default_code": "GOOD-1"})
        bad = Product.create(
            [
                {"name": "No Code"},
                {"name": "Long Code", "default_code": "L" * 31},
                {"name": "Levied", "default_code": "LEVY-1", "taxes_id": [(6, 0, self.levy.ids)]},
                {
                    "name": "<b>Bold</b> & <script>x()</script>",
                    "default_code": "HTML-1",
                    "description_sale": "<script>alert(1)</script>",
                },
            ]
        )
        links = (good | bad)._xero_ensure_links(self.connection)
        SyncRun(self.connection).push(entities.get("item"), links)
        state = {link.res_id: (link.state, link.last_error or "") for link in links}
        self.assertEqual(state[good.id][0], "synced")
        self.assertIn("needs an internal reference", state[bad[0].id][1])
        self.assertIn("Xero takes at most 30", state[bad[1].id][1])
        self.assertIn("No Xero tax type is mapped for Levy 2%", state[bad[2].id][1])
        self.assertEqual(state[bad[3].id][0], "synced", "markup is just text to Xero")
        items = {i["Code"]: i for i in self.emulator_admin("GET", "tenants/%s/Items" % self.tenant_id)["Items"]}
        self.assertEqual(items["HTML-1"]["Description"], "<script>alert(1)</script>")
        self.assertFalse({"LEVY-1", "L" * 31} & set(items), "nothing half-written in Xero")

    def test_orders_with_mixed_taxes_or_a_currency_xero_lacks_fail_alone(self):
        desk = self.env["product.product"].search([("default_code", "=", "DESK-OAK")])
        eur = self.env.ref("base.EUR")
        eur.active = True
        good = self.order(
            "Good Buyer", [{"product_id": desk.id, "price_unit": 100, ORDER_LINE_TAXES: [(6, 0, self.gst.ids)]}]
        )
        mixed = self.order(
            "Mixed Buyer",
            [
                {"product_id": desk.id, "price_unit": 115, ORDER_LINE_TAXES: [(6, 0, self.gst_included.ids)]},
                {"product_id": desk.id, "price_unit": 100, ORDER_LINE_TAXES: [(6, 0, self.gst.ids)]},
            ],
        )
        in_eur = self.order(
            "Euro Buyer",
            [{"product_id": desk.id, "price_unit": 100, ORDER_LINE_TAXES: [(6, 0, self.gst.ids)]}],
            pricelist_id=self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id}).id,
        )
        links = (good | mixed | in_eur)._xero_ensure_links(self.connection)
        self.connection._xero_sync()
        state = {link.res_id: (link.state, link.last_error or "") for link in links}
        self.assertEqual(state[good.id][0], "synced")
        self.assertIn("including tax and others excluding it", state[mixed.id][1])
        self.assertIn("not subscribed to currency EUR", state[in_eur.id][1])
        references = [
            i.get("Reference") for i in self.emulator_admin("GET", "tenants/%s/Invoices" % self.tenant_id)["Invoices"]
        ]
        self.assertIn(good.name, references)
        self.assertFalse({mixed.name, in_eur.name} & set(references), "nothing half-written in Xero")

    def test_changes_to_a_paid_or_voided_invoice_are_refused_with_the_reason(self):
        desk = self.env["product.product"].search([("default_code", "=", "DESK-OAK")])
        paid = self.order("Paid Buyer", [{"product_id": desk.id, "price_unit": 100, ORDER_LINE_TAXES: [(5, 0, 0)]}])
        voided = self.order("Void Buyer", [{"product_id": desk.id, "price_unit": 50, ORDER_LINE_TAXES: [(5, 0, 0)]}])
        links = (paid | voided)._xero_ensure_links(self.connection)
        self.connection._xero_sync()
        by_order = {link.res_id: link for link in links}
        ui = "tenants/%s/ui/" % self.tenant_id
        for order in (paid, voided):
            self.emulator_admin(
                "POST",
                ui + "Invoices",
                Invoices=[{"InvoiceID": by_order[order.id].xero_id, "Status": "AUTHORISED", "DueDate": "2026-12-31"}],
            )
        self.emulator_admin(
            "POST",
            ui + "Payments",
            Payments=[
                {
                    "Invoice": {"InvoiceID": by_order[paid.id].xero_id},
                    "Account": {"Code": "090"},
                    "Amount": 100,
                    "Date": "2026-11-21",
                }
            ],
        )
        self.emulator_admin(
            "POST", ui + "Invoices", Invoices=[{"InvoiceID": by_order[voided.id].xero_id, "Status": "VOIDED"}]
        )
        self.connection._xero_sync()
        (paid | voided).order_line.write({"product_uom_qty": 2})
        self.connection._xero_sync()
        self.assertIn("is PAID: Xero takes no more changes", by_order[paid.id].last_error)
        self.assertIn("was voided in Xero and takes no more changes", by_order[voided.id].last_error)

    def test_an_order_dated_in_a_locked_period_still_becomes_a_draft(self):
        """Xero's lock date stops approving documents, not drafting them: the accounts
        team moves the date when they approve it."""
        self.emulator_admin("POST", "tenants/%s/settings" % self.tenant_id, period_lock_date="2026-10-31")
        desk = self.env["product.product"].search([("default_code", "=", "DESK-OAK")])
        order = self.order("Late Buyer", [{"product_id": desk.id, "price_unit": 10, ORDER_LINE_TAXES: [(5, 0, 0)]}])
        order.date_order = "2026-10-15 10:00:00"  # confirming dates it today; backdated by hand
        link = order._xero_ensure_links(self.connection)
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced", link.last_error)
        invoice = self.connection._xero_client().accounting_json(self.tenant_id, "get_invoice", link.xero_id)
        self.assertEqual(
            (invoice["Invoices"][0]["Status"], invoice["Invoices"][0]["DateString"][:10]), ("DRAFT", "2026-10-15")
        )

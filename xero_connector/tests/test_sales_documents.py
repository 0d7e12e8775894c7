"""Quotations and opportunities become draft invoices in Xero; what the accounts team
does to them in Xero comes back; what Xero no longer takes is refused with the reason."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.xero_connector.models.xero_invoiced_mixin import (
    ORDER_LINE_SOURCES,
    ORDER_LINE_WATCHED,
    fields_behind,
)
from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES
from odoo.addons.xero_connector.xero import entities
from odoo.addons.xero_connector.xero import mapping_documents as mapping

from .common import SyncCase, XeroRealTransactionCase


@tagged("post_install", "-at_install")
class DocumentCase(SyncCase):
    def setUp(self):
        super().setUp()
        self.use_nz_sales_taxes()
        self.env.ref("product.decimal_price").digits = 4
        self.connection._xero_sync()  # the demo organisation's customers and items
        self.desk = self.env["product.product"].search([("default_code", "=", "DESK-OAK")])
        self.delivery = self.env["product.product"].create(
            {"name": "Courier", "type": "service", "taxes_id": [(6, 0, self.gst.ids)]}
        )
        self.connection.write(
            {
                "delivery_product_id": self.delivery.id,
                "default_delivery_account_code": "220",
                "push_new_customers": False,
            }
        )

    def order(self, partner=None, lines=None, **values):
        self.customers = getattr(self, "customers", 0) + 1
        partner = partner or self.env["res.partner"].create(
            {"name": "Kauri Interiors %d" % self.customers, "is_company": True}
        )
        lines = (
            lines
            if lines is not None
            else [
                {
                    "product_id": self.desk.id,
                    "product_uom_qty": 2,
                    "price_unit": 650.1234,
                    "discount": 10,
                    ORDER_LINE_TAXES: [(6, 0, self.gst.ids)],
                },
                {"display_type": "line_section", "name": "Extras"},
                {"display_type": "line_note", "name": "Deliver before noon"},
                {
                    "product_id": self.delivery.id,
                    "product_uom_qty": 1,
                    "price_unit": 60,
                    ORDER_LINE_TAXES: [(6, 0, self.gst.ids)],
                },
            ]
        )
        return self.env["sale.order"].create(
            dict(
                {"partner_id": partner.id, "client_order_ref": "PO-77", "order_line": [(0, 0, line) for line in lines]},
                **values,
            )
        )

    def confirm(self, order):
        order.action_confirm()
        self.run_after_commit()
        return order._xero_links(self.connection)

    def xero_invoice(self, invoice_id):
        return self.connection._xero_client().accounting_json(self.tenant_id, "get_invoice", invoice_id, unitdp=4)[
            "Invoices"
        ][0]

    def in_xero(self, **fields):
        return self.emulator_admin("POST", "tenants/%s/ui/Invoices" % self.tenant_id, Invoices=[fields])

    def opportunity(self, **values):
        customer = self.Partner.search([("name", "=", "Bayside Club")])
        return self.env["crm.lead"].create(
            dict(
                {"name": "Club fit-out", "type": "opportunity", "partner_id": customer.id, "expected_revenue": 4200},
                **values,
            )
        )

    def draft_invoice(self, lead, code="210"):
        self.connection._xero_refresh_accounts()
        wizard = (
            self.env["xero.lead.invoice"]
            .with_context(default_lead_id=lead.id)
            .create({"account_id": self.env["xero.account"].search([("code", "=", code)]).id})
        )
        wizard.action_create()
        self.run_after_commit()
        return lead._xero_links(self.connection)


@tagged("post_install", "-at_install")
class TestConfirmedQuotation(DocumentCase):
    def test_every_key_of_a_draft_invoice_names_the_fields_it_is_made_from(self):
        """A key sent to Xero that no table names would not be watched: an order edited in
        that field would keep Xero's copy stale."""
        order, lead = self.order(), self.opportunity()
        for record in (order, lead, lead.copy({"order_ids": [(4, order.id)]})):
            sources = record._xero_invoice_sources
            values = record._xero_read_values(self.connection)
            self.assertEqual(set(values), set(sources), record._name)
            self.assertEqual(set(sources), set(mapping.INVOICE_FIELDS))
            self.assertLessEqual(set(fields_behind(sources)), set(record._fields), record._name)
            for line in values["lines"]:
                self.assertEqual(set(line), set(ORDER_LINE_SOURCES))
            # the quote's keys: the invoice's, and those of its own
            quote_sources = dict(sources, **record._xero_quote_sources)
            quote = record._xero_read_values(self.connection, entity=entities.get(record._xero_quote_entity))
            self.assertEqual(set(quote), set(mapping.QUOTE_FIELDS))
            self.assertLessEqual(set(quote), set(quote_sources), record._name)
            self.assertLessEqual(set(fields_behind(quote_sources)), set(record._fields), record._name)
        self.assertEqual(
            set(order._xero_watched_fields),
            set(fields_behind(order._xero_invoice_sources) + fields_behind(order._xero_quote_sources)),
        )
        self.assertLessEqual(set(ORDER_LINE_WATCHED), set(self.env["sale.order.line"]._fields))
        self.assertEqual(lead._xero_watched_fields, (), "an opportunity's invoice goes when the salesperson says")

    def test_confirming_creates_a_draft_invoice_with_every_line_field(self):
        order = self.order()
        link = self.confirm(order)
        self.assertEqual(link.state, "synced", link.last_error)
        invoice = self.xero_invoice(link.xero_id)
        self.assertEqual(
            (invoice["Type"], invoice["Status"], invoice["LineAmountTypes"], invoice["Reference"]),
            ("ACCREC", "DRAFT", "Exclusive", "PO-77"),
        )
        self.assertEqual(invoice["CurrencyCode"], order.currency_id.name)
        self.assertTrue(invoice["Url"].endswith("/odoo/sale.order/%d" % order.id))
        customer = order.partner_id._xero_links(self.connection)
        self.assertEqual(invoice["Contact"]["ContactID"], customer.xero_id, "the customer was exported first")
        desk, courier = invoice["LineItems"]  # the section and the note are left out
        self.assertEqual(
            (
                desk["ItemCode"],
                desk["Quantity"],
                desk["UnitAmount"],
                desk["DiscountRate"],
                desk["TaxType"],
                desk["AccountCode"],
            ),
            ("DESK-OAK", 2, 650.1234, 10, "OUTPUT2", "200"),
        )
        self.assertEqual(desk["TaxAmount"], round(round(2 * 650.1234 * 0.9, 2) * 0.15, 2), "as Xero computes it")
        self.assertEqual((courier["AccountCode"], courier["UnitAmount"]), ("220", 60), "the delivery account")
        self.assertEqual((order.xero_invoice_number, order.xero_invoice_status), (invoice["InvoiceNumber"], "DRAFT"))
        self.assertEqual(order.xero_amount_due, invoice["AmountDue"])
        action = order.action_xero_view_invoice()
        self.assertIn("/AccountsReceivable/View.aspx?InvoiceID=%s" % link.xero_id, action["url"])

    def test_the_branding_theme_and_tracking_chosen_on_the_connection(self):
        self.connection.action_xero_refresh_reference_data()
        theme = self.env["xero.branding.theme"].search([("name", "=", "Special Projects")])
        north = self.env["xero.tracking.option"].search([("name", "=", "North")])
        self.assertEqual(north.display_name, "Region: North")
        self.connection.write(
            {
                "branding_theme_id": theme.id,
                "tracking_rule_ids": [(0, 0, {"category": "Region", "source": "fixed", "fixed_option_id": north.id})],
            }
        )
        invoice = self.xero_invoice(self.confirm(self.order()).xero_id)
        self.assertEqual(invoice["BrandingThemeID"], theme.xero_id)
        self.assertEqual(
            [line["Tracking"] for line in invoice["LineItems"]], [[{"Name": "Region", "Option": "North"}]] * 2
        )

    def test_a_customers_own_branding_theme_comes_from_xero_and_draws_its_invoices(self):
        self.connection.action_xero_refresh_reference_data()
        themes = self.env["xero.branding.theme"].search([("connection_id", "=", self.connection.id)])
        special = themes.filtered(lambda theme: theme.name == "Special Projects")
        default = themes - special
        self.connection.branding_theme_id = default
        # set in Xero: read onto the partner
        self.edit_in_xero("Bayside Club", BrandingTheme={"BrandingThemeID": special.xero_id})
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        self.assertEqual(bayside.xero_branding_theme_id, special)
        # its invoices are drawn in it; another customer's in the connection's
        own = self.xero_invoice(self.confirm(self.order(partner=bayside)).xero_id)
        other = self.xero_invoice(self.confirm(self.order()).xero_id)
        self.assertEqual((own["BrandingThemeID"], other["BrandingThemeID"]), (special.xero_id, default.xero_id))
        # Xero's API takes no theme for a contact: it is Xero's, read-only in Odoo, and an
        # update of the customer sends none
        self.assertTrue(bayside._fields["xero_branding_theme_id"].readonly)
        bayside.email = "accounts@bayside.example"
        self.connection._xero_sync()
        self.assertEqual(bayside._xero_links(self.connection).state, "synced")
        contact = self.xero_contact("Bayside Club")[0]
        self.assertEqual(contact["BrandingTheme"]["BrandingThemeID"], special.xero_id)
        self.assertEqual(bayside.xero_branding_theme_id, special)

    def test_a_theme_odoo_has_not_read_yet_is_kept_until_a_refresh_names_it(self):
        unknown = "0a1b2c3d-0000-4000-8000-00000000abcd"
        self.edit_in_xero("Bayside Club", BrandingTheme={"BrandingThemeID": unknown})
        self.connection._xero_sync()
        theme = self.Partner.search([("name", "=", "Bayside Club")]).xero_branding_theme_id
        self.assertEqual(theme.xero_id, unknown)
        self.assertIn("refresh", theme.name)
        self.connection._xero_sync()
        self.assertEqual(
            self.Partner.search([("name", "=", "Bayside Club")])._xero_links(self.connection).state, "synced"
        )

    def test_tax_included_prices_and_no_tax(self):
        included = self.order(
            lines=[{"product_id": self.desk.id, "price_unit": 115, ORDER_LINE_TAXES: [(6, 0, self.gst_included.ids)]}]
        )
        untaxed = self.order(lines=[{"product_id": self.desk.id, "price_unit": 100, ORDER_LINE_TAXES: [(5, 0, 0)]}])
        self.assertEqual(self.xero_invoice(self.confirm(included).xero_id)["LineAmountTypes"], "Inclusive")
        self.assertEqual(self.xero_invoice(self.confirm(untaxed).xero_id)["LineAmountTypes"], "NoTax")

    def test_a_mix_of_included_and_excluded_taxes_is_refused_and_the_order_stays_confirmed(self):
        order = self.order(
            lines=[
                {"product_id": self.desk.id, "price_unit": 115, ORDER_LINE_TAXES: [(6, 0, self.gst_included.ids)]},
                {"product_id": self.desk.id, "price_unit": 100, ORDER_LINE_TAXES: [(6, 0, self.gst.ids)]},
            ]
        )
        link = self.confirm(order)
        self.assertEqual((order.state, link.state), ("sale", "error"))
        self.assertIn("Some lines have prices including tax and others excluding it", order.xero_invoice_error)

    def test_another_currency_and_one_xero_does_not_have(self):
        aud, eur = self.env.ref("base.AUD"), self.env.ref("base.EUR")
        (aud | eur).active = True
        in_aud = self.order(
            pricelist_id=self.env["product.pricelist"].create({"name": "AUD", "currency_id": aud.id}).id
        )
        in_eur = self.order(
            pricelist_id=self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id}).id
        )
        self.assertEqual(self.xero_invoice(self.confirm(in_aud).xero_id)["CurrencyCode"], "AUD")
        link = self.confirm(in_eur)
        self.assertEqual(link.state, "error")
        self.assertIn("not subscribed to currency EUR", link.last_error)
        self.assertIn("Enable the currency in Xero", link.last_error)

    def test_xero_down_at_confirmation_leaves_the_invoice_pending_and_the_routine_sync_sends_it(self):
        order = self.order()
        self.emulator_admin("POST", "faults", kind="503", path="/Invoices", method="PUT", count=1)
        link = self.confirm(order)
        self.assertEqual((order.state, link.state), ("sale", "pending"), link.last_error)
        self.assertTrue(order.xero_invoice_error)
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced")
        order.invalidate_recordset()
        self.assertTrue(order.xero_invoice_number)

    def test_a_retried_push_whose_answer_was_lost_makes_one_invoice(self):
        order = self.order()
        self.emulator_admin("POST", "faults", kind="drop", path="/Invoices", method="PUT", count=1)
        link = self.confirm(order)
        self.assertEqual(link.state, "pending")
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced")
        writes = self.emulator_writes("/Invoices")
        self.assertEqual(
            [r["method"] for r in writes],
            ["PUT", "POST"],
            "the retry found the draft the lost create made and updated it",
        )
        same = [
            i
            for i in self.emulator_admin("GET", "tenants/%s/Invoices" % self.tenant_id)["Invoices"]
            if i.get("Reference") == "PO-77"
        ]
        self.assertEqual(len(same), 1)

    def test_a_lost_invoice_create_retried_after_xero_forgot_the_key_makes_one_invoice(self):
        """Xero keeps idempotency keys for minutes; a retry after that must still find the
        draft the lost create made (by the link back to the order) instead of adding one."""
        order = self.order()
        self.emulator_admin("POST", "idempotency", seconds=0)
        self.emulator_admin("POST", "faults", kind="drop", path="/Invoices", method="PUT", count=1)
        link = self.confirm(order)
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced")
        same = [
            i
            for i in self.emulator_admin("GET", "tenants/%s/Invoices" % self.tenant_id)["Invoices"]
            if i.get("Reference") == "PO-77"
        ]
        self.assertEqual(len(same), 1, "one invoice in Xero")
        self.assertEqual(same[0]["InvoiceID"], link.xero_id)

    def test_changes_in_xero_reach_the_order(self):
        order = self.order()
        link = self.confirm(order)
        self.in_xero(InvoiceID=link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        self.connection._xero_sync()
        order.invalidate_recordset()
        self.assertEqual(order.xero_invoice_status, "AUTHORISED")

    def test_changes_in_odoo_go_while_the_invoice_is_a_draft_and_are_refused_after(self):
        order = self.order()
        link = self.confirm(order)
        order.order_line[0].product_uom_qty = 3
        self.assertEqual(link.state, "pending")
        self.connection._xero_sync()
        self.assertEqual(self.xero_invoice(link.xero_id)["LineItems"][0]["Quantity"], 3)
        self.in_xero(InvoiceID=link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        self.connection._xero_sync()
        order.order_line[0].product_uom_qty = 4
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertEqual(link.state, "error")
        order.invalidate_recordset()
        self.assertIn("is AUTHORISED: Xero takes no more changes from Odoo", order.xero_invoice_error)
        self.assertFalse(self.emulator_writes("/Invoices"))


@tagged("post_install", "-at_install")
class TestRolledBackConfirmation(XeroRealTransactionCase):
    def test_a_rolled_back_confirmation_leaves_nothing_in_xero(self):
        with self.registry.cursor() as cr:
            env = self.env(cr=cr)
            self.only_connection(env)
            partner = env["res.partner"].create({"name": "Rolled Back Ltd"})
            product = env["product.product"].create({"name": "Consulting", "type": "service"})
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1, "price_unit": 100})],
                }
            )
            order.action_confirm()
            cr.rollback()
        self.assertFalse([r for r in self.emulator_writes() if r["path"].endswith(("/Invoices", "/Contacts"))])


@tagged("post_install", "-at_install")
class TestOpportunityInvoice(DocumentCase):
    def test_the_opportunity_wizard_sends_only_a_lead_its_user_may_change(self):
        """The wizard is created over RPC with whatever lead id it is given: another
        salesperson's opportunity (own documents only) is refused before any call."""
        self.connection._xero_refresh_accounts()
        other = new_test_user(self.env, "lead_owner", groups="sales_team.group_sale_salesman")
        salesperson = new_test_user(self.env, "lead_outsider", groups="sales_team.group_sale_salesman")
        lead = self.opportunity(user_id=other.id)
        account = self.env["xero.account"].search([("code", "=", "200")])
        wizard = (
            self.env["xero.lead.invoice"]
            .with_user(salesperson)
            .sudo()
            .create({"lead_id": lead.id, "account_id": account.id})
            .sudo(False)
        )
        self.emulator_admin("DELETE", "requests")
        with self.assertRaises(AccessError):
            wizard.action_create()
        self.run_after_commit()
        self.assertFalse(lead._xero_links(self.connection))
        self.assertFalse(self.emulator_writes("/Invoices"))

    def test_wizard_offers_revenue_accounts_with_the_default_from_settings(self):
        self.connection.default_revenue_account_code = "200"
        wizard = self.env["xero.lead.invoice"].with_context(default_lead_id=self.opportunity().id).create({})
        self.assertEqual(wizard.account_id.code, "200")
        offered = self.env["xero.account"].search(
            [("connection_id", "=", self.connection.id), ("account_type", "in", ("REVENUE", "SALES"))]
        )
        self.assertEqual(sorted(offered.mapped("code")), ["200", "210", "220"])

    def test_without_a_quotation_one_line_of_name_and_expected_revenue(self):
        lead = self.opportunity()
        link = self.draft_invoice(lead)
        self.assertEqual(link.state, "synced", link.last_error)
        invoice = self.xero_invoice(link.xero_id)
        self.assertEqual(
            [
                (line["Description"], line["Quantity"], line["UnitAmount"], line["AccountCode"])
                for line in invoice["LineItems"]
            ],
            [("Club fit-out", 1, 4200, "210")],
        )
        self.assertEqual((lead.xero_invoice_number, lead.xero_invoice_status), (invoice["InvoiceNumber"], "DRAFT"))

    def test_with_a_quotation_its_lines(self):
        lead = self.opportunity()
        self.order(partner=lead.partner_id, opportunity_id=lead.id)
        invoice = self.xero_invoice(self.draft_invoice(lead).xero_id)
        self.assertEqual([line.get("ItemCode") for line in invoice["LineItems"]], ["DESK-OAK", None])

    def test_update_while_draft_then_refused_once_authorised(self):
        lead = self.opportunity()
        link = self.draft_invoice(lead)
        lead.expected_revenue = 5000
        lead.action_xero_update_invoice()
        self.run_after_commit()
        self.assertEqual(self.xero_invoice(link.xero_id)["LineItems"][0]["UnitAmount"], 5000)
        self.in_xero(InvoiceID=link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        self.connection._xero_sync()
        lead.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "is AUTHORISED: Xero no longer takes changes to it"):
            lead.action_xero_update_invoice()
        with self.assertRaisesRegex(UserError, "Void it in Xero"):
            lead.unlink()

    def test_deleting_the_opportunity_deletes_its_draft_invoice(self):
        lead = self.opportunity()
        link = self.draft_invoice(lead)
        invoice_id = link.xero_id
        lead.unlink()
        self.run_after_commit()
        self.assertEqual(self.xero_invoice(invoice_id)["Status"], "DELETED")
        transaction = self.env["xero.sales.transaction"].search([("xero_id", "=", invoice_id)])
        self.assertEqual(transaction.flag, "D")


@tagged("post_install", "-at_install")
class TestApprovedAndEmailedInvoices(DocumentCase):
    """The connection's Approve Invoices and Email Approved Invoices: off by default,
    Xero administrators only."""

    def setUp(self):
        super().setUp()
        self.connection.write({"approve_invoices": True, "email_invoices": True})
        self.customer = self.Partner.create(
            {"name": "Totara Builders", "is_company": True, "email": "accounts@totara.example"}
        )

    def emails(self):
        return self.emulator_admin("GET", "tenants/%s/emails" % self.tenant_id)["emails"]

    def test_an_approved_invoice_is_emailed_once_and_never_changed_by_odoo(self):
        order = self.order(partner=self.customer)
        link = self.confirm(order)
        invoice = self.xero_invoice(link.xero_id)
        self.assertEqual((invoice["Status"], order.xero_invoice_status), ("AUTHORISED", "AUTHORISED"))
        self.assertEqual(
            [(e["InvoiceID"], e["To"]) for e in self.emails()], [(link.xero_id, ["accounts@totara.example"])]
        )
        self.assertEqual(order.xero_email_state, "sent")
        self.assertIn("Xero emailed invoice %s" % invoice["InvoiceNumber"], order.message_ids[0].body)
        # a later change of the order: said on the order, never sent
        order.order_line[0].product_uom_qty = 5
        self.connection._xero_sync()
        self.assertEqual(self.xero_invoice(link.xero_id)["Total"], invoice["Total"])
        order.invalidate_recordset()
        self.assertIn("AUTHORISED", order.xero_invoice_error)
        self.assertEqual(len(self.emails()), 1, "emailed once")

    def test_a_customer_without_an_email_address_is_said_on_the_order_and_costs_no_call(self):
        order = self.order()  # a new customer with no email address
        self.emulator_admin("DELETE", "requests")
        self.confirm(order)
        self.assertEqual(order.xero_invoice_status, "AUTHORISED")
        self.assertFalse([r for r in self.emulator_requests() if r["path"].endswith("/Email")])
        self.assertEqual(order.xero_email_state, "refused")
        self.assertIn("has no email address", order.xero_email_problem)

    def test_xeros_daily_email_limit_is_said_and_email_invoice_asks_again(self):
        self.emulator_admin("POST", "limits", emails_per_day=0)
        order = self.order(partner=self.customer)
        self.confirm(order)
        self.assertEqual(order.xero_email_state, "refused")
        self.assertIn("daily limit of emails", order.xero_email_problem)
        self.assertFalse(self.emails())
        self.emulator_admin("POST", "limits", emails_per_day=1000)
        order.action_xero_email_invoice()
        self.assertEqual((order.xero_email_state, len(self.emails())), ("sent", 1))

    def test_email_invoice_from_xero_emails_once_and_obeys_the_switch_and_the_order(self):
        """The button asks Xero to email a refused or waiting invoice: never one already
        emailed (a loop of clicks would email the customer each time), never once the
        connection stops emailing, never for an order no longer confirmed."""
        self.emulator_admin("POST", "limits", emails_per_day=0)
        order = self.order(partner=self.customer)
        self.confirm(order)
        self.assertEqual(order.xero_email_state, "refused")
        self.emulator_admin("POST", "limits", emails_per_day=1000)
        self.connection.email_invoices = False
        with self.assertRaisesRegex(UserError, "switched off"):
            order.action_xero_email_invoice()
        self.connection.email_invoices = True
        order.action_xero_email_invoice()
        self.assertEqual(order.xero_email_state, "sent")
        for _click in range(3):
            with self.assertRaisesRegex(UserError, "emailed this invoice already"):
                order.action_xero_email_invoice()
        self.assertEqual(len(self.emails()), 1, "the customer got one email")
        order.xero_email_state = "refused"
        order._action_cancel()
        with self.assertRaisesRegex(UserError, "confirmed orders only"):
            order.action_xero_email_invoice()
        self.assertEqual(len(self.emails()), 1)

    def test_opportunities_invoices_stay_drafts_and_nothing_is_approved_when_switched_off(self):
        lead_link = self.draft_invoice(self.opportunity())
        self.assertEqual(self.xero_invoice(lead_link.xero_id)["Status"], "DRAFT")
        self.connection.write({"approve_invoices": False})
        order = self.order(partner=self.customer)
        self.assertEqual(self.xero_invoice(self.confirm(order).xero_id)["Status"], "DRAFT")
        self.assertFalse(order.xero_email_state)
        self.assertFalse(self.emails())

    def test_only_xero_administrators_switch_it(self):
        salesperson = new_test_user(self.env, "approve_sales", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.connection.with_user(salesperson).write({"approve_invoices": False})
        new = self.env["xero.connection"].new({})
        self.assertEqual((new.approve_invoices, new.email_invoices), (False, False), "off by default")


@tagged("post_install", "-at_install")
class TestDocumentsFromThePipeline(DocumentCase):
    def setUp(self):
        super().setUp()
        self.won = self.env["crm.stage"].create({"name": "Won here", "is_won": True, "xero_create_document": True})
        self.connection.default_revenue_account_code = "200"

    def invoices_referencing(self, lead):
        return [i for i in self.xero_records("Invoices") if i.get("Reference") == lead.name]

    def test_an_opportunity_entering_the_stage_gets_its_draft_invoice_once(self):
        lead = self.opportunity(name="Marina fit-out")
        lead.stage_id = self.won
        self.run_after_commit()
        link = lead._xero_links(self.connection)
        self.assertEqual(link.state, "synced", link.last_error)
        self.assertEqual(lead.xero_revenue_account_code, "200", "the connection's default account")
        self.assertEqual([i["Status"] for i in self.invoices_referencing(lead)], ["DRAFT"])
        # out and back in, with a new expected revenue: the same invoice, updated
        lead.write({"stage_id": self.env.ref("crm.stage_lead1").id, "expected_revenue": 5000})
        lead.stage_id = self.won
        self.run_after_commit()
        invoices = self.invoices_referencing(lead)
        self.assertEqual([(i["InvoiceID"], i["Total"]) for i in invoices], [(link.xero_id, 5000)])

    def test_no_customer_or_no_revenue_account_is_said_and_costs_no_call(self):
        self.connection.default_revenue_account_code = False
        no_customer = self.opportunity(name="Orphan deal", partner_id=False)
        no_account = self.opportunity(name="Unaccounted deal")
        self.emulator_admin("DELETE", "requests")
        (no_customer | no_account).write({"stage_id": self.won.id})
        self.run_after_commit()
        self.assertFalse(self.emulator_writes("/Invoices"))
        self.assertFalse((no_customer | no_account)._xero_links(self.connection))
        self.assertIn("has no customer", no_customer.message_ids[0].body)
        self.assertIn("no revenue account", no_account.message_ids[0].body)

    def test_created_straight_into_the_stage(self):
        lead = self.opportunity(name="Walk-in deal", stage_id=self.won.id)
        self.run_after_commit()
        self.assertEqual(lead._xero_links(self.connection).state, "synced")

from odoo.tests import tagged

from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES

from .common import XeroHttpCase


class SalesTourCase(XeroHttpCase):
    """A connected company with the demo organisation read, Bayside Club its customer."""

    def setUp(self):
        super().setUp()
        self.connection = self.make_connection("custom")
        self.connection.action_connect()
        self.connection.write({"default_revenue_account_code": "200", "push_new_customers": False})
        self.connection._xero_sync()
        self.customer = self.env["res.partner"].search([("name", "=", "Bayside Club")])


@tagged("post_install", "-at_install")
class TestSalesTours(SalesTourCase):
    def lamp_order(self):
        product = self.env["product.product"].search([("default_code", "=", "LAMP-LED")])
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 3, ORDER_LINE_TAXES: [(5, 0, 0)]})],
            }
        )

    def tour_sending_at_commit(self, path, tour, screenshot):
        """The tour, its requests' pushes after commit sent as in production."""
        with self.post_commit_hooks_run():
            self.start_tour(path, tour, login="admin", screenshot=screenshot)

    def test_confirming_a_quotation_shows_its_xero_invoice_number(self):
        order = self.lamp_order()
        self.tour_sending_at_commit(
            "/odoo/action-sale.action_quotations_with_onboarding/%d" % order.id,
            "xero_connector_confirm_quotation",
            "order_invoiced",
        )
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.xero_invoice_number.startswith("INV-"))

    def test_a_draft_invoice_from_an_opportunity(self):
        lead = self.env["crm.lead"].create(
            {"name": "Club fit-out", "type": "opportunity", "partner_id": self.customer.id, "expected_revenue": 4200}
        )
        self.tour_sending_at_commit(
            "/odoo/action-crm.crm_lead_action_pipeline/%d" % lead.id,
            "xero_connector_opportunity_invoice",
            "opportunity_invoiced",
        )
        self.assertEqual(lead.xero_invoice_status, "DRAFT")

    def test_the_customer_gets_the_invoice_link_and_xero_pdf(self):
        order = self.lamp_order()
        order.action_confirm()
        self.connection._xero_sync()  # the draft goes to Xero
        invoice_id = order._xero_links(self.connection).xero_id
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Invoices" % self.tenant_id,
            Invoices=[{"InvoiceID": invoice_id, "Status": "AUTHORISED", "DueDate": "2026-12-31"}],
        )
        self.connection._xero_sync()  # the accounts team approved it
        self.start_tour(
            "/odoo/action-sale.action_orders/%d" % order.id,
            "xero_connector_customer_copy",
            login="admin",
            screenshot="order_customer_copy",
        )
        self.assertTrue(order.xero_online_invoice_url.startswith("https://in.xero.com/"))
        self.assertTrue(order.message_ids.attachment_ids.filtered(lambda a: a.mimetype == "application/pdf"))

    def test_an_order_invoiced_in_xero_reads_fully_invoiced(self):
        order = self.lamp_order()
        order.action_confirm()
        self.connection._xero_sync()  # the draft goes to Xero
        self.start_tour(
            "/odoo/action-sale.action_orders",
            "xero_connector_invoiced_in_xero",
            login="admin",
            screenshot="order_fully_invoiced",
        )
        self.assertEqual(order.invoice_status, "invoiced")

    def test_the_credit_limit_warning_names_what_the_customer_owes_in_xero(self):
        self.env.company.account_use_credit_limit = True
        self.customer.credit_limit = 400
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Invoices" % self.tenant_id,
            Invoices=[
                {
                    "Type": "ACCREC",
                    "Contact": {"ContactID": self.customer._xero_links(self.connection).xero_id},
                    "Status": "AUTHORISED",
                    "DueDate": "2026-12-31",
                    "LineAmountTypes": "NoTax",
                    "LineItems": [{"Description": "Survey", "Quantity": 1, "UnitAmount": 500, "AccountCode": "200"}],
                }
            ],
        )
        self.connection._xero_sync()  # the accounts team's invoice, approved and unpaid
        owed = sum(self.customer._xero_owed(self.env.company).get(self.customer.id, ()))
        order = self.lamp_order()
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding/%d" % order.id,
            "xero_connector_credit_limit_warning",
            login="admin",
            screenshot="credit_limit_warning",
        )
        self.assertGreaterEqual(owed, 500)

    def test_imported_customers_are_listed_as_customers_with_their_groups(self):
        client = self.connection._xero_client()
        group = client.accounting_json(self.tenant_id, "create_contact_group", {"ContactGroups": [{"Name": "VIP"}]})
        client.accounting_json(
            self.tenant_id,
            "create_contact_group_contacts",
            group["ContactGroups"][0]["ContactGroupID"],
            {"Contacts": [{"ContactID": self.customer._xero_links(self.connection).xero_id}]},
        )
        self.connection._xero_sync()
        self.start_tour(
            # the action of Sales > Orders > Customers (with the Sales app) and Invoicing > Customers
            "/odoo/action-account.res_partner_action_customer",
            "xero_connector_customers_list",
            login="admin",
            screenshot="customers_list",
        )


@tagged("post_install", "-at_install")
class TestQuoteAndPipelineTours(SalesTourCase):
    """The quote button, the stage rule and the approve-and-send switch, clicked in
    headless Chromium."""

    def opportunity(self, **values):
        return self.env["crm.lead"].create(
            dict(
                {
                    "name": "Club fit-out",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "expected_revenue": 4200,
                },
                **values,
            )
        )

    def test_create_quote_on_xero_from_an_opportunity(self):
        lead = self.opportunity()
        with self.post_commit_hooks_run():
            self.start_tour(
                "/odoo/action-crm.crm_lead_action_pipeline/%d" % lead.id,
                "xero_connector_opportunity_quote",
                login="admin",
                screenshot="opportunity_quote",
            )
        self.assertEqual(lead.xero_quote_status, "DRAFT")
        self.assertTrue(lead.xero_quote_number.startswith("QU-"))

    def test_a_stage_makes_the_opportunitys_draft_invoice(self):
        self.env["crm.stage"].create({"name": "Won here", "is_won": True, "xero_create_document": True})
        lead = self.opportunity()
        with self.post_commit_hooks_run():
            self.start_tour(
                "/odoo/action-crm.crm_lead_action_pipeline/%d" % lead.id,
                "xero_connector_stage_document",
                login="admin",
                screenshot="stage_document",
            )
        self.assertEqual(lead.stage_id.name, "Won here")
        self.assertEqual(lead.xero_invoice_status, "DRAFT")

    def test_the_xero_administrator_switches_approve_and_send_on(self):
        self.start_tour(
            "/odoo/action-xero_connector.action_xero_connection/%d" % self.connection.id,
            "xero_connector_approve_and_send",
            login="admin",
            screenshot="approve_and_send",
        )
        self.assertEqual((self.connection.approve_invoices, self.connection.email_invoices), (True, True))
        self.customer.email = "accounts@bayside.example"
        product = self.env["product.product"].search([("default_code", "=", "LAMP-LED")])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1, ORDER_LINE_TAXES: [(5, 0, 0)]})],
            }
        )
        order.action_confirm()
        self.connection._xero_sync()  # the routine sync: the invoice, then its email
        order.invalidate_recordset()
        self.assertEqual((order.xero_invoice_status, order.xero_email_state), ("AUTHORISED", "sent"))

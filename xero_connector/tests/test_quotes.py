"""Xero quotes from Odoo: a sent quotation becomes a Xero quote with the invoice's lines,
is kept up to date while Xero takes changes, and what the customer decides in Xero comes
back to the order; an opportunity gets one at the click of a button or from its stage."""

from odoo.tests import tagged

from .test_sales_documents import DocumentCase


@tagged("post_install", "-at_install")
class TestQuotes(DocumentCase):
    def setUp(self):
        super().setUp()
        self.connection.write({"push_sent_quotations": True})
        self.connection.action_xero_refresh_reference_data()
        self.theme = self.env["xero.branding.theme"].search([("name", "=", "Special Projects")])
        self.connection.branding_theme_id = self.theme

    def xero_quote(self, quote_id):
        return self.connection._xero_client().accounting_json(self.tenant_id, "get_quote", quote_id)["Quotes"][0]

    def send(self, order):
        order.action_quotation_sent()
        self.run_after_commit()
        return order._xero_links(self.connection, "order_quote")

    def in_xero(self, quote_id, **fields):
        return self.emulator_admin(
            "POST", "tenants/%s/ui/Quotes" % self.tenant_id, Quotes=[dict(fields, QuoteID=quote_id)]
        )

    def test_a_sent_quotation_becomes_a_xero_quote_with_the_invoices_lines(self):
        order = self.order(validity_date="2027-01-31")
        link = self.send(order)
        self.assertEqual(link.state, "synced", link.last_error)
        quote = self.xero_quote(link.xero_id)
        self.assertEqual(
            (quote["Status"], quote["Reference"], quote["LineAmountTypes"], quote["BrandingThemeID"]),
            ("SENT", "PO-77", "EXCLUSIVE", self.theme.xero_id),
        )
        self.assertEqual(quote["ExpiryDateString"][:10], "2027-01-31")
        self.assertEqual(
            [
                (line.get("ItemCode"), line["Quantity"], line["DiscountRate"] if "DiscountRate" in line else 0)
                for line in quote["LineItems"]
            ],
            [("DESK-OAK", 2, 10), (None, 1, 0)],
        )
        self.assertEqual([line["AccountCode"] for line in quote["LineItems"]], ["200", "220"])
        self.assertEqual([line["TaxType"] for line in quote["LineItems"]], ["OUTPUT2"] * 2)
        self.assertEqual((order.xero_quote_number, order.xero_quote_status), (quote["QuoteNumber"], "SENT"))
        # still a quotation: a change goes to the same quote
        order.order_line[0].product_uom_qty = 3
        self.connection._xero_sync()
        updated = self.xero_quote(link.xero_id)
        self.assertEqual((updated["LineItems"][0]["Quantity"], updated["Reference"]), (3, "PO-77"))
        self.assertEqual(len(self.xero_records("Quotes")), 3, "the demo's two, and this one")

    def test_the_customers_answer_in_xero_reaches_the_order(self):
        accepted, declined = self.order(), self.order()
        accepted_link, declined_link = self.send(accepted), self.send(declined)
        self.in_xero(accepted_link.xero_id, Status="ACCEPTED")
        self.in_xero(declined_link.xero_id, Status="DECLINED")
        self.connection._xero_sync()
        accepted.invalidate_recordset()
        declined.invalidate_recordset()
        self.assertEqual((accepted.xero_quote_status, declined.xero_quote_status), ("ACCEPTED", "DECLINED"))
        self.assertIn("accepted Xero quote %s" % accepted.xero_quote_number, accepted.message_ids[0].body)
        self.assertIn("declined Xero quote %s" % declined.xero_quote_number, declined.message_ids[0].body)
        self.assertEqual(declined.activity_ids.summary, "Quote %s declined" % declined.xero_quote_number)
        self.assertFalse(accepted.activity_ids)
        # an accepted quote is the customer's: a later change of the order is not sent to it
        accepted.order_line[0].product_uom_qty = 7
        self.connection._xero_sync()
        accepted.invalidate_recordset()
        self.assertIn("ACCEPTED", accepted.xero_quote_error)
        self.assertEqual(self.xero_quote(accepted_link.xero_id)["LineItems"][0]["Quantity"], 2)

    def test_the_confirmed_orders_invoice_names_its_quote_and_the_quote_is_left_alone(self):
        order = self.order()
        quote_link = self.send(order)
        number = order.xero_quote_number
        invoice_link = self.confirm(order)
        self.assertEqual(self.xero_invoice(invoice_link.xero_id)["Reference"], "PO-77 %s" % number)
        order.order_line[0].product_uom_qty = 9
        self.assertEqual(quote_link.state, "synced", "a confirmed order's quote is not sent again")

    def test_a_lost_answer_never_makes_a_second_quote(self):
        order = self.order()
        self.emulator_admin("POST", "faults", kind="drop", path="/Quotes", method="PUT", count=1)
        link = self.send(order)
        self.assertNotEqual(link.state, "synced")
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced", link.last_error)
        mine = [q for q in self.xero_records("Quotes") if q.get("Reference") == "PO-77"]
        self.assertEqual([q["QuoteID"] for q in mine], [link.xero_id])

    def test_a_lost_answer_retried_after_xero_forgot_the_key_finds_the_quote(self):
        order = self.order()
        self.emulator_admin("POST", "faults", kind="drop", path="/Quotes", method="PUT", count=1)
        link = self.send(order)
        self.emulator_admin("POST", "idempotency", seconds=0)  # Xero no longer replays the answer
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced", link.last_error)
        mine = [q for q in self.xero_records("Quotes") if q.get("Title") == order.name]
        self.assertEqual([q["QuoteID"] for q in mine], [link.xero_id], "the quote the lost create made")

    def test_quotes_wait_for_the_switch(self):
        self.connection.push_sent_quotations = False
        order = self.order()
        self.assertFalse(self.send(order))
        order.action_xero_send_quote()  # a salesperson may still ask for one
        self.run_after_commit()
        self.assertEqual(order._xero_links(self.connection, "order_quote").state, "synced")


@tagged("post_install", "-at_install")
class TestOpportunityQuotes(DocumentCase):
    def test_create_quote_on_xero_asks_the_account_once_then_updates(self):
        lead = self.opportunity()
        action = lead.action_xero_quote()
        self.assertEqual((action["res_model"], action["context"]["default_document"]), ("xero.lead.invoice", "quote"))
        self.connection._xero_refresh_accounts()
        wizard = (
            self.env["xero.lead.invoice"]
            .with_context(**action["context"])
            .create({"account_id": self.env["xero.account"].search([("code", "=", "210")]).id})
        )
        wizard.action_create()
        self.run_after_commit()
        link = lead._xero_links(self.connection, "lead_quote")
        self.assertEqual(link.state, "synced", link.last_error)
        quote = self.connection._xero_client().accounting_json(self.tenant_id, "get_quote", link.xero_id)["Quotes"][0]
        self.assertEqual(
            (quote["Status"], [(line["Description"], line["AccountCode"]) for line in quote["LineItems"]]),
            ("DRAFT", [("Club fit-out", "210")]),
        )
        self.assertFalse(lead._xero_links(self.connection), "no invoice for it")
        lead.expected_revenue = 5100
        self.assertTrue(lead.action_xero_quote(), "with a quote: sent again at once")
        self.run_after_commit()
        updated = self.connection._xero_client().accounting_json(self.tenant_id, "get_quote", link.xero_id)
        self.assertEqual(updated["Quotes"][0]["Total"], 5100)

    def test_a_stage_makes_quotes_when_the_connection_says_so(self):
        self.connection.write({"opportunity_document": "quote", "default_revenue_account_code": "200"})
        won = self.env["crm.stage"].create({"name": "Quoted", "xero_create_document": True})
        lead = self.opportunity(name="Pier deal")
        lead.stage_id = won
        self.run_after_commit()
        self.assertEqual(lead._xero_links(self.connection, "lead_quote").state, "synced")
        self.assertFalse(lead._xero_links(self.connection), "a quote, not an invoice")

"""What the customer gets of an order's Xero invoice: its online address, to copy or to
email from the chatter, and Xero's own PDF in the chatter; one call each, made only
when clicked, and a plain answer while the invoice is a draft."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_sales_documents import DocumentCase


@tagged("post_install", "-at_install")
class TestCustomerCopy(DocumentCase):
    def setUp(self):
        super().setUp()
        self.sale = self.order()
        self.link = self.confirm(self.sale)
        self.emulator_admin("DELETE", "requests")

    def approve(self):
        self.in_xero(InvoiceID=self.link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        self.connection._xero_sync()
        self.sale.invalidate_recordset()
        self.emulator_admin("DELETE", "requests")

    def calls_about_the_invoice(self):
        return [r for r in self.emulator_requests() if self.link.xero_id in r["path"]]

    def test_a_draft_is_said_plainly_and_costs_no_call(self):
        self.assertEqual(self.sale.xero_invoice_status, "DRAFT")
        for action in (self.sale.action_xero_invoice_link, self.sale.action_xero_attach_pdf):
            with self.assertRaisesRegex(UserError, "is still a draft: Xero makes its online invoice and its PDF"):
                action()
        self.assertEqual(self.calls_about_the_invoice(), [])

    def test_the_link_is_fetched_once_and_ready_to_copy_or_email(self):
        self.approve()
        self.connection.invalidate_recordset()
        calls_before = self.connection.api_calls_today
        self.sale.action_xero_invoice_link()
        self.connection.invalidate_recordset()
        self.assertEqual(self.connection.api_calls_today, calls_before + 1, "the click counts in the dashboard")
        url = self.sale.xero_online_invoice_url
        self.assertTrue(url.startswith("https://in.xero.com/"), url)
        self.assertEqual(
            [r["path"].rsplit("/", 1)[-1] for r in self.calls_about_the_invoice()], ["OnlineInvoice"], "one call"
        )
        self.sale.action_xero_invoice_link()
        self.assertEqual(len(self.calls_about_the_invoice()), 1, "the link is kept: no second call")

        action = self.sale.action_xero_email_invoice_link()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertIn(url, composer.body)
        self.assertIn(self.sale.xero_invoice_number, composer.subject)
        self.assertEqual(composer.partner_ids[:], self.sale.partner_id)
        composer.save().action_send_mail()
        self.assertIn(url, self.sale.message_ids[0].body)

    def test_xero_pdf_lands_in_the_chatter(self):
        self.approve()
        self.sale.action_xero_attach_pdf()
        message = self.sale.message_ids[0]
        self.assertIn(self.sale.xero_invoice_number, message.body)
        (attachment,) = message.attachment_ids
        self.assertEqual(attachment.name, "%s.pdf" % self.sale.xero_invoice_number)
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF-"))
        self.assertIn(self.sale.xero_invoice_number.encode(), attachment.raw)
        self.assertEqual(len(self.calls_about_the_invoice()), 1, "one call")

    def test_a_voided_invoice_has_nothing_for_the_customer(self):
        self.approve()
        self.in_xero(InvoiceID=self.link.xero_id, Status="VOIDED")
        self.connection._xero_sync()
        self.sale.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "was voided in Xero: there is nothing to show the customer"):
            self.sale.action_xero_attach_pdf()

    def test_xero_failing_is_said_on_the_click_and_nothing_is_kept(self):
        self.approve()
        self.emulator_admin("POST", "faults", kind="503", path="/OnlineInvoice")
        with self.assertRaisesRegex(UserError, "Xero did not give the customer's copy of invoice .*unavailable"):
            self.sale.action_xero_invoice_link()
        self.assertFalse(self.sale.xero_online_invoice_url)


@tagged("post_install", "-at_install")
class TestOpportunityCustomerCopy(DocumentCase):
    """An opportunity's draft invoice, once approved, gives its link and PDF the same way."""

    def test_an_approved_opportunity_invoice_gives_its_link_and_pdf(self):
        lead = self.opportunity()
        link = self.draft_invoice(lead)
        with self.assertRaisesRegex(UserError, "is still a draft"):
            lead.action_xero_invoice_link()
        self.in_xero(InvoiceID=link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        self.connection._xero_sync()
        lead.invalidate_recordset()
        lead.action_xero_invoice_link()
        self.assertTrue(lead.xero_online_invoice_url.startswith("https://in.xero.com/"))
        lead.action_xero_attach_pdf()
        self.assertEqual(lead.message_ids[0].attachment_ids.name, "%s.pdf" % lead.xero_invoice_number)

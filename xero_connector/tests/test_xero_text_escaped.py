"""Text from Xero (an invoice or quote number, a contact name) shows in Odoo as typed:
where Odoo renders HTML (an activity's note, the chatter, an email body) it is escaped,
so markup in it neither formats the page nor runs."""

import datetime as dt

from odoo.tests import Form, tagged

from .test_sales_documents import DocumentCase

DAY = 24 * 3600
HOSTILE = "<b>1</b><img src=x onerror=alert(1)>"
ESCAPED = "&lt;b&gt;1&lt;/b&gt;&lt;img src=x onerror=alert(1)&gt;"


@tagged("post_install", "-at_install")
class TestXeroTextEscaped(DocumentCase):
    def assert_shown_as_text(self, html, text):
        self.assertIn(ESCAPED, html)
        self.assertNotIn("<b>", html)
        self.assertNotIn("<img", html)
        self.assertIn(text, html)

    def xero_today(self, advance_seconds=0):
        now = self.emulator_admin("POST", "clock", advance=advance_seconds)["now"]
        return dt.datetime.fromisoformat(now).date()

    def test_an_overdue_invoice_number_with_markup_shows_as_text_in_the_follow_up(self):
        sale = self.order()
        link = self.confirm(sale)
        self.in_xero(
            InvoiceID=link.xero_id,
            InvoiceNumber="INV-" + HOSTILE,
            Status="AUTHORISED",
            DueDate=self.xero_today().isoformat(),
        )
        self.connection._xero_sync()
        self.xero_today(DAY)
        self.connection._xero_sync()
        follow_up = sale.activity_ids.filtered(lambda a: "is overdue" in (a.summary or ""))
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.summary, "Invoice INV-%s is overdue" % HOSTILE, "a summary is plain text")
        self.assert_shown_as_text(follow_up.note, "Xero invoice INV-")

    def test_a_declined_quote_number_with_markup_shows_as_text_in_the_note_and_chatter(self):
        self.connection.push_sent_quotations = True
        sale = self.order()
        sale.action_quotation_sent()
        self.run_after_commit()
        link = sale._xero_links(self.connection, "order_quote")
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Quotes" % self.tenant_id,
            Quotes=[{"QuoteID": link.xero_id, "QuoteNumber": "QU-" + HOSTILE, "Status": "DECLINED"}],
        )
        self.connection._xero_sync()
        sale.invalidate_recordset()
        self.assertEqual(sale.xero_quote_status, "DECLINED")
        self.assert_shown_as_text(sale.activity_ids.note, "The customer declined Xero quote QU-")
        self.assert_shown_as_text(sale.message_ids[0].body, "The customer declined Xero quote QU-")

    def test_the_invoice_email_shows_the_number_and_customer_name_as_text(self):
        customer = self.env["res.partner"].create({"name": "Kauri " + HOSTILE, "is_company": True})
        sale = self.order(partner=customer)
        link = self.confirm(sale)
        self.in_xero(InvoiceID=link.xero_id, InvoiceNumber="INV-" + HOSTILE, Status="AUTHORISED")
        self.connection._xero_sync()
        sale.invalidate_recordset()
        action = sale.action_xero_email_invoice_link()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(str(composer.body).count(ESCAPED), 2, "the customer's name and the invoice number")
        self.assert_shown_as_text(composer.body, '<a href="https://in.xero.com/')

    def test_an_approved_invoice_number_with_markup_shows_as_text_when_the_order_is_cancelled(self):
        # message_post escapes a plain str: this keeps the chatter notes plain str
        sale = self.order()
        link = self.confirm(sale)
        self.in_xero(InvoiceID=link.xero_id, InvoiceNumber="INV-" + HOSTILE, Status="AUTHORISED")
        self.connection._xero_sync()
        sale.with_context(disable_cancel_warning=True).action_cancel()
        self.assert_shown_as_text(sale.message_ids[0].body, "cancelling the order does not withdraw it")

"""The salesperson hears from the routine sync when the invoice of their order is paid
in Xero, and gets one to-do to follow it up when Xero's calendar says it is overdue,
closed by itself once it is paid."""

import datetime as dt

from odoo.tests import tagged

from odoo.addons.xero_connector.odoo_series import USER_GROUPS

from .test_sales_documents import DocumentCase

DAY = 24 * 3600


@tagged("post_install", "-at_install")
class TestInvoiceNews(DocumentCase):
    def setUp(self):
        super().setUp()
        self.seller = self.env["res.users"].create(
            {
                "name": "Mere Salesperson",
                "login": "mere",
                "email": "mere@example.com",
                USER_GROUPS: [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        self.sale = self.order(user_id=self.seller.id)
        self.link = self.confirm(self.sale)
        self.xero_today = self.xero_clock(0)
        due = self.xero_today.isoformat()
        self.in_xero(InvoiceID=self.link.xero_id, Status="AUTHORISED", DueDate=due)
        self.connection._xero_sync()

    def xero_clock(self, advance_seconds):
        now = self.emulator_admin("POST", "clock", advance=advance_seconds)["now"]
        return dt.datetime.fromisoformat(now).date()

    def pay_in_full(self):
        invoice = self.xero_invoice(self.link.xero_id)
        self.in_xero_payment(invoice["AmountDue"])

    def in_xero_payment(self, amount):
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Payments" % self.tenant_id,
            Payments=[
                {
                    "Invoice": {"InvoiceID": self.link.xero_id},
                    "Account": {"Code": "090"},
                    "Amount": float(amount),
                    "Date": self.xero_today.isoformat(),
                }
            ],
        )

    def follow_ups(self):
        return self.sale.activity_ids.filtered(lambda a: "is overdue" in (a.summary or ""))

    def test_paid_in_xero_tells_the_salesperson_on_the_order(self):
        self.pay_in_full()
        self.connection._xero_sync()
        news = self.sale.message_ids.filtered(lambda m: "is paid" in (m.body or ""))
        self.assertEqual(len(news), 1)
        self.assertIn(self.sale.xero_invoice_number, news.body)
        self.assertIn(self.seller.partner_id, news.notification_ids.res_partner_id, "the salesperson is notified")
        self.assertNotIn(self.sale.partner_id, news.notification_ids.res_partner_id, "the customer is not")
        self.connection._xero_sync()
        self.assertEqual(len(self.sale.message_ids.filtered(lambda m: "is paid" in (m.body or ""))), 1, "once")

    def test_overdue_by_xeros_calendar_gives_one_follow_up_closed_by_the_payment(self):
        self.connection._xero_sync()
        self.assertFalse(self.follow_ups(), "due today in Xero: not overdue yet")
        self.xero_clock(DAY)
        self.connection._xero_sync()
        follow_up = self.follow_ups()
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.user_id, self.seller)
        self.assertIn(self.sale.xero_invoice_number, follow_up.summary)
        self.connection._xero_sync()
        self.assertEqual(len(self.follow_ups()), 1, "once")

        self.pay_in_full()
        self.connection._xero_sync()
        self.assertFalse(self.follow_ups(), "closed by itself")
        done = self.sale.message_ids.filtered(lambda m: "is paid" in (m.body or ""))
        self.assertEqual(len(done), 1, "the payment news is the follow-up's feedback, said once")
        self.assertEqual(done.mail_activity_type_id, self.env.ref("mail.mail_activity_data_todo"))

    def test_a_follow_up_removed_by_hand_is_not_given_again(self):
        self.xero_clock(DAY)
        self.connection._xero_sync()
        self.follow_ups().unlink()
        self.connection._xero_sync()
        self.assertFalse(self.follow_ups())

    def test_a_voided_invoice_closes_its_follow_up(self):
        self.xero_clock(DAY)
        self.connection._xero_sync()
        self.in_xero(InvoiceID=self.link.xero_id, Status="VOIDED")
        self.connection._xero_sync()
        self.assertFalse(self.follow_ups())
        self.assertTrue(self.sale.message_ids.filtered(lambda m: "was voided" in (m.body or "")))

    def test_switched_off_no_news(self):
        self.connection.invoice_news = False
        self.xero_clock(DAY)
        self.connection._xero_sync()
        self.assertFalse(self.follow_ups())
        self.pay_in_full()
        self.connection._xero_sync()
        self.assertFalse(self.sale.message_ids.filtered(lambda m: "is paid" in (m.body or "")))

    def test_invoices_already_overdue_when_first_read_are_not_news(self):
        # an invoice of the history: due before Odoo ever read it
        transaction = self.sale.xero_transaction_id
        transaction.sudo().write({"due_date": transaction.create_date.date() - dt.timedelta(days=30)})
        self.xero_clock(DAY)
        self.env["xero.sales.transaction"]._xero_follow_overdue(self.connection, self.xero_clock(0))
        self.assertFalse(self.follow_ups())
        self.assertTrue(transaction.overdue_said, "looked at once, not again each run")

"""Odoo's credit limit counts what the customer owes in Xero: the warning on a quotation
names it, and a connection may refuse to confirm an order over the limit or for a
customer overdue in Xero, unless a Sales manager confirms it."""

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .test_sales_documents import DocumentCase


@tagged("post_install", "-at_install")
class TestTheCreditLimitCountsXero(DocumentCase):
    def setUp(self):
        super().setUp()
        self.env.company.account_use_credit_limit = True
        self.customer = self.env["res.partner"].create(
            {"name": "Rimu Joinery", "is_company": True, "credit_limit": 2000}
        )
        # one confirmed order: its invoice (1,414.75 with GST) is a draft in Xero
        self.link = self.confirm(self.order(partner=self.customer))
        self.assertTrue(self.link.xero_id, self.link.last_error)
        self.salesperson = new_test_user(self.env, "credit_sales", groups="sales_team.group_sale_salesman")
        self.manager = new_test_user(self.env, "credit_manager", groups="sales_team.group_sale_manager")

    def quotation(self, user=None):
        user = user or self.env.user
        desk_line = {"product_id": self.desk.id, "product_uom_qty": 1, "price_unit": 1000}
        return self.order(partner=self.customer, lines=[desk_line], user_id=user.id).with_user(user)

    def test_the_warning_on_a_quotation_names_what_the_customer_owes_in_xero(self):
        # the order whose invoice is a draft in Xero counts as Odoo's credit to invoice
        # (Odoo counts posted invoices only), not twice
        warning = self.quotation().partner_credit_warning
        self.assertIn("has reached its credit limit", warning)
        self.assertIn("(including sales orders and this document): $\xa02,564.75", warning)
        self.assertNotIn("owed in Xero", warning)
        self.in_xero(InvoiceID=self.link.xero_id, Status="AUTHORISED")
        self.connection._xero_sync()
        warning = self.quotation().partner_credit_warning
        self.assertIn("(including sales orders and this document): $\xa02,564.75", warning)
        self.assertIn(
            "Of which owed in Xero: $\xa01,414.75 ($\xa01,414.75 approved and unpaid, $\xa00.00 in draft", warning
        )

    def test_a_draft_invoice_of_an_opportunity_counts_as_owed(self):
        lead = self.opportunity(partner_id=self.customer.id, expected_revenue=1500)
        lead.xero_revenue_account_code = "200"
        lead._xero_send(self.connection)
        self.run_after_commit()
        link = lead._xero_links(self.connection)
        self.assertTrue(link.xero_id, link.last_error)
        warning = self.quotation().partner_credit_warning
        self.assertIn("$\xa00.00 approved and unpaid, $\xa01,500.00 in draft invoices", warning)

    def test_paid_in_xero_the_customer_is_back_under_its_limit(self):
        self.in_xero(InvoiceID=self.link.xero_id, Status="AUTHORISED")
        due = self.xero_invoice(self.link.xero_id)["AmountDue"]
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Payments" % self.tenant_id,
            Payments=[{"Invoice": {"InvoiceID": self.link.xero_id}, "Account": {"Code": "090"}, "Amount": due}],
        )
        self.connection._xero_sync()
        self.assertFalse(self.quotation().partner_credit_warning)

    def test_a_salesperson_cannot_confirm_over_the_limit_a_manager_can_and_the_chatter_says_so(self):
        self.connection.refuse_over_credit_limit = True
        refused = self.quotation(self.salesperson)
        with self.assertRaisesRegex(UserError, "would go over its credit limit"):
            refused.action_confirm()
        self.assertEqual(refused.state, "draft")
        confirmed = self.quotation(self.manager)
        confirmed.action_confirm()
        self.assertEqual(confirmed.state, "sale")
        self.assertIn("despite the company's credit rules", confirmed.message_ids[:3].mapped("body")[0] or "")

    def test_a_customer_overdue_in_xero_beyond_the_days_is_refused(self):
        self.connection.refuse_overdue_days = 30
        self.customer.credit_limit = 0  # no limit: the overdue rule alone
        self.in_xero(InvoiceID=self.link.xero_id, Status="AUTHORISED", Date="2026-09-01", DueDate="2026-10-01")
        self.connection._xero_sync()
        with self.assertRaisesRegex(UserError, r"Xero invoice INV-\d+ is \d+ days overdue \(the limit is 30\)"):
            self.quotation(self.salesperson).action_confirm()
        self.connection.refuse_overdue_days = 0
        quotation = self.quotation(self.salesperson)
        quotation.action_confirm()
        self.assertEqual(quotation.state, "sale", "the rule is the connection's choice")

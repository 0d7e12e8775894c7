"""A customer's sales payment terms are the same in Odoo and Xero: Xero's become an
existing Odoo payment term of the same rule (or one made once), Odoo's go to Xero, terms
only one side can express stay on that side and the partner says so, and an order's
draft invoice is due when its payment term says."""

import datetime as dt

from odoo import fields
from odoo.tests import tagged

from .common import SyncCase
from .test_sales_documents import DocumentCase


def sales_terms(day, kind):
    return {"Sales": {"Day": day, "Type": kind}}


@tagged("post_install", "-at_install")
class TestPaymentTerms(SyncCase):
    def partner(self, name):
        return self.Partner.search([("name", "=", name)])

    def test_xero_terms_become_odoo_payment_terms_found_or_made_once(self):
        self.edit_in_xero("Bayside Club", PaymentTerms=sales_terms(30, "DAYSAFTERBILLDATE"))
        self.edit_in_xero("Basket Case Ltd", PaymentTerms=sales_terms(20, "OFFOLLOWINGMONTH"))
        self.edit_in_xero("City Limousines", PaymentTerms=sales_terms(20, "OFFOLLOWINGMONTH"))
        Term = self.env["account.payment.term"].with_context(active_test=False)
        terms_before = Term.search([])
        self.connection._xero_sync()

        self.assertEqual(
            self.partner("Bayside Club").property_payment_term_id, self.env.ref("account.account_payment_term_30days")
        )
        made = Term.search([]) - terms_before
        self.assertEqual(len(made), 1, "one term for the rule Odoo did not have, shared by both customers")
        self.assertEqual(self.partner("Basket Case Ltd").property_payment_term_id, made)
        self.assertEqual(self.partner("City Limousines").property_payment_term_id, made)
        self.assertEqual(made.line_ids._get_due_date(dt.date(2026, 11, 25)), dt.date(2026, 12, 20))
        self.assertEqual(self.partner("Basket Case Ltd").xero_payment_terms, "Day 20 of the following month")

    def test_odoo_terms_go_to_xero(self):
        self.connection._xero_sync()
        bayside = self.partner("Bayside Club")
        bayside.property_payment_term_id = self.env.ref("account.account_payment_term_45days")
        self.connection._xero_sync()
        self.assertEqual(self.xero_contact("Bayside Club")[0]["PaymentTerms"], sales_terms(45, "DAYSAFTERBILLDATE"))
        self.assertFalse(bayside._xero_links(self.connection).warning)

    def test_terms_xero_cannot_express_are_said_and_not_sent(self):
        self.edit_in_xero("Bayside Club", PaymentTerms=sales_terms(30, "DAYSAFTERBILLDATE"))
        self.connection._xero_sync()
        bayside = self.partner("Bayside Club")
        bayside.property_payment_term_id = self.env.ref("account.account_payment_term_advance_60days")
        self.connection._xero_sync()
        link = bayside._xero_links(self.connection)
        self.assertIn("30% Now, Balance 60 Days have no equivalent in Xero", link.warning)
        self.assertEqual(self.xero_contact("Bayside Club")[0]["PaymentTerms"], sales_terms(30, "DAYSAFTERBILLDATE"))
        # each keeps its own, and no sync sends anything for it again
        self.edit_in_xero("Bayside Club", Website="https://bayside.example")
        self.connection._xero_sync()
        self.assertEqual(bayside.property_payment_term_id, self.env.ref("account.account_payment_term_advance_60days"))
        self.assertEqual(link.state, "synced")

    def test_terms_odoo_cannot_express_are_said_on_the_partner(self):
        self.connection._xero_sync()
        bayside = self.partner("Bayside Club")
        bayside.property_payment_term_id = self.env.ref("account.account_payment_term_30days")
        self.connection._xero_sync()
        self.edit_in_xero("Bayside Club", PaymentTerms=sales_terms(25, "OFCURRENTMONTH"))
        self.connection._xero_sync()
        self.assertIn("Day 25 of the invoice month (Odoo has no such payment terms", bayside.xero_payment_terms)
        self.assertEqual(bayside.property_payment_term_id, self.env.ref("account.account_payment_term_30days"))
        link = bayside._xero_links(self.connection)
        self.assertEqual(link.state, "synced", "nothing goes back to Xero over it")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["PaymentTerms"], sales_terms(25, "OFCURRENTMONTH"))


@tagged("post_install", "-at_install")
class TestOrderDueDate(DocumentCase):
    def test_the_draft_invoice_is_due_when_the_order_terms_say(self):
        order = self.order(payment_term_id=self.env.ref("account.account_payment_term_advance_60days").id)
        link = self.confirm(order)
        invoice = self.xero_invoice(link.xero_id)
        ordered = fields.Datetime.context_timestamp(order, order.date_order).date()
        self.assertEqual(invoice["DateString"][:10], str(ordered))
        self.assertEqual(invoice["DueDateString"][:10], str(ordered + dt.timedelta(days=60)), "the last instalment")

    def test_without_terms_xero_applies_the_contacts(self):
        order = self.order(payment_term_id=False)
        link = self.confirm(order)
        self.assertNotIn("DueDate", self.xero_invoice(link.xero_id))

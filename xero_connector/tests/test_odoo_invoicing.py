"""Odoo's sales screens agree with Xero: an order invoiced in Xero reads invoiced in
Odoo, follows what the accounts team does to that invoice, cannot be invoiced a second
time in Odoo, and no longer counts as credit still to invoice."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_sales_documents import DocumentCase


@tagged("post_install", "-at_install")
class TestOrdersInvoicedInXero(DocumentCase):
    def invoiced_order(self):
        order = self.order()
        link = self.confirm(order)
        self.assertTrue(link.xero_id, link.last_error)
        order.invalidate_recordset()
        return order, link

    def product_lines(self, order):
        return order.order_line.filtered(lambda line: not line.display_type)

    def test_an_order_invoiced_in_xero_reads_fully_invoiced(self):
        order, _link = self.invoiced_order()
        self.assertEqual(self.product_lines(order).mapped("qty_invoiced"), [2, 1])
        self.assertEqual(order.invoice_status, "invoiced")
        to_invoice = self.env["sale.order"].search([("invoice_status", "=", "to invoice")])
        self.assertNotIn(order, to_invoice, "not among Sales > To Invoice > Orders to Invoice")

    def test_the_order_follows_the_accounts_teams_edit_and_deletion_in_xero(self):
        order, link = self.invoiced_order()
        lines = self.xero_invoice(link.xero_id)["LineItems"]
        lines[0]["Quantity"] = 1
        self.in_xero(InvoiceID=link.xero_id, LineItems=lines)
        self.connection._xero_sync()
        order.invalidate_recordset()
        self.assertEqual(self.product_lines(order).mapped("qty_invoiced"), [1, 1])
        self.assertEqual(order.invoice_status, "to invoice")
        self.in_xero(InvoiceID=link.xero_id, Status="DELETED")
        self.connection._xero_sync()
        order.invalidate_recordset()
        self.assertEqual(self.product_lines(order).mapped("qty_invoiced"), [0, 0])

    def test_odoo_refuses_to_invoice_an_order_xero_invoices(self):
        order, _link = self.invoiced_order()
        with self.assertRaisesRegex(UserError, "is invoiced in Xero \\(INV-"):
            order._create_invoices()
        self.assertFalse(order.invoice_ids, "no second invoice in Odoo")

    def test_what_xero_invoiced_is_no_longer_credit_to_invoice(self):
        """Once approved in Xero, the order is no longer to invoice: the customer's credit
        counts the invoice Xero holds, once (the credit limit's own tests say how)."""
        self.env.company.account_use_credit_limit = True
        order, link = self.invoiced_order()
        self.in_xero(InvoiceID=link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        self.connection._xero_sync()
        order.invalidate_recordset()
        self.assertTrue(all(line.untaxed_amount_to_invoice == 0 for line in self.product_lines(order)))
        self.assertEqual(order.amount_to_invoice, 0)
        customer = order.partner_id.commercial_partner_id
        customer.invalidate_recordset()
        self.assertEqual(customer.credit_to_invoice, self.xero_invoice(link.xero_id)["AmountDue"])

    def credit_in_xero(self, invoice, reference, quantity=1):
        """The accounts team credits ``quantity`` of the invoice's first line: a credit
        note of the invoice's contact, approved; returns it as Xero stores it."""
        credited = invoice["LineItems"][0]
        answer = self.emulator_admin(
            "POST",
            "tenants/%s/ui/CreditNotes" % self.tenant_id,
            CreditNotes=[
                {
                    "Type": "ACCRECCREDIT",
                    "Contact": {"ContactID": invoice["Contact"]["ContactID"]},
                    "CurrencyCode": invoice["CurrencyCode"],
                    "Reference": reference,
                    "Status": "AUTHORISED",
                    "LineItems": [
                        {
                            key: credited[key]
                            for key in ("ItemCode", "Description", "UnitAmount", "AccountCode", "TaxType")
                        }
                        | {"Quantity": quantity}
                    ],
                }
            ],
        )
        return answer["CreditNotes"][0]

    def test_a_credit_note_in_xero_naming_the_order_takes_its_quantity_back(self):
        order, link = self.invoiced_order()
        self.in_xero(InvoiceID=link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        self.credit_in_xero(self.xero_invoice(link.xero_id), order.name)
        self.connection._xero_sync()
        order.invalidate_recordset()
        self.assertEqual(self.product_lines(order).mapped("qty_invoiced"), [1, 1])
        self.assertEqual(order.invoice_status, "to invoice")

    def test_a_credit_note_allocated_to_the_orders_invoice_takes_its_quantity_back(self):
        """Made from the invoice in Xero, a credit note carries the customer's reference,
        not the order's number: the allocation to the order's invoice ties it."""
        order, link = self.invoiced_order()
        self.in_xero(InvoiceID=link.xero_id, Status="AUTHORISED", DueDate="2026-12-20")
        invoice = self.xero_invoice(link.xero_id)
        credit_note = self.credit_in_xero(invoice, "PO-77")
        self.connection._xero_sync()
        order.invalidate_recordset()
        self.assertEqual(self.product_lines(order).mapped("qty_invoiced"), [2, 1], "PO-77 names no order yet")

        self.emulator_admin(
            "POST",
            "tenants/%s/ui/CreditNotes/%s/Allocations" % (self.tenant_id, credit_note["CreditNoteID"]),
            Allocations=[
                {"Invoice": {"InvoiceID": link.xero_id}, "Amount": str(credit_note["Total"]), "Date": "2026-12-08"}
            ],
        )
        self.connection._xero_sync()
        order.invalidate_recordset()
        self.assertEqual(self.product_lines(order).mapped("qty_invoiced"), [1, 1])
        self.assertEqual(order.invoice_status, "to invoice")
        reporting = self.env["xero.sales.transaction"].search([("xero_id", "=", credit_note["CreditNoteID"])])
        self.assertEqual((reporting.order_id, reporting.status), (order, "PAID"))


@tagged("post_install", "-at_install")
class TestTheInvoiceAddress(DocumentCase):
    def test_the_invoice_goes_to_the_company_of_the_invoice_address(self):
        """A parent company or an agency that pays: Xero's invoice is theirs, and they
        become a Xero contact like any customer."""
        agency = self.env["res.partner"].create({"name": "Harbour Procurement Agency", "is_company": True})
        order = self.order(partner_invoice_id=agency.id)
        link = self.confirm(order)
        self.assertTrue(link.xero_id, link.last_error)
        contact = self.xero_invoice(link.xero_id)["Contact"]
        self.assertEqual(contact["ContactID"], agency._xero_links(self.connection).xero_id)
        self.assertFalse(order.partner_id._xero_links(self.connection).xero_id, "the ordering company is not billed")
        transaction = self.env["xero.sales.transaction"].search([("xero_id", "=", link.xero_id)])
        self.assertEqual((transaction.partner_id, transaction.order_id), (agency, order))

    def test_an_invoice_address_of_the_customers_own_company_bills_the_company(self):
        customer = self.env["res.partner"].create({"name": "Totara Builders", "is_company": True})
        accounts = self.env["res.partner"].create({"name": "Accounts", "type": "invoice", "parent_id": customer.id})
        order = self.order(partner=customer, partner_invoice_id=accounts.id)
        link = self.confirm(order)
        self.assertEqual(
            self.xero_invoice(link.xero_id)["Contact"]["ContactID"], customer._xero_links(self.connection).xero_id
        )
        self.assertFalse(accounts._xero_links(self.connection), "a branch of the same company is no contact of its own")

    def test_changing_the_invoice_address_sends_the_draft_to_the_new_payer(self):
        order = self.order()
        link = self.confirm(order)
        payer = self.env["res.partner"].create({"name": "Matai Holdings", "is_company": True})
        order.partner_invoice_id = payer
        self.assertEqual(link.state, "pending")
        self.connection._xero_sync()
        self.assertEqual(
            self.xero_invoice(link.xero_id)["Contact"]["ContactID"], payer._xero_links(self.connection).xero_id
        )

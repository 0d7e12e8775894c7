"""Xero's sales invoices, credit notes and purchase orders come back read-only, for
reporting: lines, payments, statuses, and the partner's position from them."""

from odoo.tests import tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class ImportCase(SyncCase):
    def xero_docs(self, collection, kind):
        return [
            d
            for d in self.emulator_admin("GET", "tenants/%s/%s" % (self.tenant_id, collection))[collection]
            if d.get("Type", kind) == kind
        ]

    def transactions(self, **domain):
        return self.env["xero.sales.transaction"].search(
            [("connection_id", "=", self.connection.id)] + [(k, "=", v) for k, v in domain.items()]
        )

    def in_xero(self, collection, **fields):
        answer = self.emulator_admin(
            "POST", "tenants/%s/ui/%s" % (self.tenant_id, collection), **{collection: [fields]}
        )
        return answer[collection][0]


@tagged("post_install", "-at_install")
class TestSalesImport(ImportCase):
    def test_invoices_and_credit_notes_come_with_lines_and_payments(self):
        self.connection._xero_sync()
        invoices, credits = self.xero_docs("Invoices", "ACCREC"), self.xero_docs("CreditNotes", "ACCRECCREDIT")
        self.assertEqual(len(self.transactions(kind="invoice")), len(invoices))
        self.assertEqual(len(self.transactions(kind="credit")), len(credits))
        credit = self.transactions(number=credits[0]["CreditNoteNumber"])
        self.assertEqual(credit.amount_total, -float(credits[0]["Total"]), "credit notes count negative")
        self.assertTrue(all(line.amount < 0 for line in credit.line_ids))
        paid = next(i for i in invoices if i["Status"] == "PAID")
        transaction = self.transactions(number=paid["InvoiceNumber"])
        self.assertEqual((transaction.amount_due, transaction.amount_paid), (0, float(paid["Total"])))
        self.assertTrue(transaction.fully_paid_date)
        self.assertEqual(transaction.payment_ids.amount, float(paid["Total"]))
        self.assertEqual(len(transaction.line_ids), len(paid["LineItems"]))
        self.assertEqual(transaction.partner_id.name, paid["Contact"]["Name"])
        self.assertEqual(transaction.line_ids[0].item_code, paid["LineItems"][0]["ItemCode"])

    def test_bills_are_not_imported_purchase_orders_are(self):
        supplier = self.xero_contact("Office Supplies Wholesale")[0]
        self.in_xero(
            "Invoices",
            Type="ACCPAY",
            Contact={"ContactID": supplier["ContactID"]},
            LineItems=[{"Description": "Paper", "Quantity": 1, "UnitAmount": 10, "AccountCode": "300"}],
        )
        self.connection._xero_sync()
        self.assertFalse(
            self.env["xero.sales.transaction"].search([("partner_id.name", "=", "Office Supplies Wholesale")])
        )
        order = self.env["xero.purchase.order"].search([("connection_id", "=", self.connection.id)])
        xero_order = self.xero_docs("PurchaseOrders", None)[0]
        self.assertEqual(
            (order.number, order.partner_id.name), (xero_order["PurchaseOrderNumber"], "Office Supplies Wholesale")
        )
        self.assertEqual(len(order.line_ids), 2)
        self.assertEqual(order.amount_total, float(xero_order["Total"]))

    def test_voided_and_deleted_documents_are_kept_flagged_and_left_out_of_figures(self):
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        before = bayside.xero_total_sales
        authorised = next(
            i
            for i in self.xero_docs("Invoices", "ACCREC")
            if i["Status"] == "AUTHORISED" and i["Contact"]["Name"] == "Bayside Club"
        )
        draft = self.in_xero(
            "Invoices",
            Type="ACCREC",
            Contact={"ContactID": authorised["Contact"]["ContactID"]},
            LineItems=[{"Description": "Spare", "Quantity": 1, "UnitAmount": 50, "AccountCode": "200"}],
        )
        self.in_xero("Invoices", InvoiceID=authorised["InvoiceID"], Status="VOIDED")
        self.in_xero("Invoices", InvoiceID=draft["InvoiceID"], Status="DELETED")
        self.connection._xero_sync()
        voided, deleted = (
            self.transactions(number=authorised["InvoiceNumber"]),
            self.transactions(number=draft["InvoiceNumber"]),
        )
        self.assertEqual((voided.flag, voided.status, deleted.flag, deleted.status), ("D", "VOIDED", "D", "DELETED"))
        self.assertFalse(voided.counted or deleted.counted)
        bayside.invalidate_recordset()
        self.assertAlmostEqual(bayside.xero_total_sales, before - float(authorised["SubTotal"]))

    def test_total_sales_are_net_of_credit_notes_and_the_position_comes_from_documents(self):
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        docs = self.transactions(partner_id=bayside.id)
        sales = sum(d.amount_untaxed for d in docs if d.status in ("AUTHORISED", "PAID") and not d.flag)
        self.assertTrue(docs.filtered(lambda d: d.kind == "credit" and d.status == "AUTHORISED"), "demo data")
        self.assertAlmostEqual(bayside.xero_total_sales, sales)
        self.assertLess(
            bayside.xero_total_sales,
            sum(d.amount_untaxed for d in docs if d.kind == "invoice" and d.status in ("AUTHORISED", "PAID")),
        )
        self.assertEqual(
            bayside.xero_last_invoice_date,
            max(docs.filtered(lambda d: d.kind == "invoice" and d.counted).mapped("date")),
        )
        due = sum(d.amount_due for d in docs if d.kind == "invoice" and d.status == "AUTHORISED")
        self.assertAlmostEqual(bayside.xero_outstanding, due)

    def test_a_payment_in_xero_reaches_the_transaction(self):
        self.connection._xero_sync()
        unpaid = next(i for i in self.xero_docs("Invoices", "ACCREC") if i["Status"] == "AUTHORISED")
        self.in_xero(
            "Payments",
            Invoice={"InvoiceID": unpaid["InvoiceID"]},
            Account={"Code": "090"},
            Amount=float(unpaid["AmountDue"]),
            Date="2026-11-20",
        )
        self.connection._xero_sync()
        transaction = self.transactions(number=unpaid["InvoiceNumber"])
        self.assertEqual((transaction.status, transaction.amount_due), ("PAID", 0))
        self.assertEqual(str(transaction.fully_paid_date), "2026-11-20")

    def test_a_document_is_linked_to_the_order_it_names(self):
        customer = self.env["res.partner"].create({"name": "Order Customer"})
        order = self.env["sale.order"].create({"partner_id": customer.id})
        bayside = self.xero_contact("Bayside Club")[0]
        self.in_xero(
            "Invoices",
            Type="ACCREC",
            Contact={"ContactID": bayside["ContactID"]},
            Reference=order.name,
            LineItems=[{"Description": "Desk", "Quantity": 1, "UnitAmount": 10, "AccountCode": "200"}],
        )
        self.connection._xero_sync()
        self.assertEqual(self.transactions(reference=order.name).order_id, order)

    def test_revenue_reports_by_customer_month_and_salesperson(self):
        self.connection._xero_sync()
        groups = self.env["xero.sales.transaction"]._read_group(
            [("counted", "=", True)], ["partner_id", "date:month", "user_id"], ["amount_untaxed:sum"]
        )
        self.assertTrue(groups)
        self.assertAlmostEqual(
            sum(total for *_keys, total in groups), sum(self.transactions(counted=True).mapped("amount_untaxed"))
        )

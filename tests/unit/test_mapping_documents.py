"""The sales-document mappings, without a database."""

from xero_connector.xero import entities, mapping_documents
from xero_connector.xero.mapping_documents import (
    credit_note_from_xero,
    invoice_from_xero,
    invoice_to_xero,
    line_amount_types,
    purchase_order_from_xero,
)

INVOICE = {
    "InvoiceID": "i-1",
    "InvoiceNumber": "INV-0007",
    "Type": "ACCREC",
    "Status": "PAID",
    "Reference": "PO-77",
    "Contact": {"ContactID": "c-1", "Name": "Bayside Club"},
    "DateString": "2026-11-01T00:00:00",
    "DueDateString": "2026-11-30T00:00:00",
    "CurrencyCode": "NZD",
    "SubTotal": "100.00",
    "TotalTax": "15.00",
    "Total": "115.00",
    "AmountPaid": "115.00",
    "AmountDue": "0.00",
    "FullyPaidOnDate": "/Date(1763596800000+0000)/",
    "LineItems": [
        {
            "ItemCode": "DESK-OAK",
            "Description": "Desk",
            "Quantity": "2.0000",
            "UnitAmount": "55.5556",
            "DiscountRate": "10",
            "TaxType": "OUTPUT2",
            "TaxAmount": "15.00",
            "LineAmount": "100.00",
            "AccountCode": "200",
        }
    ],
    "Payments": [{"PaymentID": "p-1", "Date": "/Date(1763596800000+0000)/", "Amount": "115.00"}],
}


def test_an_invoice_comes_with_its_lines_payments_and_dates():
    values = invoice_from_xero(INVOICE)
    assert (values["xero_id"], values["kind"], values["number"], values["status"], values["flag"]) == (
        "i-1",
        "invoice",
        "INV-0007",
        "PAID",
        False,
    )
    assert (values["date"], values["due_date"], values["fully_paid_date"]) == ("2026-11-01", "2026-11-30", "2025-11-20")
    assert (values["amount_total"], values["amount_paid"], values["amount_due"]) == (115.0, 115.0, 0.0)
    assert values["lines"][0] == {
        "item_code": "DESK-OAK",
        "description": "Desk",
        "quantity": 2.0,
        "unit_price": 55.5556,
        "discount": 10.0,
        "tax_type": "OUTPUT2",
        "tax_amount": 15.0,
        "amount": 100.0,
        "account_code": "200",
        "tracking": False,
    }
    assert values["payments"] == [{"xero_id": "p-1", "date": "2025-11-20", "amount": 115.0, "reference": False}]


def test_a_lines_tracking_reads_as_xero_shows_it():
    line = dict(
        INVOICE["LineItems"][0], Tracking=[{"Name": "Region", "Option": "North"}, {"Name": "Team", "Option": "B2B"}]
    )
    values = invoice_from_xero(dict(INVOICE, LineItems=[line]))
    assert values["lines"][0]["tracking"] == "Region: North, Team: B2B"


def test_a_credit_note_counts_negative():
    credit = dict(
        INVOICE,
        CreditNoteID="n-1",
        CreditNoteNumber="CN-0001",
        Type="ACCRECCREDIT",
        Status="AUTHORISED",
        RemainingCredit="115.00",
        Payments=[],
    )
    values = credit_note_from_xero(credit)
    assert (values["kind"], values["amount_total"], values["amount_due"], values["lines"][0]["amount"]) == (
        "credit",
        -115.0,
        -115.0,
        -100.0,
    )


def test_a_credit_note_credits_the_invoices_it_is_allocated_to_not_those_taken_back():
    credit = dict(
        INVOICE,
        CreditNoteID="n-1",
        Type="ACCRECCREDIT",
        Allocations=[
            {"Amount": "10.00", "Invoice": {"InvoiceID": "i-1"}},
            {"Amount": "5.00", "Invoice": {"InvoiceID": "i-2"}, "IsDeleted": True},
        ],
    )
    assert credit_note_from_xero(credit)["credited_invoice_ids"] == ["i-1"]
    assert credit_note_from_xero(dict(credit, Allocations=[]))["credited_invoice_ids"] == []


def test_voided_and_deleted_documents_are_flagged_d():
    assert invoice_from_xero(dict(INVOICE, Status="VOIDED"))["flag"] == "D"
    assert invoice_from_xero(dict(INVOICE, Status="DELETED"))["flag"] == "D"
    assert invoice_from_xero(dict(INVOICE, Status="AUTHORISED"))["flag"] is False


def test_a_purchase_order_keeps_its_delivery_date_and_lines():
    order = dict(
        INVOICE,
        PurchaseOrderID="o-1",
        PurchaseOrderNumber="PO-0001",
        Status="AUTHORISED",
        DeliveryDateString="2026-12-01T00:00:00",
    )
    values = purchase_order_from_xero(order)
    assert (values["number"], values["delivery_date"], len(values["lines"])) == ("PO-0001", "2026-12-01", 1)
    assert "amount_due" not in values


def test_a_draft_invoice_payload():
    payload = invoice_to_xero(
        {
            "contact_xero_id": "c-1",
            "date": "2026-11-22",
            "currency": "AUD",
            "reference": "PO-77",
            "url": "https://odoo.example/odoo/sale.order/5",
            "line_amount_types": "Inclusive",
            "branding_theme": "theme-1",
            "lines": [
                {
                    "item_code": "DESK-OAK",
                    "description": "Desk",
                    "quantity": 2,
                    "unit_price": 650.12345,
                    "discount": 10,
                    "tax_type": "OUTPUT2",
                    "account_code": "200",
                    "tracking": [["Region", "North"]],
                },
                {
                    "item_code": False,
                    "description": "Courier",
                    "quantity": 1,
                    "unit_price": 60,
                    "discount": 0,
                    "tax_type": False,
                    "account_code": "220",
                },
            ],
        }
    )
    assert (payload["Type"], payload["Status"], payload["Contact"], payload["LineAmountTypes"]) == (
        "ACCREC",
        "DRAFT",
        {"ContactID": "c-1"},
        "Inclusive",
    )
    assert (payload["CurrencyCode"], payload["Reference"], payload["Url"], payload["Date"]) == (
        "AUD",
        "PO-77",
        "https://odoo.example/odoo/sale.order/5",
        "2026-11-22",
    )
    assert payload["BrandingThemeID"] == "theme-1"
    assert payload["LineItems"] == [
        {
            "Description": "Desk",
            "Quantity": 2,
            "UnitAmount": 650.1235,
            "ItemCode": "DESK-OAK",
            "DiscountRate": 10,
            "TaxType": "OUTPUT2",
            "AccountCode": "200",
            "Tracking": [{"Name": "Region", "Option": "North"}],
        },
        {"Description": "Courier", "Quantity": 1, "UnitAmount": 60.0, "AccountCode": "220"},
    ]


def test_line_amount_types_follow_the_taxes():
    assert line_amount_types([[False], [False, False]]) == ("Exclusive", None)
    assert line_amount_types([[True], []]) == ("Inclusive", None)
    assert line_amount_types([[], []]) == ("NoTax", None)
    assert line_amount_types([[True], [False]]) == (None, "mixed")


def test_documents_register_pull_only_and_invoices_push_only():
    pulled = [e.name for e in entities.all_entities() if e.pull]
    pushed = [e.name for e in entities.all_entities() if e.push]
    assert pulled == ["contact", "item", "invoice", "credit_note", "quote", "purchase_order"]
    # customers and products go first; an order's quote before its invoice, which names it
    assert pushed == ["contact", "item", "order_quote", "lead_quote", "order_invoice", "lead_invoice"]


def test_a_quote_carries_the_invoices_lines_in_xeros_quote_spelling():
    values = {
        "status": "SENT",
        "title": "S00042",
        "contact_xero_id": "c-1",
        "date": "2026-12-01",
        "expiry_date": "2026-12-31",
        "currency": "NZD",
        "reference": "PO-77",
        "line_amount_types": "Inclusive",
        "branding_theme": "t-1",
        "lines": [
            {"description": "Desk", "quantity": 2, "unit_price": 650.1234, "discount": 10, "account_code": "200"}
        ],
    }
    payload = mapping_documents.quote_to_xero(values)
    assert (payload["Status"], payload["Title"], payload["LineAmountTypes"]) == ("SENT", "S00042", "INCLUSIVE")
    assert (payload["ExpiryDate"], payload["BrandingThemeID"], payload["Reference"]) == ("2026-12-31", "t-1", "PO-77")
    assert "Url" not in payload and "DueDate" not in payload
    assert payload["LineItems"][0]["DiscountRate"] == 10
    back = mapping_documents.quote_from_xero(dict(payload, QuoteID="q-1", QuoteNumber="QU-0001", Total=1300))
    assert (back["number"], back["status"], back["expiry_date"], back["flag"]) == (
        "QU-0001",
        "SENT",
        "2026-12-31",
        False,
    )

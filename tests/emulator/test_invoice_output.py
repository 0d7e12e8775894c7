"""What a customer gets of a sales invoice: the online invoice address once it is
approved, and Xero's PDF of it, both read through the real SDK."""

import pytest
from xero_python.accounting import Contact, Invoice, Invoices, LineItem

from xero_connector.xero.errors import XeroNotFound, XeroValidationError


@pytest.fixture
def draft(client, tenant_id):
    contact_id = client.accounting(tenant_id, "get_contacts", page=1).contacts[0].contact_id
    invoice = Invoice(
        type="ACCREC",
        contact=Contact(contact_id=contact_id),
        line_items=[LineItem(description="Desk lamp", quantity=2, unit_amount=40, account_code="200")],
    )
    return client.accounting(tenant_id, "create_invoices", Invoices(invoices=[invoice])).invoices[0]


def approve(client, tenant_id, invoice_id):
    client.accounting(tenant_id, "update_invoice", invoice_id, Invoices(invoices=[Invoice(status="AUTHORISED")]))


def test_online_invoice_only_once_approved_and_stable(client, tenant_id, draft):
    with pytest.raises(XeroValidationError, match="not approved"):
        client.accounting(tenant_id, "get_online_invoice", draft.invoice_id)
    approve(client, tenant_id, draft.invoice_id)
    first = client.accounting(tenant_id, "get_online_invoice", draft.invoice_id).online_invoices[0]
    again = client.accounting(tenant_id, "get_online_invoice", draft.invoice_id).online_invoices[0]
    assert first.online_invoice_url.startswith("https://in.xero.com/")
    assert first.online_invoice_url == again.online_invoice_url


def test_invoice_pdf_is_a_pdf_of_that_invoice(client, tenant_id, draft):
    pdf = client.accounting_file(tenant_id, "get_invoice_as_pdf", draft.invoice_id)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert draft.invoice_number.encode() in pdf


def test_no_pdf_of_an_unknown_invoice(client, tenant_id):
    with pytest.raises(XeroNotFound):
        client.accounting_file(tenant_id, "get_invoice_as_pdf", "00000000-0000-0000-0000-000000000000")

"""Batched writes: summarizeErrors both ways, Idempotency-Key replay, unitdp, and the
rules Xero enforces that the connector can trip over."""

import datetime as dt
from decimal import Decimal

import pytest
import requests
from xero_python.accounting import (
    Account,
    Allocation,
    Allocations,
    Contact,
    Contacts,
    CreditNote,
    CreditNotes,
    CurrencyCode,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
    Payment,
    Payments,
    RequestEmpty,
)

from xero_connector.xero.client import XeroClient
from xero_connector.xero.errors import XeroNotFound, XeroValidationError


def invoice(contact_id, **fields):
    lines = fields.pop(
        "line_items",
        [LineItem(description="Consulting", quantity=2, unit_amount=100, account_code="200", tax_type="OUTPUT2")],
    )
    return Invoice(
        type="ACCREC",
        contact=Contact(contact_id=contact_id),
        line_items=lines,
        date=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 11, 30),
        **fields,
    )


@pytest.fixture
def contact_id(client, tenant_id):
    return client.accounting(tenant_id, "get_contacts", where='Name=="Bayside Club"').contacts[0].contact_id


def test_summarize_errors_false_returns_every_element_in_order(client, tenant_id):
    batch = Contacts(contacts=[Contact(name="Alpha Ltd"), Contact(name="Bayside Club"), Contact(name="Gamma Ltd")])
    result = client.accounting(tenant_id, "create_contacts", batch, summarize_errors=False)
    assert [c.status_attribute_string for c in result.contacts] == ["OK", "ERROR", "OK"]
    assert "already assigned to another contact" in result.contacts[1].validation_errors[0].message
    assert result.contacts[1].has_validation_errors


def test_summarized_errors_are_a_400_but_valid_elements_are_kept(client, tenant_id):
    batch = Contacts(contacts=[Contact(name="Delta Ltd"), Contact(name="")])
    with pytest.raises(XeroValidationError) as raised:
        client.accounting(tenant_id, "create_contacts", batch)
    assert raised.value.element_errors == [["The contact name must be specified."]]
    assert client.accounting(tenant_id, "get_contacts", where='Name=="Delta Ltd"').contacts


def test_idempotency_key_replays_instead_of_creating_twice(client, tenant_id, contact_id):
    first = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)]), idempotency_key="order-7-v1"
    )
    again = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)]), idempotency_key="order-7-v1"
    )
    assert first.invoices[0].invoice_id == again.invoices[0].invoice_id
    mine = client.accounting(tenant_id, "get_invoices", contact_i_ds=[contact_id], statuses=["DRAFT"])
    assert len([i for i in mine.invoices if i.invoice_id == first.invoices[0].invoice_id]) == 1


def test_idempotency_key_with_another_request_is_refused(client, tenant_id, contact_id):
    client.accounting(tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)]), idempotency_key="k1")
    with pytest.raises(XeroValidationError, match="different request"):
        client.accounting(
            tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id, reference="x")]), idempotency_key="k1"
        )


def test_idempotency_keys_expire_after_six_minutes(emulator, client, tenant_id, contact_id):
    first = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)]), idempotency_key="k2"
    )
    emulator.admin("POST", "clock", advance=361)
    client._token_getter = lambda: client.client_credentials_token()
    later = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)]), idempotency_key="k2"
    )
    assert later.invoices[0].invoice_id != first.invoices[0].invoice_id


def test_invoice_totals_tax_and_unitdp(client, tenant_id, contact_id):
    lines = [
        LineItem(
            description="Chairs",
            quantity=3,
            unit_amount=Decimal("10.12345"),
            account_code="200",
            tax_type="OUTPUT2",
            discount_rate=10,
        )
    ]
    created = client.accounting(
        tenant_id,
        "create_invoices",
        Invoices(invoices=[invoice(contact_id, line_items=lines, line_amount_types=LineAmountTypes.EXCLUSIVE)]),
        unitdp=4,
    ).invoices[0]
    line = created.line_items[0]
    assert line.unit_amount == Decimal("10.1235")  # 4 decimals kept
    assert line.line_amount == Decimal("27.33")  # 3 x 10.1235 less 10 %
    assert line.tax_amount == Decimal("4.10")  # 15 % of 27.33
    assert (created.sub_total, created.total) == (Decimal("27.33"), Decimal("31.43"))
    inclusive = client.accounting(
        tenant_id,
        "create_invoices",
        Invoices(invoices=[invoice(contact_id, line_amount_types=LineAmountTypes.INCLUSIVE)]),
    ).invoices[0]
    assert (inclusive.total, inclusive.total_tax) == (200, Decimal("26.09"))
    untaxed = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id, line_amount_types=LineAmountTypes.NOTAX)])
    ).invoices[0]
    assert (untaxed.total, untaxed.total_tax) == (200, 0)


def test_invoice_rules(client, tenant_id, contact_id):
    batch = Invoices(
        invoices=[
            Invoice(type="ACCREC", line_items=[LineItem(description="x", quantity=1, unit_amount=1)]),
            invoice(contact_id, currency_code=CurrencyCode.EUR),
            invoice(contact_id, line_items=[LineItem(description="x", quantity=1, unit_amount=1, tax_type="BOGUS")]),
            invoice(contact_id, line_items=[LineItem(item_code="NO-SUCH", quantity=1)]),
            invoice(contact_id, line_items=[LineItem(description="x", quantity=1, unit_amount=1, account_code="999")]),
        ]
    )
    results = client.accounting(tenant_id, "create_invoices", batch, summarize_errors=False).invoices
    messages = [r.validation_errors[0].message for r in results]
    assert messages == [
        "A Contact must be specified for this type of transaction",
        "Organisation is not subscribed to currency EUR",
        "The TaxType code 'BOGUS' does not exist or cannot be used for this type of transaction.",
        "Item code 'NO-SUCH' is not valid",
        "Account code '999' is not a valid code for this document.",
    ]


def test_status_transitions_and_frozen_documents(client, tenant_id, contact_id):
    created = client.accounting(tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)])).invoices[0]
    assert created.status == "DRAFT" and created.invoice_number.startswith("INV-")
    invoice_id = created.invoice_id

    def move(status, **extra):
        return client.accounting(
            tenant_id, "update_invoice", invoice_id, Invoices(invoices=[Invoice(status=status, **extra)])
        ).invoices[0]

    assert move("AUTHORISED").status == "AUTHORISED"
    with pytest.raises(XeroValidationError, match="not of valid status"):
        move("DRAFT")
    assert move("VOIDED").status == "VOIDED"
    with pytest.raises(XeroValidationError, match="Invoice not of valid status for modification"):
        move("VOIDED", reference="late edit")


def test_payment_marks_invoice_paid_and_paid_invoices_refuse_edits(client, tenant_id, contact_id):
    created = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id, status="AUTHORISED")])
    ).invoices[0]
    client.accounting(
        tenant_id,
        "create_payments",
        Payments(
            payments=[
                Payment(
                    invoice=Invoice(invoice_id=created.invoice_id),
                    account=Account(code="090"),
                    amount=created.total,
                    date=dt.date(2026, 11, 5),
                )
            ]
        ),
    )
    paid = client.accounting(tenant_id, "get_invoice", created.invoice_id).invoices[0]
    assert (paid.status, paid.amount_due, paid.amount_paid) == ("PAID", 0, created.total)
    with pytest.raises(XeroValidationError, match="not of valid status"):
        client.accounting(
            tenant_id, "update_invoice", created.invoice_id, Invoices(invoices=[Invoice(reference="edit")])
        )


def test_deleting_a_draft(client, tenant_id, contact_id):
    created = client.accounting(tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)])).invoices[0]
    deleted = client.accounting(
        tenant_id, "update_invoice", created.invoice_id, Invoices(invoices=[Invoice(status="DELETED")])
    ).invoices[0]
    assert deleted.status == "DELETED"


def test_line_update_semantics(client, tenant_id, contact_id):
    two_lines = [
        LineItem(description="A", quantity=1, unit_amount=5),
        LineItem(description="B", quantity=1, unit_amount=7),
    ]
    created = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id, line_items=two_lines)])
    ).invoices[0]
    keep = created.line_items[1]
    updated = client.accounting(
        tenant_id,
        "update_invoice",
        created.invoice_id,
        Invoices(
            invoices=[
                Invoice(
                    line_items=[
                        LineItem(line_item_id=keep.line_item_id, description="B2"),
                        LineItem(description="C", quantity=2, unit_amount=1),
                    ]
                )
            ]
        ),
    ).invoices[0]
    assert [(line.description, str(line.line_item_id) == str(keep.line_item_id)) for line in updated.line_items] == [
        ("B2", True),
        ("C", False),
    ]


def test_contact_rules(api):
    batch = {
        "Contacts": [
            {"Name": "x" * 256},
            {"Name": "Mail Ltd", "EmailAddress": "not-an-email"},
            {"Name": "Ledger Ltd", "AccountNumber": "BAY001"},
            {"Name": "People Ltd", "ContactPersons": [{"FirstName": "P%d" % i} for i in range(6)]},
            {"Name": "Émoji 🚀 <b>Ltd</b>"},
        ]
    }
    results = api("PUT", "Contacts?summarizeErrors=false", json=batch).json()["Contacts"]
    assert [r["StatusAttributeString"] for r in results] == ["ERROR", "ERROR", "ERROR", "ERROR", "OK"]
    assert "255" in results[0]["ValidationErrors"][0]["Message"]
    assert results[1]["ValidationErrors"][0]["Message"] == "Email address must be valid."
    assert results[2]["ValidationErrors"][0]["Message"] == (
        "The Account Number already exists. Please enter a different Account Number."
    )
    assert "maximum of 5" in results[3]["ValidationErrors"][0]["Message"]
    assert results[4]["Name"] == "Émoji 🚀 <b>Ltd</b>"


def test_archived_contact_frees_its_name(client, tenant_id):
    contact = client.accounting(tenant_id, "get_contacts", where='Name=="Marine Systems"').contacts[0]
    client.accounting(
        tenant_id, "update_contact", contact.contact_id, Contacts(contacts=[Contact(contact_status="ARCHIVED")])
    )
    again = client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Marine Systems")]))
    assert again.contacts[0].contact_id != contact.contact_id


def test_item_rules(api):
    batch = {
        "Items": [
            {"Code": "C" * 31},
            {"Code": "DESK-OAK"},
            {"Code": "OK-1", "Name": "n" * 51},
            {"Code": "OK-2", "Name": "Fine", "SalesDetails": {"UnitPrice": 9.87654}},
        ]
    }
    results = api("PUT", "Items?summarizeErrors=false&unitdp=4", json=batch).json()["Items"]
    messages = [r["ValidationErrors"][0]["Message"] if r.get("ValidationErrors") else "OK" for r in results]
    assert messages == [
        "The item code must not be more than 30 characters long.",
        "Price List Item with Code 'DESK-OAK' already exists",
        "The item name must not be more than 50 characters long.",
        "OK",
    ]
    assert results[3]["SalesDetails"]["UnitPrice"] == pytest.approx(9.8765)


def test_tracked_items_report_quantity_on_hand(client, tenant_id):
    items = {i.code: i for i in client.accounting(tenant_id, "get_items").items}
    assert items["DESK-OAK"].is_tracked_as_inventory and items["DESK-OAK"].quantity_on_hand == 12
    assert not items["LAMP-LED"].is_tracked_as_inventory and items["LAMP-LED"].quantity_on_hand is None


def test_contact_balances_follow_authorised_invoices(client, tenant_id, contact_id):
    before = (
        client.accounting(tenant_id, "get_contact", contact_id).contacts[0].balances.accounts_receivable.outstanding
    )
    client.accounting(tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id, status="AUTHORISED")]))
    after = client.accounting(tenant_id, "get_contact", contact_id).contacts[0]
    assert after.balances.accounts_receivable.outstanding == before + 230
    assert after.is_customer


def test_ui_channel_changes_records_like_the_accounts_team(emulator, client, tenant_id, contact_id):
    emulator.admin(
        "POST",
        "tenants/%s/ui/Contacts" % tenant_id,
        Contacts=[{"ContactID": contact_id, "EmailAddress": "new@bayside.example"}],
    )
    assert client.accounting(tenant_id, "get_contact", contact_id).contacts[0].email_address == "new@bayside.example"
    assert not [r for r in emulator.requests() if r["path"].startswith("/api.xro") and r["method"] == "POST"]


def test_merged_contact_points_to_its_survivor(emulator, client, tenant_id, contact_id):
    loser = client.accounting(tenant_id, "get_contacts", where='Name=="Marine Systems"').contacts[0].contact_id
    emulator.admin("POST", "tenants/%s/ui/Contacts/merge" % tenant_id, **{"from": str(loser), "into": str(contact_id)})
    merged = client.accounting(tenant_id, "get_contact", loser).contacts[0]
    assert (str(merged.merged_to_contact_id), merged.contact_status) == (str(contact_id), "ARCHIVED")


def test_malformed_body_is_a_400(api):
    answer = api("PUT", "Contacts", data=b"{not json")
    assert answer.status_code == 400 and "not valid JSON" in answer.text


def test_a_deleted_item_is_gone_and_its_code_no_longer_valid_on_invoices(client, tenant_id, contact_id):
    item = {i.code: i for i in client.accounting(tenant_id, "get_items").items}["LAMP-LED"]
    client.accounting(tenant_id, "delete_item", item.item_id)
    assert "LAMP-LED" not in {i.code for i in client.accounting(tenant_id, "get_items").items}
    with pytest.raises(XeroNotFound):
        client.accounting(tenant_id, "get_item", item.item_id)
    line = LineItem(item_code="LAMP-LED", quantity=1, unit_amount=10, account_code="200", tax_type="OUTPUT2")
    result = client.accounting(
        tenant_id,
        "create_invoices",
        Invoices(invoices=[invoice(contact_id, line_items=[line])]),
        summarize_errors=False,
    )
    assert result.invoices[0].validation_errors[0].message == "Item code 'LAMP-LED' is not valid"


def test_the_accounts_team_deletes_items_but_not_contacts(emulator, client, tenant_id, contact_id):
    item = client.accounting(tenant_id, "get_items").items[0]
    emulator.admin("DELETE", "tenants/%s/ui/Items/%s" % (tenant_id, item.item_id))
    assert item.code not in {i.code for i in client.accounting(tenant_id, "get_items").items}
    answer = requests.delete(
        "%s/_emulator/tenants/%s/ui/Contacts/%s" % (emulator.url, tenant_id, contact_id), timeout=10
    )
    assert answer.status_code == 405


def test_an_archived_contact_cannot_be_invoiced(client, tenant_id, contact_id):
    client.accounting(tenant_id, "update_contact", contact_id, Contacts(contacts=[Contact(contact_status="ARCHIVED")]))
    result = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id)]), summarize_errors=False
    )
    assert result.invoices[0].validation_errors[0].message == (
        "The contact with the specified contact details has been archived. The contact must be "
        "un-archived before creating new invoices or credit notes."
    )


def test_post_with_a_known_name_updates_that_contact(api):
    """POST creates or updates: a Name another contact has reaches that contact."""
    before = api("GET", 'Contacts?where=Name=="Bayside Club"').json()["Contacts"][0]
    answer = api(
        "POST",
        "Contacts?summarizeErrors=false",
        json={"Contacts": [{"Name": "bayside club", "EmailAddress": "new@example.com"}]},
    ).json()
    assert answer["Contacts"][0]["ContactID"] == before["ContactID"]
    after = api("GET", "Contacts/%s" % before["ContactID"]).json()["Contacts"][0]
    assert after["EmailAddress"] == "new@example.com"


def test_put_with_a_known_name_is_refused_and_changes_nothing(api):
    before = api("GET", 'Contacts?where=Name=="Bayside Club"').json()["Contacts"][0]
    answer = api(
        "PUT",
        "Contacts?summarizeErrors=false",
        json={"Contacts": [{"Name": "Bayside Club", "EmailAddress": "new@example.com"}]},
    ).json()
    assert "already assigned to another contact" in answer["Contacts"][0]["ValidationErrors"][0]["Message"]
    after = api("GET", "Contacts/%s" % before["ContactID"]).json()["Contacts"][0]
    assert after.get("EmailAddress") == before.get("EmailAddress")


def test_an_archived_contact_takes_no_update_until_restored(api):
    contact = api("GET", 'Contacts?where=Name=="Bayside Club"').json()["Contacts"][0]
    api("POST", "Contacts/%s" % contact["ContactID"], json={"Contacts": [{"ContactStatus": "ARCHIVED"}]})
    refused = api(
        "POST",
        "Contacts?summarizeErrors=false",
        json={"Contacts": [{"ContactID": contact["ContactID"], "EmailAddress": "x@example.com"}]},
    ).json()["Contacts"][0]
    assert refused["StatusAttributeString"] == "ERROR"
    assert refused["ValidationErrors"][0]["Message"] == (
        "The specified contact details matched an archived contact. Archived contacts cannot currently be "
        "edited via the API."
    )
    status_again = api(
        "POST",
        "Contacts?summarizeErrors=false",
        json={"Contacts": [{"ContactID": contact["ContactID"], "ContactStatus": "ARCHIVED"}]},
    ).json()["Contacts"][0]
    assert status_again["StatusAttributeString"] == "ERROR", "not even its own status sent again"
    by_name = api(
        "POST",
        "Contacts?summarizeErrors=false",
        json={"Contacts": [{"Name": "Bayside Club", "EmailAddress": "x@example.com"}]},
    ).json()["Contacts"][0]
    assert by_name["StatusAttributeString"] == "ERROR", "a POST by name matching an archived contact"
    restored = api(
        "POST",
        "Contacts?summarizeErrors=false",
        json={
            "Contacts": [
                {"ContactID": contact["ContactID"], "ContactStatus": "ACTIVE", "EmailAddress": "x@example.com"}
            ]
        },
    )
    assert restored.json()["Contacts"][0]["StatusAttributeString"] == "OK"


def test_a_website_typed_in_xero_blocks_updates_through_the_api(api, emulator, tenant_id):
    contact = api("GET", 'Contacts?where=Name=="Bayside Club"').json()["Contacts"][0]
    typed = requests.post(
        "%s/_emulator/tenants/%s/ui/Contacts" % (emulator.url, tenant_id),
        json={"Contacts": [{"ContactID": contact["ContactID"], "Website": "www.bayside.example"}]},
        timeout=10,
    )
    assert typed.json()["Contacts"][0]["StatusAttributeString"] == "OK", "the screens take it"
    refused = api(
        "POST",
        "Contacts?summarizeErrors=false",
        json={"Contacts": [{"ContactID": contact["ContactID"], "EmailAddress": "x@example.com"}]},
    ).json()["Contacts"][0]
    assert refused["ValidationErrors"][0]["Message"] == "Website must be valid."


def test_a_sales_tax_on_an_expense_account_is_refused(api):
    answer = api(
        "PUT",
        "Items?summarizeErrors=false",
        json={
            "Items": [
                {"Code": "TAX-ACC", "SalesDetails": {"UnitPrice": 10, "AccountCode": "300", "TaxType": "OUTPUT2"}},
                {"Code": "NO-GST", "PurchaseDetails": {"UnitPrice": 10, "AccountCode": "300", "TaxType": "NONE"}},
            ]
        },
    )
    refused, fine = answer.json()["Items"]
    assert refused["ValidationErrors"][0]["Message"] == (
        "The TaxType code 'OUTPUT2' cannot be used with account code '300'."
    )
    assert fine["StatusAttributeString"] == "OK", "no tax applies to either side"


def test_unique_names_numbers_and_codes_follow_renames_and_deletions(client, tenant_id, contact_id):
    """The emulator checks uniqueness through indexes: they must follow every change."""
    renamed = Contact(contact_id=contact_id, name="Bayside Sports Club", account_number="BAY-NEW")
    client.accounting(tenant_id, "update_contact", contact_id, Contacts(contacts=[renamed]))
    batch = Contacts(
        contacts=[
            Contact(name="Bayside Club", account_number="BAY-OLD"),
            Contact(name="Bayside Sports Club"),
            Contact(name="Other", account_number="BAY-NEW"),
        ]
    )
    result = client.accounting(tenant_id, "create_contacts", batch, summarize_errors=False)
    assert [c.status_attribute_string for c in result.contacts] == ["OK", "ERROR", "ERROR"]
    items = client.accounting(tenant_id, "create_items", {"Items": [{"Code": "TEMP-1", "Name": "Temporary"}]})
    client.accounting(tenant_id, "delete_item", items.items[0].item_id)
    again = client.accounting(
        tenant_id, "create_items", {"Items": [{"Code": "temp-1", "Name": "Again"}]}, summarize_errors=False
    )
    assert again.items[0].status_attribute_string == "OK", "a deleted item's code is free again"


def test_contact_payment_terms_sales_and_bills_apart(client, tenant_id, contact_id):
    def terms(body):
        return client.accounting_json(tenant_id, "update_contact", contact_id, {"Contacts": [body]})["Contacts"][0][
            "PaymentTerms"
        ]

    sales = {"Sales": {"Day": 20, "Type": "OFFOLLOWINGMONTH"}}
    assert terms({"PaymentTerms": sales}) == sales
    bills = {"Bills": {"Day": 15, "Type": "OFCURRENTMONTH"}}
    assert terms({"PaymentTerms": bills}) == dict(sales, **bills), "sending the bills terms keeps the sales terms"
    with pytest.raises(XeroValidationError, match="Payment terms type must be one of"):
        terms({"PaymentTerms": {"Sales": {"Day": 20, "Type": "NET20"}}})
    with pytest.raises(XeroValidationError, match="day must be between 0 and 31"):
        terms({"PaymentTerms": {"Sales": {"Day": 45, "Type": "OFFOLLOWINGMONTH"}}})
    assert terms({"PaymentTerms": {"Sales": {"Day": 45, "Type": "DAYSAFTERBILLDATE"}}})["Sales"]["Day"] == 45


def test_dates_xero_fills_in_and_overdue_balances_follow_the_emulators_one_clock(emulator, tenant_id, contact_id):
    """Moving the clock moves the organisation's today: an undated invoice takes it, and
    an invoice due before it counts as overdue (the emulator keeps one clock)."""
    today = dt.datetime.fromisoformat(emulator.admin("POST", "clock", advance=40 * 86400)["now"]).date()
    # the tokens of 40 days ago expired with the move: a new one, on the moved clock
    holder = {}
    later = XeroClient(emulator.endpoints(), "custom-app", "custom-secret", token_getter=lambda: holder["token"])
    holder["token"] = later.client_credentials_token()
    undated = invoice(contact_id, status="AUTHORISED")
    undated.date, undated.due_date = None, today - dt.timedelta(days=30)  # a date still to come in real time
    created = later.accounting(tenant_id, "create_invoices", Invoices(invoices=[undated])).invoices[0]
    assert created.date == today
    balances = later.accounting(tenant_id, "get_contact", contact_id).contacts[0].balances.accounts_receivable
    assert balances.overdue >= 230


def email(client, tenant_id, invoice_id):
    client.accounting(tenant_id, "email_invoice", invoice_id, RequestEmpty())


def test_xero_emails_approved_invoices_only_to_a_contact_with_an_address(emulator, client, tenant_id, contact_id):
    created = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id), invoice(contact_id, status="AUTHORISED")])
    ).invoices
    draft, approved = created[0].invoice_id, created[1].invoice_id
    with pytest.raises(XeroValidationError, match="must be approved"):
        email(client, tenant_id, draft)
    email(client, tenant_id, approved)
    sent = emulator.admin("GET", "tenants/%s/emails" % tenant_id)["emails"]
    # the contact's address and its persons included in emails (the demo's Bayside Club)
    assert [(e["InvoiceID"], sorted(e["To"])) for e in sent] == [
        (approved, ["ann@bayside.example", "secretary@bayside.example"])
    ]
    assert client.accounting(tenant_id, "get_invoice", approved).invoices[0].sent_to_contact is True
    silent = client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="No Mail Ltd")]))
    no_mail = client.accounting(
        tenant_id,
        "create_invoices",
        Invoices(invoices=[invoice(silent.contacts[0].contact_id, status="AUTHORISED")]),
    ).invoices[0]
    with pytest.raises(XeroValidationError, match="no email address"):
        email(client, tenant_id, no_mail.invoice_id)


def test_xeros_daily_email_limit(emulator, client, tenant_id, contact_id):
    emulator.admin("POST", "limits", emails_per_day=1)
    approved = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id, status="AUTHORISED")] * 2)
    ).invoices
    email(client, tenant_id, approved[0].invoice_id)
    with pytest.raises(XeroValidationError, match="daily limit of emails"):
        email(client, tenant_id, approved[1].invoice_id)


def quote(contact_id, **fields):
    return {
        "Contact": {"ContactID": contact_id},
        "LineItems": [{"Description": "Consulting", "Quantity": 2, "UnitAmount": 100, "AccountCode": "200"}],
        **fields,
    }


def test_quotes_need_lines_and_follow_xeros_status_rules(client, tenant_id, contact_id):
    created = client.accounting_json(tenant_id, "create_quotes", {"Quotes": [quote(contact_id)]})["Quotes"][0]
    assert (created["Status"], created["LineAmountTypes"], created["Total"]) == ("DRAFT", "EXCLUSIVE", 200)
    assert created["QuoteNumber"].startswith("QU-")
    quote_id = created["QuoteID"]

    def update(**fields):
        return client.accounting_json(tenant_id, "update_quote", quote_id, {"Quotes": [dict(fields, QuoteID=quote_id)]})

    with pytest.raises(XeroValidationError, match="at least one line item"):
        client.accounting_json(tenant_id, "create_quotes", {"Quotes": [quote(contact_id, LineItems=[])]})
    with pytest.raises(XeroValidationError, match="not of valid status"):
        update(Status="DECLINED")  # a draft is never declined (XeroAPI/xero-mcp-server#309)
    assert update(Status="SENT")["Quotes"][0]["Status"] == "SENT"
    assert update(Status="ACCEPTED")["Quotes"][0]["Status"] == "ACCEPTED"
    with pytest.raises(XeroValidationError, match="not of valid status"):
        update(Status="DECLINED")
    with pytest.raises(XeroValidationError, match="can only change its status"):
        update(LineItems=[{"Description": "More", "Quantity": 1, "UnitAmount": 5, "AccountCode": "200"}])


def test_a_contacts_branding_theme_is_set_in_xero_only(emulator, client, tenant_id, contact_id):
    """Xero's API takes no branding theme for a contact, silently; Xero's screens set it."""
    theme = emulator.admin("GET", "tenants/%s/BrandingThemes" % tenant_id)["BrandingThemes"][1]["BrandingThemeID"]
    body = {"Contacts": [{"ContactID": contact_id, "BrandingTheme": {"BrandingThemeID": theme}}]}
    answer = client.accounting_json(tenant_id, "update_contact", contact_id, body)
    assert answer["Contacts"][0]["StatusAttributeString"] == "OK"
    assert not client.accounting_json(tenant_id, "get_contact", contact_id)["Contacts"][0].get("BrandingTheme")
    emulator.admin("POST", "tenants/%s/ui/Contacts" % tenant_id, Contacts=body["Contacts"])
    read = client.accounting_json(tenant_id, "get_contact", contact_id)["Contacts"][0]
    assert read["BrandingTheme"]["BrandingThemeID"] == theme


def test_xeros_screens_empty_a_contacts_sales_terms_and_keep_its_bills_terms(emulator, client, tenant_id, contact_id):
    terms = {"Sales": {"Type": "DAYSAFTERBILLDATE", "Day": 7}, "Bills": {"Type": "DAYSAFTERBILLDATE", "Day": 5}}
    ui = "tenants/%s/ui/Contacts" % tenant_id
    emulator.admin("POST", ui, Contacts=[{"ContactID": contact_id, "PaymentTerms": terms}])
    emulator.admin("POST", ui, Contacts=[{"ContactID": contact_id, "PaymentTerms": {"Sales": None}}])
    read = client.accounting_json(tenant_id, "get_contact", contact_id)["Contacts"][0]
    assert read["PaymentTerms"] == {"Bills": {"Type": "DAYSAFTERBILLDATE", "Day": 5}}


def test_a_credit_note_allocated_to_an_invoice_lowers_what_both_still_owe(client, tenant_id, contact_id):
    created = client.accounting(
        tenant_id, "create_invoices", Invoices(invoices=[invoice(contact_id, status="AUTHORISED")])
    ).invoices[0]

    def credit_note(status, contact=contact_id):
        return client.accounting(
            tenant_id,
            "create_credit_notes",
            CreditNotes(
                credit_notes=[
                    CreditNote(
                        type="ACCRECCREDIT",
                        contact=Contact(contact_id=contact),
                        status=status,
                        line_items=[
                            LineItem(
                                description="Consulting",
                                quantity=1,
                                unit_amount=100,
                                account_code="200",
                                tax_type="OUTPUT2",
                            )
                        ],
                    )
                ]
            ),
        ).credit_notes[0]

    def allocate(note, amount):
        allocation = Allocation(
            invoice=Invoice(invoice_id=created.invoice_id), amount=amount, date=dt.date(2026, 11, 6)
        )
        return client.accounting(
            tenant_id, "create_credit_note_allocation", note.credit_note_id, Allocations(allocations=[allocation])
        )

    with pytest.raises(XeroValidationError, match="approved and awaiting payment"):
        allocate(credit_note("DRAFT"), 10)
    other_contact = client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Other Co")]))
    with pytest.raises(XeroValidationError, match="same contact"):
        allocate(credit_note("AUTHORISED", other_contact.contacts[0].contact_id), 10)
    note = credit_note("AUTHORISED")
    with pytest.raises(XeroValidationError, match="no more than the credit remaining"):
        allocate(note, note.total + 1)
    unchanged = client.accounting(tenant_id, "get_invoice", created.invoice_id).invoices[0]
    assert (unchanged.amount_credited, unchanged.amount_due) == (0, created.total)

    allocate(note, note.total)
    credited = client.accounting(tenant_id, "get_invoice", created.invoice_id).invoices[0]
    assert (credited.status, credited.amount_credited, credited.amount_due) == (
        "AUTHORISED",
        note.total,
        created.total - note.total,
    )
    assert [c.credit_note_id for c in credited.credit_notes] == [note.credit_note_id]
    used = client.accounting(tenant_id, "get_credit_note", note.credit_note_id).credit_notes[0]
    assert (used.status, used.remaining_credit) == ("PAID", 0)
    assert [a.invoice.invoice_id for a in used.allocations] == [created.invoice_id]
    with pytest.raises(XeroValidationError, match="credit note allocated"):
        client.accounting(
            tenant_id, "update_invoice", created.invoice_id, Invoices(invoices=[Invoice(status="VOIDED")])
        )

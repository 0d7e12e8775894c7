"""Every response shape the emulator serves matches Xero's OpenAPI documents, and every
endpoint reads back through the real xero-python SDK."""

import pytest
import requests
from oas import missing, response_schema, validate

# without Xero's specs these tests cannot run: skipped, and said loudly by conftest.py
pytestmark = pytest.mark.skipif(bool(missing()), reason=missing() or "")

ACCOUNTING = "xero_accounting.yaml"
API = "/api.xro/2.0"


@pytest.fixture
def http(emulator, client, tenant_id):
    token = client._current_token()["access_token"]

    def call(method, path, status=200, **kwargs):
        response = requests.request(
            method,
            emulator.url + path,
            timeout=10,
            headers={"Authorization": "Bearer " + token, "xero-tenant-id": tenant_id, "Accept": "application/json"},
            **kwargs,
        )
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    return call


def assert_conforms(spec, method, path, payload, status="200", prefix=API):
    schema = response_schema(spec, method, path, status, prefix)
    assert validate(spec, schema, payload) == []


def first_id(http, collection, key):
    return http("GET", "%s/%s?page=1" % (API, collection))[collection][0][key]


READS = [
    ("Organisation", None),
    ("Contacts", "ContactID"),
    ("Items", "ItemID"),
    ("Invoices", "InvoiceID"),
    ("CreditNotes", "CreditNoteID"),
    ("PurchaseOrders", "PurchaseOrderID"),
    ("Quotes", "QuoteID"),
    ("Payments", "PaymentID"),
    ("TaxRates", None),
    ("Accounts", "AccountID"),
    ("BrandingThemes", "BrandingThemeID"),
    ("TrackingCategories", "TrackingCategoryID"),
    ("Currencies", None),
]


@pytest.mark.parametrize("collection,key", READS)
def test_list_and_get_conform(http, collection, key):
    listing = http("GET", "%s/%s?page=1" % (API, collection))
    assert_conforms(ACCOUNTING, "GET", "%s/%s" % (API, collection), listing)
    if key:
        record_id = listing[collection][0][key]
        single = http("GET", "%s/%s/%s" % (API, collection, record_id))
        assert_conforms(ACCOUNTING, "GET", "%s/%s/%s" % (API, collection, record_id), single)


def test_writes_and_batch_errors_conform(http):
    contacts = {"Contacts": [{"Name": "Conformance Ltd"}, {"Name": ""}]}
    answer = http("PUT", API + "/Contacts?summarizeErrors=false", json=contacts)
    assert [c["StatusAttributeString"] for c in answer["Contacts"]] == ["OK", "ERROR"]
    assert_conforms(ACCOUNTING, "PUT", API + "/Contacts", answer)
    summarized = http("PUT", API + "/Contacts", status=400, json={"Contacts": [{"Name": ""}]})
    assert_conforms(ACCOUNTING, "PUT", API + "/Contacts", summarized, status="400")

    contact_id = answer["Contacts"][0]["ContactID"]
    invoice = {
        "Invoices": [
            {
                "Type": "ACCREC",
                "Contact": {"ContactID": contact_id},
                "LineItems": [{"ItemCode": "LAMP-LED", "Quantity": 2}],
            }
        ]
    }
    created = http("PUT", API + "/Invoices?unitdp=4", json=invoice)
    assert_conforms(ACCOUNTING, "PUT", API + "/Invoices", created)
    invoice_id = created["Invoices"][0]["InvoiceID"]
    updated = http("POST", API + "/Invoices/" + invoice_id, json={"Invoices": [{"Reference": "R1"}]})
    assert_conforms(ACCOUNTING, "POST", API + "/Invoices/" + invoice_id, updated)
    items = http("POST", API + "/Items", json={"Items": [{"Code": "NEW-1", "Name": "New"}]})
    assert_conforms(ACCOUNTING, "POST", API + "/Items", items)
    note = http(
        "PUT", API + "/Contacts/%s/History" % contact_id, json={"HistoryRecords": [{"Details": "Changed in Odoo"}]}
    )
    assert_conforms(ACCOUNTING, "PUT", API + "/Contacts/%s/History" % contact_id, note)
    history = http("GET", API + "/Contacts/%s/History" % contact_id)
    assert_conforms(ACCOUNTING, "GET", API + "/Contacts/%s/History" % contact_id, history)
    credit = http(
        "PUT",
        API + "/CreditNotes",
        json={
            "CreditNotes": [
                {
                    "Type": "ACCRECCREDIT",
                    "Contact": {"ContactID": contact_id},
                    "Status": "AUTHORISED",
                    "LineItems": [
                        {
                            "Description": "Refund",
                            "Quantity": 1,
                            "UnitAmount": 20,
                            "AccountCode": "200",
                            "TaxType": "OUTPUT2",
                        }
                    ],
                }
            ]
        },
    )
    assert_conforms(ACCOUNTING, "PUT", API + "/CreditNotes", credit)
    order = http(
        "PUT",
        API + "/PurchaseOrders",
        json={
            "PurchaseOrders": [
                {"Contact": {"ContactID": contact_id}, "LineItems": [{"ItemCode": "DESK-OAK", "Quantity": 2}]}
            ]
        },
    )
    assert_conforms(ACCOUNTING, "PUT", API + "/PurchaseOrders", order)
    http("POST", API + "/Invoices/" + invoice_id, json={"Invoices": [{"Status": "AUTHORISED"}]})
    online = http("GET", API + "/Invoices/%s/OnlineInvoice" % invoice_id)
    assert_conforms(ACCOUNTING, "GET", API + "/Invoices/%s/OnlineInvoice" % invoice_id, online)
    payment = http(
        "PUT",
        API + "/Payments",
        json={
            "Payments": [
                {"Invoice": {"InvoiceID": invoice_id}, "Account": {"Code": "090"}, "Amount": 10, "Date": "2026-11-20"}
            ]
        },
    )
    assert_conforms(ACCOUNTING, "PUT", API + "/Payments", payment)
    currencies = http("PUT", API + "/Currencies", json={"Currencies": [{"Code": "EUR", "Description": "Euro"}]})
    assert_conforms(ACCOUNTING, "PUT", API + "/Currencies", currencies)


def test_connections_conform(emulator, client):
    token = client._current_token()["access_token"]
    listing = requests.get(
        emulator.url + "/Connections", headers={"Authorization": "Bearer " + token}, timeout=10
    ).json()
    assert_conforms("xero-identity.yaml", "GET", "/Connections", listing, prefix="")


SDK_READS = [
    ("get_organisations", (), "organisations"),
    ("get_contacts", (), "contacts"),
    ("get_items", (), "items"),
    ("get_invoices", (), "invoices"),
    ("get_credit_notes", (), "credit_notes"),
    ("get_purchase_orders", (), "purchase_orders"),
    ("get_payments", (), "payments"),
    ("get_tax_rates", (), "tax_rates"),
    ("get_accounts", (), "accounts"),
    ("get_branding_themes", (), "branding_themes"),
    ("get_tracking_categories", (), "tracking_categories"),
    ("get_currencies", (), "currencies"),
]


@pytest.mark.parametrize("operation,args,attribute", SDK_READS)
def test_every_endpoint_reads_through_the_sdk(client, tenant_id, operation, args, attribute):
    result = client.accounting(tenant_id, operation, *args)
    records = getattr(result, attribute)
    assert records, "%s returned nothing" % operation


def test_single_records_and_history_read_through_the_sdk(client, tenant_id):
    contact = client.accounting(tenant_id, "get_contacts", page=1).contacts[0]
    single = client.accounting(tenant_id, "get_contact", contact.contact_id).contacts[0]
    assert single.name == contact.name
    invoice = client.accounting(tenant_id, "get_invoices", page=1).invoices[0]
    assert client.accounting(tenant_id, "get_invoice", invoice.invoice_id).invoices[0].line_items
    item = client.accounting(tenant_id, "get_items").items[0]
    assert client.accounting(tenant_id, "get_item", item.item_id).items[0].code == item.code
    note = client.accounting(
        tenant_id, "create_contact_history", contact.contact_id, {"HistoryRecords": [{"Details": "From Odoo"}]}
    )
    assert note.history_records[0].details == "From Odoo"
    history = client.accounting(tenant_id, "get_contact_history", contact.contact_id).history_records
    assert "From Odoo" in [h.details for h in history]
    assert [c["tenant_id"] for c in client.connections()] == [tenant_id]


def test_contact_groups_conform(http):
    made = http("PUT", API + "/ContactGroups", json={"ContactGroups": [{"Name": "VIP"}]})
    assert_conforms(ACCOUNTING, "PUT", API + "/ContactGroups", made)
    group_id = made["ContactGroups"][0]["ContactGroupID"]
    contact_id = first_id(http, "Contacts", "ContactID")
    added = http("PUT", API + "/ContactGroups/%s/Contacts" % group_id, json={"Contacts": [{"ContactID": contact_id}]})
    assert_conforms(ACCOUNTING, "PUT", API + "/ContactGroups/%s/Contacts" % group_id, added)
    assert_conforms(ACCOUNTING, "GET", API + "/ContactGroups", http("GET", API + "/ContactGroups"))
    read = http("GET", API + "/ContactGroups/" + group_id)
    assert_conforms(ACCOUNTING, "GET", API + "/ContactGroups/" + group_id, read)
    http("DELETE", API + "/ContactGroups/%s/Contacts/%s" % (group_id, contact_id), status=204)

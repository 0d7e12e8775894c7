"""Lists honour Xero's paging, If-Modified-Since, where, order and list parameters."""

import datetime as dt

import pytest
from xero_python.accounting import Contact, Contacts


def test_pages_of_at_most_page_size_with_pagination_block(client, tenant_id):
    first = client.accounting(tenant_id, "get_contacts", page=1, page_size=4, order="Name ASC")
    second = client.accounting(tenant_id, "get_contacts", page=2, page_size=4, order="Name ASC")
    third = client.accounting(tenant_id, "get_contacts", page=3, page_size=4, order="Name ASC")
    assert (first.pagination.page_count, first.pagination.item_count) == (3, 9)
    names = [c.name for c in first.contacts + second.contacts + third.contacts]
    assert names == sorted(names, key=str.casefold) and len(set(names)) == 9


def test_page_size_is_capped_at_1000(emulator, tenant_id, client):
    listing = client.accounting(tenant_id, "get_contacts", page=1, page_size=5000)
    assert listing.pagination.page_size == 1000


def test_if_modified_since_returns_only_later_changes_in_update_order(client, tenant_id):
    everything = client.accounting(tenant_id, "get_contacts", page=1, order="UpdatedDateUTC ASC")
    stamps = [c.updated_date_utc for c in everything.contacts]
    assert stamps == sorted(stamps)
    cutoff = stamps[5].astimezone(dt.timezone.utc).replace(tzinfo=None)
    later = client.accounting(tenant_id, "get_contacts", page=1, order="UpdatedDateUTC ASC", if_modified_since=cutoff)
    assert [c.contact_id for c in later.contacts] == [c.contact_id for c in everything.contacts[6:]]


def test_where_equality_and_guid_and_folded_names(client, tenant_id):
    found = client.accounting(tenant_id, "get_contacts", where='Name=="bayside club"')
    assert [c.name for c in found.contacts] == ["Bayside Club"]
    by_id = client.accounting(tenant_id, "get_contacts", where='ContactID==Guid("%s")' % found.contacts[0].contact_id)
    assert [c.name for c in by_id.contacts] == ["Bayside Club"]
    invoices = client.accounting(tenant_id, "get_invoices", page=1, where='Type=="ACCREC" AND Status=="DRAFT"')
    assert invoices.invoices and {i.status for i in invoices.invoices} == {"DRAFT"}


def test_bad_where_is_a_validation_error(client, tenant_id):
    from xero_connector.xero.errors import XeroValidationError

    with pytest.raises(XeroValidationError, match="where clause"):
        client.accounting(tenant_id, "get_contacts", where="Name LIKE 'x'")


def test_a_where_xero_cannot_parse_is_a_query_parse_exception(api):
    answer = api("GET", "Contacts", params={"where": "Name LIKE 'x'"})
    assert answer.status_code == 400
    body = answer.json()
    assert (body["ErrorNumber"], body["Type"]) == (16, "QueryParseException")
    assert "where clause" in body["Message"]


def test_ids_and_statuses_filters(client, tenant_id):
    invoices = client.accounting(tenant_id, "get_invoices", page=1).invoices
    wanted = [invoices[0].invoice_id, invoices[1].invoice_id]
    assert {i.invoice_id for i in client.accounting(tenant_id, "get_invoices", i_ds=wanted).invoices} == set(wanted)
    voided = client.accounting(tenant_id, "get_invoices", statuses=["VOIDED"]).invoices
    assert voided and {i.status for i in voided} == {"VOIDED"}


def test_archived_contacts_only_with_include_archived(client, tenant_id):
    contact = client.accounting(tenant_id, "get_contacts", where='Name=="Marine Systems"').contacts[0]
    client.accounting(
        tenant_id,
        "update_contact",
        contact.contact_id,
        Contacts(contacts=[Contact(contact_id=contact.contact_id, contact_status="ARCHIVED")]),
    )
    assert not client.accounting(tenant_id, "get_contacts", where='Name=="Marine Systems"').contacts
    archived = client.accounting(tenant_id, "get_contacts", where='Name=="Marine Systems"', include_archived=True)
    assert archived.contacts[0].contact_status == "ARCHIVED"


def test_unpaged_invoice_lists_leave_out_lines_and_summary_only_is_lighter(client, tenant_id):
    assert all(not i.line_items for i in client.accounting(tenant_id, "get_invoices").invoices)
    assert all(i.line_items for i in client.accounting(tenant_id, "get_invoices", page=1).invoices)
    summary = client.accounting(tenant_id, "get_contacts", summary_only=True).contacts
    assert summary and all(c.addresses is None and c.balances is None for c in summary)


def test_dates_are_written_as_xero_does(emulator, client, tenant_id):
    import requests

    token = client._current_token()["access_token"]
    raw = requests.get(
        emulator.url + "/api.xro/2.0/Invoices?page=1",
        timeout=10,
        headers={"Authorization": "Bearer " + token, "xero-tenant-id": tenant_id},
    ).json()
    invoice = raw["Invoices"][0]
    assert invoice["Date"].startswith("/Date(") and invoice["Date"].endswith("+0000)/")
    assert invoice["UpdatedDateUTC"].startswith("/Date(")
    sdk = client.accounting(tenant_id, "get_invoice", invoice["InvoiceID"]).invoices[0]
    assert sdk.date.isoformat() == invoice["DateString"][:10]


def test_get_by_id_honours_if_modified_since(api, client, tenant_id):
    contact = client.accounting(tenant_id, "get_contacts", page=1).contacts[0]
    stamp = contact.updated_date_utc.astimezone(dt.timezone.utc).replace(tzinfo=None)
    unchanged = api("GET", "Contacts/%s" % contact.contact_id, headers_extra={"If-Modified-Since": stamp.isoformat()})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    earlier = (stamp - dt.timedelta(seconds=5)).isoformat()
    changed = api("GET", "Contacts/%s" % contact.contact_id, headers_extra={"If-Modified-Since": earlier})
    assert changed.status_code == 200 and changed.json()["Contacts"][0]["ContactID"] == str(contact.contact_id)


def add_contacts(emulator, tenant_id, *names):
    """Contacts typed in Xero's screens, with names no where literal of the seed has."""
    emulator.admin("POST", "tenants/%s/ui/Contacts" % tenant_id, Contacts=[{"Name": name} for name in names])


def names_where(api, where):
    answer = api("GET", "Contacts", params={"where": where})
    assert answer.status_code == 200, answer.text
    return [c["Name"] for c in answer.json()["Contacts"]]


def test_and_inside_a_quoted_literal_belongs_to_the_name(emulator, api, tenant_id):
    add_contacts(emulator, tenant_id, "Smith AND Sons", "Smith", "Sons", "Black && Decker")
    assert names_where(api, 'Name=="Smith AND Sons"') == ["Smith AND Sons"]
    assert names_where(api, 'Name=="Smith AND Sons" AND ContactStatus=="ACTIVE"') == ["Smith AND Sons"]
    assert names_where(api, 'Name=="Black && Decker"') == ["Black && Decker"]


def test_a_quote_inside_a_literal_is_written_twice_and_a_backslash_is_a_character(emulator, api, tenant_id):
    add_contacts(emulator, tenant_id, 'The "Quoted" Co', "Back\\Slash\\")
    assert names_where(api, 'Name=="The ""Quoted"" Co"') == ['The "Quoted" Co']
    assert names_where(api, 'Name=="Back\\Slash\\"') == ["Back\\Slash\\"], "the last backslash ends nothing"


def test_a_backslash_does_not_protect_a_quote(api):
    answer = api("GET", "Contacts", params={"where": 'Name=="The \\"Quoted\\" Co"'})
    assert answer.status_code == 400
    assert (answer.json()["Type"], answer.json()["Message"]) == ("QueryParseException", "Syntax error")


def test_an_unterminated_literal_is_a_query_parse_exception(api):
    # e.g. a name with '&' sent without URL encoding: the query string ends inside it
    answer = api("GET", "Contacts", params={"where": 'Name=="Foo '})
    assert answer.status_code == 400
    assert answer.json() == {"ErrorNumber": 16, "Type": "QueryParseException", "Message": "Unterminated string literal"}

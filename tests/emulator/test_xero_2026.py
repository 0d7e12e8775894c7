"""What the emulator does because Xero does it since 2026 (docs/xero-fidelity.md):
granular scopes, scope checks per endpoint, the Starter tier, a configurable idempotency
window, smaller pages than asked, records saved between two page reads, and credit-note
webhook events that say their kind."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from xero_connector.xero.client import XeroClient, pkce_pair
from xero_connector.xero.errors import XeroScopeError
from xero_emulator.state import DAILY_LIMIT_BY_TIER

REDIRECT = "https://odoo.example.com/xero/oauth/callback"


def sign_in(emulator, client_id, scope):
    xero = XeroClient(emulator.endpoints(), client_id, "secret")
    _verifier, challenge = pkce_pair()
    answer = requests.get(
        xero.authorization_url(REDIRECT, "st4te", challenge, scope=scope), allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlparse(answer.headers["Location"]).query).items()}


def test_a_new_app_asking_for_broad_scopes_is_sent_back_with_an_error(emulator, tenant_id):
    emulator.admin("POST", "apps", client_id="new-app", granular_only=True)
    params = sign_in(emulator, "new-app", "offline_access accounting.transactions accounting.contacts")
    assert (params["error"], params["error_description"], params["state"]) == (
        "unauthorized_client",
        "Invalid scope for client",
        "st4te",
    )
    assert "code" not in params
    granular = sign_in(emulator, "new-app", "offline_access accounting.invoices accounting.contacts")
    assert granular["code"]


def test_an_older_app_may_still_ask_for_broad_scopes(emulator, tenant_id):
    assert sign_in(emulator, "old-app", "offline_access accounting.transactions")["code"]


def test_an_unknown_scope_is_invalid_scope(emulator, tenant_id):
    assert sign_in(emulator, "old-app", "accounting.everything")["error"] == "invalid_scope"


@pytest.fixture
def contacts_only_client(emulator, tenant_id):
    emulator.admin("POST", "apps", client_id="contacts-app", scopes="accounting.contacts accounting.settings.read")
    holder = {}
    xero = XeroClient(emulator.endpoints(), "contacts-app", "secret", token_getter=lambda: holder["token"])
    holder["token"] = xero.client_credentials_token()
    return xero


def test_each_endpoint_checks_the_tokens_scopes(contacts_only_client, tenant_id, emulator):
    assert contacts_only_client.accounting(tenant_id, "get_contacts").contacts
    assert contacts_only_client.accounting(tenant_id, "get_items").items, "settings.read reads items"
    with pytest.raises(XeroScopeError):
        contacts_only_client.accounting(tenant_id, "get_invoices")
    with pytest.raises(XeroScopeError):
        contacts_only_client.accounting_json(tenant_id, "create_items", {"Items": [{"Code": "NEW-1"}]})
    refused = [r for r in emulator.requests() if r["status"] == 401]
    assert len(refused) == 2, "one answer each, and no token refresh tried"


def test_granular_invoices_scope_opens_documents_and_items(emulator, tenant_id):
    emulator.admin("POST", "apps", client_id="granular-app", granular_only=True)
    holder = {}
    xero = XeroClient(emulator.endpoints(), "granular-app", "secret", token_getter=lambda: holder["token"])
    holder["token"] = xero.client_credentials_token()
    assert "accounting.invoices" in holder["token"]["scope"]
    assert xero.accounting(tenant_id, "get_invoices").invoices
    assert xero.accounting(tenant_id, "get_credit_notes").credit_notes


def test_the_starter_tier_allows_1000_calls_a_day():
    assert DAILY_LIMIT_BY_TIER["starter"] == 1000 and DAILY_LIMIT_BY_TIER["standard"] == 5000


def test_the_starter_tier_shows_in_the_remaining_calls(emulator, client, tenant_id):
    emulator.admin("POST", "limits", per_minute=60, per_day=1000, concurrent=5, app_per_minute=10000)
    client.accounting(tenant_id, "get_organisations")
    assert client.quota.day == 999


def test_an_idempotency_key_is_forgotten_after_the_window(emulator, api):
    body = {"Contacts": [{"Name": "Window Ltd"}]}
    first = api("PUT", "Contacts?summarizeErrors=false", headers_extra={"Idempotency-Key": "k-1"}, json=body)
    replay = api("PUT", "Contacts?summarizeErrors=false", headers_extra={"Idempotency-Key": "k-1"}, json=body)
    assert replay.json()["Contacts"][0]["ContactID"] == first.json()["Contacts"][0]["ContactID"]
    emulator.admin("POST", "idempotency", seconds=60)
    emulator.admin("POST", "clock", advance=61)
    late = api("PUT", "Contacts?summarizeErrors=false", headers_extra={"Idempotency-Key": "k-1"}, json=body)
    assert late.json()["Contacts"][0]["StatusAttributeString"] == "ERROR", "applied again, so refused"


def test_a_server_may_answer_smaller_pages_than_asked(emulator, api):
    emulator.admin("POST", "paging", max_page_size=2)
    answer = api("GET", "Contacts?page=1&pageSize=1000").json()
    assert len(answer["Contacts"]) == 2
    assert answer["pagination"]["pageSize"] == 2
    assert answer["pagination"]["pageCount"] == (answer["pagination"]["itemCount"] + 1) // 2


def test_records_saved_between_two_page_reads_move_to_the_end(emulator, api):
    ordered = api("GET", "Contacts?page=1&order=UpdatedDateUTC%20ASC").json()["Contacts"]
    emulator.admin("POST", "faults", kind="touch", path="/Contacts", method="GET", ids=[ordered[0]["ContactID"]])
    api("GET", "Contacts?page=1&order=UpdatedDateUTC%20ASC")  # the touch happens after this answer
    again = api("GET", "Contacts?page=1&order=UpdatedDateUTC%20ASC").json()["Contacts"]
    assert again[-1]["ContactID"] == ordered[0]["ContactID"]
    assert again[0]["ContactID"] == ordered[1]["ContactID"]


def test_a_save_between_page_reads_can_carry_changes_and_wait_for_its_query(emulator, api):
    ordered = api("GET", "Contacts?page=1&order=UpdatedDateUTC%20ASC").json()["Contacts"]
    first = ordered[0]["ContactID"]
    emulator.admin(
        "POST",
        "faults",
        kind="touch",
        path="/Contacts",
        method="GET",
        query="order=",
        records=[{"ContactID": first, "EmailAddress": "typed@xero.example"}],
    )
    api("GET", "Contacts?IDs=%s" % first)  # not a paged read: no save yet
    assert emulator.admin("GET", "faults")["faults"], "still waiting for its request"
    api("GET", "Contacts?page=1&order=UpdatedDateUTC%20ASC")
    assert emulator.admin("GET", "faults")["faults"] == []
    again = api("GET", "Contacts?page=1&order=UpdatedDateUTC%20ASC").json()["Contacts"]
    assert (again[-1]["ContactID"], again[-1]["EmailAddress"]) == (first, "typed@xero.example")


def test_a_url_longer_than_xeros_limit_is_not_found(emulator, api):
    ids = [c["ContactID"] for c in api("GET", "Contacts").json()["Contacts"]]
    many = (ids * 60)[:52]  # the same ids again: only the URL's length counts
    assert api("GET", "Contacts?IDs=%s" % "%2C".join(many)).status_code == 200
    too_many = (ids * 60)[:53]
    answer = api("GET", "Contacts?IDs=%s" % "%2C".join(too_many))
    assert answer.status_code == 404
    assert answer.json()["Detail"] == "The resource you're looking for cannot be found"


def test_credit_note_events_carry_their_type_and_status(emulator, tenant_id, client):
    emulator.admin("POST", "tenants/%s/webhook" % tenant_id, url="http://127.0.0.1:9/none", key="k")
    contact = client.accounting(tenant_id, "get_contacts", where='Name=="Bayside Club"').contacts[0]
    emulator.admin(
        "POST",
        "tenants/%s/ui/CreditNotes" % tenant_id,
        CreditNotes=[
            {
                "Type": "ACCPAYCREDIT",
                "Contact": {"ContactID": str(contact.contact_id)},
                "Status": "DRAFT",
                "LineItems": [{"Description": "Returned", "Quantity": 1, "UnitAmount": 10, "AccountCode": "300"}],
            }
        ],
    )
    events = emulator.state.tenants[tenant_id].pending_events
    assert events[-1]["eventCategory"] == "CREDITNOTE"
    assert events[-1]["data"] == {"Type": "ACCPAYCREDIT", "Status": "DRAFT"}

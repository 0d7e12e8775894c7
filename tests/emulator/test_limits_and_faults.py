"""Per-tenant rate limits with Xero's headers, and the faults tests can inject."""

import threading

import pytest
import requests
from xero_python.accounting import Contact, Contacts

from xero_connector.xero.errors import XeroRateLimited, XeroTransient


def test_remaining_quota_headers_on_every_response(client, tenant_id):
    client.accounting(tenant_id, "get_organisations")
    first = (client.quota.minute, client.quota.day)
    client.accounting(tenant_id, "get_organisations")
    assert (client.quota.minute, client.quota.day) == (first[0] - 1, first[1] - 1)
    assert first == (59, 4999)


def test_minute_limit_answers_429_with_retry_after(emulator, api):
    emulator.admin("POST", "limits", per_minute=3, per_day=100, concurrent=5)
    statuses = [api("GET", "Organisation") for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    refused = statuses[-1]
    assert refused.headers["X-Rate-Limit-Problem"] == "minute"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    emulator.admin("POST", "clock", advance=61)
    assert api("GET", "Organisation").status_code == 200


def test_day_limit_answers_429_naming_the_day(emulator, api):
    emulator.admin("POST", "limits", per_minute=60, per_day=2, concurrent=5)
    api("GET", "Organisation"), api("GET", "Organisation")
    refused = api("GET", "Organisation")
    assert (refused.status_code, refused.headers["X-Rate-Limit-Problem"]) == (429, "day")
    assert int(refused.headers["Retry-After"]) > 3600


def test_limits_are_per_tenant(emulator, client, tenant_id, api):
    other = emulator.seed("empty", "Other Org")
    emulator.state.custom_tenant_id = other
    emulator.admin("POST", "limits", per_minute=1, per_day=100, concurrent=5)
    assert api("GET", "Organisation").status_code == 200
    assert api("GET", "Organisation").status_code == 429
    other_token = client.client_credentials_token()["access_token"]  # a grant for the other org
    answer = requests.get(
        emulator.url + "/api.xro/2.0/Organisation",
        timeout=10,
        headers={"Authorization": "Bearer " + other_token, "xero-tenant-id": other},
    )
    assert answer.status_code in (200, 403)  # reachable, and never refused for the first org's limit
    assert answer.status_code != 429


def test_concurrent_limit(emulator, api, tenant_id):
    emulator.admin("POST", "limits", per_minute=60, per_day=100, concurrent=2)
    emulator.admin("POST", "faults", kind="slow", seconds=0.5, count=2)
    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(api("GET", "Organisation").status_code)) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    # the two slow calls hold both slots; a third finds none free
    tenant = emulator.state.tenants[tenant_id]
    with emulator.state.activity:
        assert emulator.state.activity.wait_for(lambda: tenant.in_flight == 2, timeout=10)
    third = api("GET", "Organisation")
    for thread in threads:
        thread.join()
    assert third.status_code == 429 and third.headers["X-Rate-Limit-Problem"] == "concurrent"
    assert sorted(answers) == [200, 200]


@pytest.mark.parametrize("kind,status", [("500", 500), ("503", 503)])
def test_server_errors_become_transient_errors(emulator, client, tenant_id, kind, status):
    emulator.admin("POST", "faults", kind=kind, count=1)
    with pytest.raises(XeroTransient, match=str(status)):
        client.accounting(tenant_id, "get_organisations")
    assert client.accounting(tenant_id, "get_organisations").organisations


def test_short_retry_after_is_waited_out(emulator, client, tenant_id):
    emulator.admin("POST", "faults", kind="429", retry_after=0, limit="minute")
    assert client.accounting(tenant_id, "get_organisations").organisations
    assert [r["status"] for r in emulator.requests() if r["path"].endswith("Organisation")] == [429, 200]


def test_long_retry_after_is_handed_to_the_caller(emulator, client, tenant_id):
    emulator.admin("POST", "faults", kind="429", retry_after=3600, limit="day")
    with pytest.raises(XeroRateLimited) as raised:
        client.accounting(tenant_id, "get_organisations")
    assert (raised.value.retry_after, raised.value.problem) == (3600, "day")


def test_slow_answer_times_out_as_transient(emulator, client, tenant_id):
    client.timeout = (2, 0.3)
    emulator.admin("POST", "faults", kind="slow", seconds=1.0)
    with pytest.raises(XeroTransient, match="did not answer within the 0.3-second time-out"):
        client.accounting(tenant_id, "get_organisations")


@pytest.mark.parametrize("operation", ["create_contacts", "update_or_create_contacts"])
def test_dropped_answer_after_the_write_then_a_retry_makes_one_record(emulator, client, tenant_id, operation):
    method = "PUT" if operation == "create_contacts" else "POST"
    emulator.admin("POST", "faults", kind="drop", method=method, path="/Contacts")
    batch = Contacts(contacts=[Contact(name="Dropped Answer Ltd")])
    with pytest.raises(XeroTransient, match="dropped before its answer arrived"):
        client.accounting(tenant_id, operation, batch, idempotency_key="drop-1")
    retried = client.accounting(tenant_id, operation, batch, idempotency_key="drop-1")
    writes = [r for r in emulator.requests() if r["method"] == method and r["path"].endswith("/Contacts")]
    assert len(writes) == 2 and writes[0].get("dropped")
    found = client.accounting(tenant_id, "get_contacts", where='Name=="Dropped Answer Ltd"').contacts
    assert [c.contact_id for c in found] == [retried.contacts[0].contact_id]


def test_request_log_records_headers_the_connector_sends(emulator, client, tenant_id):
    import datetime as dt

    client.accounting(tenant_id, "get_contacts", page=1, if_modified_since=dt.datetime(2024, 5, 1, 12))
    entry = [r for r in emulator.requests() if r["path"].endswith("/Contacts")][-1]
    assert entry["if_modified_since"] == "2024-05-01T12:00:00"
    assert entry["tenant"] == tenant_id


def test_a_test_can_wait_for_a_request_to_arrive(emulator, client, tenant_id):
    reader = threading.Thread(target=client.accounting, args=(tenant_id, "get_contacts"), kwargs={"page": 2})
    reader.start()
    assert emulator.admin("POST", "requests/wait", method="GET", path="/Contacts", query="page=2", timeout=10)["ok"]
    reader.join()
    answer = requests.post(
        emulator.url + "/_emulator/requests/wait",
        timeout=10,
        json={"path": "/Contacts", "query": "page=3", "timeout": 0.2},
    )
    assert answer.status_code == 408


def test_an_answer_cut_short_is_a_transient_error_not_a_crash(emulator, client, tenant_id):
    emulator.admin("POST", "faults", kind="truncated", path="/Contacts", method="GET")
    with pytest.raises(XeroTransient, match="could not be read"):
        client.accounting_json(tenant_id, "get_contacts", page=1)
    assert client.accounting_json(tenant_id, "get_contacts", page=1)["Contacts"], "the next answer is whole"

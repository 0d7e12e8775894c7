"""The emulator signs webhook deliveries as Xero does and performs the handshake."""

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from xero_python.accounting import Contact, Contacts

KEY = "webhook-key-for-tests"


class Receiver:
    """A minimal webhook receiver that checks signatures like the connector must."""

    def __init__(self):
        self.deliveries = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = base64.b64encode(hmac.new(KEY.encode(), body, hashlib.sha256).digest()).decode()
                valid = hmac.compare_digest(expected, self.headers.get("x-xero-signature", ""))
                with receiver.arrived:
                    receiver.deliveries.append((valid, json.loads(body)))
                    receiver.arrived.notify_all()
                self.send_response(200 if valid else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/xero/webhook" % self.server.server_port
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()


@pytest.fixture
def receiver():
    served = Receiver()
    yield served
    served.server.shutdown()
    served.server.server_close()


def test_intent_to_receive_sends_good_and_bad_signatures(emulator, tenant_id, receiver):
    emulator.admin("POST", "tenants/%s/webhook" % tenant_id, url=receiver.url, key=KEY)
    result = emulator.admin("POST", "tenants/%s/webhook/intent" % tenant_id)
    assert result == {"correctly_signed": 200, "incorrectly_signed": 401, "ok": True}
    assert [(valid, body["events"]) for valid, body in receiver.deliveries] == [(True, []), (False, [])]


def test_changes_are_delivered_as_signed_events(emulator, client, tenant_id, receiver):
    emulator.admin("POST", "tenants/%s/webhook" % tenant_id, url=receiver.url, key=KEY)
    created = client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Hooked Ltd")]))
    contact_id = created.contacts[0].contact_id
    client.accounting(
        tenant_id, "update_contact", contact_id, Contacts(contacts=[Contact(email_address="a@hooked.example")])
    )
    result = emulator.admin("POST", "tenants/%s/webhook/deliver" % tenant_id)
    assert (result["delivered"], result["status"]) == (2, 200)
    valid, body = receiver.deliveries[-1]
    assert valid
    assert [(e["eventCategory"], e["eventType"], e["resourceId"]) for e in body["events"]] == [
        ("CONTACT", "CREATE", str(contact_id)),
        ("CONTACT", "UPDATE", str(contact_id)),
    ]
    assert body["events"][0]["tenantId"] == tenant_id


def test_automatic_delivery_sends_changes_without_being_asked(emulator, client, tenant_id, receiver):
    emulator.admin("POST", "tenants/%s/webhook" % tenant_id, url=receiver.url, key=KEY, auto=True)
    created = client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Auto Ltd")]))
    with receiver.arrived:
        assert receiver.arrived.wait_for(lambda: receiver.deliveries, timeout=10)
    valid, body = receiver.deliveries[0]
    assert valid and [e["resourceId"] for e in body["events"]] == [str(created.contacts[0].contact_id)]


def test_a_refused_delivery_is_retried_for_a_day_then_the_webhook_is_disabled(emulator, client, tenant_id):
    # nobody listens on the receiver's address: every delivery is refused
    closed = Receiver()
    url = closed.url
    closed.server.shutdown()
    closed.server.server_close()
    emulator.admin("POST", "tenants/%s/webhook" % tenant_id, url=url, key=KEY)
    client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Unheard Ltd")]))
    first = emulator.admin("POST", "tenants/%s/webhook/deliver" % tenant_id)
    assert (first["delivered"], first["status"], first["disabled"]) == (0, None, False), "refused, kept"
    emulator.admin("POST", "clock", advance=23 * 3600)
    assert emulator.admin("POST", "tenants/%s/webhook/deliver" % tenant_id)["disabled"] is False
    assert emulator.admin("GET", "tenants/%s/webhook" % tenant_id)["queued"] == 1, "still owed"
    emulator.admin("POST", "clock", advance=3600)
    assert emulator.admin("POST", "tenants/%s/webhook/deliver" % tenant_id)["disabled"] is True
    emulator.admin("POST", "tenants/%s/ui/Contacts" % tenant_id, Contacts=[{"Name": "Later Ltd"}])
    assert emulator.admin("GET", "tenants/%s/webhook" % tenant_id) == {"url": url, "disabled": True, "queued": 0}


def test_the_automatic_sender_survives_a_refused_connection(emulator, client, tenant_id, receiver):
    closed = Receiver()
    url = closed.url
    closed.server.shutdown()
    closed.server.server_close()
    emulator.admin("POST", "tenants/%s/webhook" % tenant_id, url=url, key=KEY, auto=True)
    client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Refused Ltd")]))
    emulator.admin("POST", "requests/wait", path="/Contacts", processed=True)
    # re-enabled with a listening receiver: the same sender thread delivers
    emulator.admin("POST", "tenants/%s/webhook" % tenant_id, url=receiver.url, key=KEY, auto=True)
    created = client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Heard Ltd")]))
    with receiver.arrived:
        assert receiver.arrived.wait_for(lambda: receiver.deliveries, timeout=10)
    assert receiver.deliveries[0][1]["events"][0]["resourceId"] == str(created.contacts[0].contact_id)

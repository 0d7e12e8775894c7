"""Outgoing webhooks: Xero signs each delivery with HMAC-SHA256 of the raw body under
the webhook key, and checks a new receiver with an intent-to-receive handshake (one
correctly and one wrongly signed delivery with no events: 200 and 401 expected)."""

import base64
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request

# Xero retries a failing delivery with decreasing frequency for up to 24 hours, then
# disables the webhook (developer.xero.com/documentation/guides/webhooks/configuring-your-server)
RETRY_HOURS = 24
CATEGORIES = {"Contacts": "CONTACT", "Invoices": "INVOICE", "CreditNotes": "CREDITNOTE"}
RESOURCE_KEYS = {"Contacts": "ContactID", "Invoices": "InvoiceID", "CreditNotes": "CreditNoteID"}


def sign(key, body):
    digest = hmac.new(key.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def record_event(state, tenant, collection, record, created):
    if collection not in CATEGORIES or not tenant.webhook_url or tenant.webhook_disabled:
        return
    resource_id = record[RESOURCE_KEYS[collection]]
    event = {
        "resourceUrl": "https://api.xero.com/api.xro/2.0/%s/%s" % (collection, resource_id),
        "resourceId": resource_id,
        "eventDateUtc": state.clock.now().isoformat(timespec="milliseconds"),
        "eventType": "CREATE" if created else "UPDATE",
        "eventCategory": CATEGORIES[collection],
        "tenantId": tenant.tenant_id,
        "tenantType": "ORGANISATION",
    }
    if collection == "CreditNotes":
        # credit note events say which kind and status (xero-webhooks.yaml); supplier
        # credits and bills raise events as sales documents do
        event["data"] = {"Type": record.get("Type"), "Status": record.get("Status")}
    tenant.pending_events.append(event)


def _payload(events, first_sequence):
    return json.dumps(
        {
            "events": events,
            "firstEventSequence": first_sequence,
            "lastEventSequence": first_sequence + max(len(events) - 1, 0),
            "entropy": secrets.token_hex(10).upper(),
        }
    ).encode()


def post(url, key, body, timeout=10):
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", "x-xero-signature": sign(key, body)}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None  # refused or timed out: a failed delivery, retried like any other


def deliver(url, key, events, sequence=1):
    """Send queued events in one signed delivery; returns the receiver's status."""
    return post(url, key, _payload(events, sequence))


def intent_to_receive(url, key):
    """Xero's handshake: the receiver must accept the good signature and refuse the bad."""
    good = post(url, key, _payload([], 1))
    bad = post(url, key + "-wrong", _payload([], 1))
    return {"correctly_signed": good, "incorrectly_signed": bad, "ok": good == 200 and bad == 401}

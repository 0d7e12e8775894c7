import base64
import datetime as dt
import hashlib
import hmac
import json
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.xero_connector.controllers.main import WEBHOOK_MAX_BODY
from odoo.addons.xero_connector.engine import SyncRun, schedule
from odoo.addons.xero_connector.odoo_series import requests_from_outside

from .common import XeroHttpCase

KEY = "test-webhook-key-0123456789"


def sign(key, body):
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


@tagged("post_install", "-at_install")
class TestWebhook(XeroHttpCase):
    def setUp(self):
        super().setUp()
        self.connection = self.make_connection("custom", webhook_key=KEY)
        self.connection.action_connect()
        self.url = self.base_url() + "/xero/webhook"

    def post(self, payload, key=KEY):
        body = json.dumps(payload).encode()
        return self.post_body(body, sign(key, body))

    def post_body(self, body, signature, content_type="application/json"):
        headers = {"x-xero-signature": signature}
        if content_type:
            headers["Content-Type"] = content_type
        return self.url_open(self.url, data=body, headers=headers)

    def event(self, resource_id, category="CONTACT", date=None):
        date = date or fields.Datetime.now()
        return {
            "events": [
                {
                    "resourceId": resource_id,
                    "eventCategory": category,
                    "eventType": "UPDATE",
                    "tenantId": self.tenant_id,
                    "tenantType": "ORGANISATION",
                    "eventDateUtc": date.isoformat(timespec="milliseconds"),
                }
            ],
            "firstEventSequence": 1,
            "lastEventSequence": 1,
            "entropy": "ABC",
        }

    def queue(self):
        return self.env["xero.sync.queue"].search([("connection_id", "=", self.connection.id)])

    def test_intent_to_receive_handshake_from_xero(self):
        self.emulator_admin("POST", "tenants/%s/webhook" % self.tenant_id, url=self.url, key=KEY)
        with requests_from_outside(self):
            result = self.emulator_admin("POST", "tenants/%s/webhook/intent" % self.tenant_id)
        self.assertEqual(result, {"correctly_signed": 200, "incorrectly_signed": 401, "ok": True})

    def test_signed_event_queues_the_record_and_the_sync_fetches_exactly_it(self):
        (contact,) = self.xero_contact("City Limousines")
        self.assertFalse(schedule.webhooks_healthy(self.connection))
        response = self.post(self.event(contact["ContactID"]))
        self.assertEqual((response.status_code, response.content), (200, b""))
        self.assertEqual(self.queue().mapped("xero_id"), [contact["ContactID"]])
        self.connection.invalidate_recordset(["webhook_last_date"])
        self.assertTrue(schedule.webhooks_healthy(self.connection), "a delivery tells the schedule webhooks work")
        SyncRun(self.connection).fetch_queued()
        fetch = [r for r in self.emulator_requests(method="GET") if r["path"].endswith("/Contacts")][-1]
        self.assertIn("IDs=" + contact["ContactID"], fetch["query"])
        self.assertTrue(self.env["res.partner"].search([("name", "=", "City Limousines")]))
        self.assertFalse(self.queue())

    def test_invoice_and_credit_note_events_fetch_those_documents(self):
        self.connection._xero_sync()
        invoice = [
            i
            for i in self.emulator_admin("GET", "tenants/%s/Invoices" % self.tenant_id)["Invoices"]
            if i["Status"] == "DRAFT"
        ][0]
        credit = self.emulator_admin("GET", "tenants/%s/CreditNotes" % self.tenant_id)["CreditNotes"][0]
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Invoices" % self.tenant_id,
            Invoices=[{"InvoiceID": invoice["InvoiceID"], "Reference": "Changed in Xero"}],
        )
        self.post(self.event(invoice["InvoiceID"], "INVOICE"))
        self.post(self.event(credit["CreditNoteID"], "CREDITNOTE"))
        self.emulator_admin("DELETE", "requests")
        SyncRun(self.connection).fetch_queued()
        reads = [r["path"] for r in self.emulator_requests(method="GET")]
        self.assertIn("/api.xro/2.0/CreditNotes/%s" % credit["CreditNoteID"], reads)
        transaction = self.env["xero.sales.transaction"].search([("xero_id", "=", invoice["InvoiceID"])])
        self.assertEqual(transaction.reference, "Changed in Xero")
        self.assertFalse(self.queue())

    def test_a_routine_run_does_not_fetch_again_what_its_pull_just_read(self):
        (contact,) = self.xero_contact("City Limousines")
        self.post(self.event(contact["ContactID"]))
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        reads = [r for r in self.emulator_requests(method="GET") if r["path"].endswith("/Contacts")]
        self.assertEqual(len(reads), 1, "the pull covered the queued record")
        self.assertNotIn("IDs=", reads[0]["query"])
        self.assertFalse(self.queue())
        self.assertTrue(self.env["res.partner"].search([("name", "=", "City Limousines")]))

    def test_forged_signature_is_refused_and_queues_nothing(self):
        response = self.post(self.event("b3bd1c2e-0000-0000-0000-000000000000"), key="not-the-key")
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.queue())

    def test_replayed_delivery_changes_nothing(self):
        (contact,) = self.xero_contact("City Limousines")
        self.post(self.event(contact["ContactID"]))
        SyncRun(self.connection).fetch_queued()
        partner = self.env["res.partner"].search([("name", "=", "City Limousines")])
        written = partner.write_date
        self.post(self.event(contact["ContactID"]))
        SyncRun(self.connection).fetch_queued()
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "City Limousines")]), 1)
        partner.invalidate_recordset()
        self.assertEqual(partner.write_date, written)

    # -- what the route refuses or ignores ---------------------------------------------------
    def contact_id(self, name="City Limousines"):
        return self.xero_contact(name)[0]["ContactID"]

    def oversized_body(self):
        """A correctly signed delivery padded past the limit."""
        payload = self.event(self.contact_id())
        payload["entropy"] = "A" * WEBHOOK_MAX_BODY
        body = json.dumps(payload).encode()
        return body, sign(KEY, body)

    def key_digests(self, digests, key=KEY):
        return len([call for call in digests.call_args_list if call.args[:1] == (key.encode(),)])

    def test_a_body_over_the_limit_is_refused_before_any_signature_check(self):
        body, signature = self.oversized_body()
        # a typed body is refused as Odoo parses it, an untyped one by the route itself
        for content_type in ("application/json", None):
            with self.subTest(content_type=content_type):
                with patch.object(hmac, "new", wraps=hmac.new) as digests:
                    response = self.post_body(body, signature, content_type)
                self.assertEqual(response.status_code, 413)
                self.assertEqual(self.key_digests(digests), 0)
        self.assertFalse(self.queue())

    def test_a_body_sent_without_its_length_is_refused_before_any_signature_check(self):
        body = json.dumps(self.event(self.contact_id())).encode()
        signature = sign(KEY, body)
        with patch.object(hmac, "new", wraps=hmac.new) as digests:
            # requests sends a generator chunked, with no Content-Length
            response = self.post_body(iter([body[:100], body[100:]]), signature)
        self.assertEqual((response.status_code, response.content), (411, b""))
        self.assertEqual(self.key_digests(digests), 0)
        self.assertFalse(self.queue())

    def test_any_bad_signature_header_is_refused_with_401(self):
        body = json.dumps(self.event(self.contact_id())).encode()
        for signature in ("", "not base64 at all", "é" * 44, "ключ".encode(), sign(KEY, body) + "é"):
            with self.subTest(signature=signature):
                response = self.post_body(body, signature)
                self.assertEqual((response.status_code, response.content), (401, b""))
        self.assertFalse(self.queue())

    def test_a_key_shared_by_two_organisations_is_checked_once_and_queues_for_each(self):
        # one Xero app, two organisations: one webhook, one key, deliveries for both
        company = self.env["res.company"].create({"name": "Second Company"})
        tenant = self.emulator_admin("POST", "seed", seed="demo", name="Second Org")["tenant_id"]
        self.emulator_admin("POST", "custom-connection", tenant_id=tenant)
        second = self.make_connection("custom", company=company, client_id="second-app", webhook_key=KEY)
        second.action_connect()
        other_contact = self.emulator_admin("GET", "tenants/%s/Contacts" % tenant)["Contacts"][0]["ContactID"]
        payload = self.event(self.contact_id())
        payload["events"].append(dict(payload["events"][0], tenantId=tenant, resourceId=other_contact))
        body = json.dumps(payload).encode()
        signature = sign(KEY, body)
        with patch.object(hmac, "new", wraps=hmac.new) as digests:
            response = self.post_body(body, signature)
        self.assertEqual((response.status_code, response.content), (200, b""))
        self.assertEqual(self.key_digests(digests), 1, "the shared key is hashed once, not once per connection")
        self.assertEqual(self.queue().mapped("xero_id"), [self.contact_id()])
        Queue = self.env["xero.sync.queue"]
        self.assertEqual(Queue.search([("connection_id", "=", second.id)]).mapped("xero_id"), [other_contact])

    def test_the_same_delivery_again_queues_nothing_and_is_no_sign_of_health(self):
        # Xero retrying a delivery it thinks failed, or someone posting a captured one
        body = json.dumps(self.event(self.contact_id())).encode()
        signature = sign(KEY, body)
        self.assertEqual(self.post_body(body, signature).status_code, 200)
        SyncRun(self.connection).fetch_queued()
        self.assertFalse(self.queue())
        long_ago = fields.Datetime.now() - dt.timedelta(days=8)
        self.connection.webhook_last_date = long_ago
        response = self.post_body(body, signature)
        self.assertEqual((response.status_code, response.content), (200, b""), "Xero must stop retrying")
        self.assertFalse(self.queue(), "nothing to fetch again")
        self.connection.invalidate_recordset(["webhook_last_date"])
        self.assertEqual(self.connection.webhook_last_date, long_ago)
        self.assertFalse(schedule.webhooks_healthy(self.connection))

    def test_the_same_address_check_again_is_no_sign_of_health(self):
        check = json.dumps({"events": [], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "X1"}).encode()
        self.assertEqual(self.post_body(check, sign(KEY, check)).status_code, 200)
        self.connection.invalidate_recordset(["webhook_last_date"])
        self.assertTrue(schedule.webhooks_healthy(self.connection), "Xero checking the address counts")
        self.connection.webhook_last_date = fields.Datetime.now() - dt.timedelta(days=8)
        self.assertEqual(self.post_body(check, sign(KEY, check)).status_code, 200)
        self.connection.invalidate_recordset(["webhook_last_date"])
        self.assertFalse(schedule.webhooks_healthy(self.connection))

    def test_a_delivery_of_events_older_than_xeros_retries_is_no_sign_of_health(self):
        # Xero gives up retrying after 24 hours: events two days old are someone's replay
        old = fields.Datetime.now() - dt.timedelta(days=2)
        response = self.post(self.event(self.contact_id(), date=old))
        self.assertEqual((response.status_code, response.content), (200, b""))
        self.connection.invalidate_recordset(["webhook_last_date"])
        self.assertFalse(schedule.webhooks_healthy(self.connection))
        self.assertFalse(self.queue(), "the routine reads brought those changes long ago")

    def test_deliveries_are_forgotten_once_their_date_refuses_them_address_checks_never(self):
        Delivery = self.env["xero.webhook.delivery"]
        self.post(self.event(self.contact_id()))
        check = json.dumps({"events": [], "entropy": "X2"}).encode()
        self.post_body(check, sign(KEY, check))
        taken = Delivery.search([("connection_id", "=", self.connection.id)])
        self.assertEqual(len(taken), 2)
        taken.write({"received": fields.Datetime.now() - dt.timedelta(days=3)})
        Delivery._gc_xero_webhook_deliveries()
        remembered = Delivery.search([("connection_id", "=", self.connection.id)])
        self.assertEqual(remembered.mapped("checks_address"), [True], "an address check has no date to refuse it by")

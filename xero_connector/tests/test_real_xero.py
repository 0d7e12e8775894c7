"""Xero as it is in 2026 (docs/xero-fidelity.md): granular scopes, a scope missing for
one entity, Starter-tier budgets and what an idle organisation costs, supplier credits
named by webhooks, and Xero's real refusals of contact updates."""

import datetime as dt

from odoo import fields
from odoo.tests import tagged

from odoo.addons.xero_connector.engine import SyncRun, schedule

from .common import SyncCase

SIMULATED_DAY_RUNS = 24 * 12  # the routine sync every five minutes


@tagged("post_install", "-at_install")
class TestScopes(SyncCase):
    def oauth_connection(self, **values):
        self.connection.unlink()
        return self.make_connection("oauth", contacts_only=False, **values)

    def test_a_new_app_connects_asking_for_granular_scopes(self):
        self.emulator_admin("POST", "apps", client_id="odoo-test-app", granular_only=True)
        connection = self.oauth_connection()
        asked = connection._xero_requested_scopes()
        self.assertEqual(asked, "offline_access accounting.invoices accounting.contacts accounting.settings.read")
        self.complete_oauth(connection)
        self.assertEqual(connection.state, "connected")
        connection._xero_sync()
        self.assertEqual(connection.state, "connected")
        self.assertFalse(connection.scope_problem)
        self.assertTrue(
            self.env["xero.sales.transaction"].search([("connection_id", "=", connection.id)]),
            "invoices read with accounting.invoices",
        )

    def test_a_connection_that_only_imports_asks_for_read_only_scopes(self):
        connection = self.oauth_connection(
            customers_direction="import", products_direction="import", documents_direction="import"
        )
        self.assertEqual(
            connection._xero_requested_scopes(),
            "offline_access accounting.invoices.read accounting.contacts.read accounting.settings.read",
        )
        connection.scope_set = "broad"
        self.assertIn("accounting.transactions.read", connection._xero_requested_scopes())

    def test_a_scope_missing_for_one_entity_stops_that_entity_alone(self):
        """A custom connection bought without the invoices scope: Xero answers 401
        AuthorizationUnsuccessful on invoices; customers and products still sync."""
        self.emulator_admin("POST", "apps", client_id="scoped-app", scopes="accounting.contacts accounting.settings")
        self.connection.unlink()
        connection = self.make_connection("custom", client_id="scoped-app")
        connection.action_connect()
        self.assertTrue(connection._xero_sync(), "the run goes to the end")
        self.assertEqual(connection.state, "connected", "not a dead connection")
        self.assertIn("lacks the scope accounting.invoices.read", connection.scope_problem)
        self.assertTrue(
            self.env["xero.sync.link"].search([("connection_id", "=", connection.id), ("entity", "=", "contact")]),
            "customers synced",
        )
        self.assertTrue(
            self.env["xero.sync.link"].search([("connection_id", "=", connection.id), ("entity", "=", "item")]),
            "products synced",
        )
        refused = self.env["xero.sync.log"].search(
            [("connection_id", "=", connection.id), ("entity", "=", "invoice"), ("outcome", "=", "failed")]
        )
        self.assertIn("Invoices", refused.message)
        self.assertEqual(
            {r["status"] for r in self.emulator_requests() if r["path"].endswith("/Invoices")},
            {401},
            "refused by Xero, and not retried with a refreshed token",
        )


@tagged("post_install", "-at_install")
class TestDailyBudget(SyncCase):
    def setUp(self):
        super().setUp()
        self.connection._xero_sync()  # the first read of everything

    def test_the_starter_tier_is_learnt_from_xeros_headers_and_the_reserve_sized_from_it(self):
        self.emulator_admin("POST", "limits", per_minute=60, per_day=1000, concurrent=5, app_per_minute=10000)
        self.connection.api_day_limit = 0
        self.connection._xero_sync()
        self.assertEqual(self.connection.api_day_limit, 1000)
        self.assertEqual(schedule.day_reserve(self.connection), 100)
        self.connection.invalidate_recordset(["api_daily_limit"])
        self.assertEqual(self.connection.api_daily_limit, 1000, "the dashboard shows the limit Xero gives")
        self.connection.daily_api_reserve = 250
        self.assertEqual(schedule.day_reserve(self.connection), 250, "a reserve set by hand wins")

    def idle_day(self):
        """The routine sync every five minutes for a day in which nothing changes, on
        both clocks (Odoo's schedule and Xero's); returns the Accounting API calls made."""
        # Odoo's clock does not move with Xero's: a token that outlives the simulated day
        # keeps expiries (refreshed ahead of time in real life) out of the count
        self.emulator_admin("POST", "token-lifetime", seconds=3 * 86400)
        self.emulator_admin("DELETE", "requests")
        start = fields.Datetime.now()
        scheduled = self.connection.with_context(xero_scheduled=True)
        for run in range(SIMULATED_DAY_RUNS):
            scheduled.with_context(xero_now=start + dt.timedelta(minutes=5 * run))._xero_sync()
            self.emulator_admin("POST", "clock", advance=300)
            # five minutes pass for the shared rate budget too: its last minute is over
            self.env["xero.api.call"].sudo().search([]).unlink()
        return [r for r in self.emulator_requests() if r["path"].startswith("/api.xro/")]

    def test_an_idle_organisation_without_webhooks_costs_under_100_calls_a_day(self):
        calls = self.idle_day()
        self.assertLessEqual(len(calls), 100)
        self.assertGreater(len(calls), 5 * 4, "every entity is still read now and then")

    def test_with_healthy_webhooks_their_entities_are_read_only_as_a_safety_net(self):
        self.connection.write({"webhook_key": "a-webhook-key", "webhook_last_date": fields.Datetime.now()})
        calls = self.idle_day()
        contacts = [r for r in calls if r["path"].endswith("/Contacts")]
        self.assertLessEqual(len(contacts), 24 // 6 + 1, "contacts about every six hours")
        self.assertLessEqual(len(calls), 60)

    def test_a_webhook_brings_a_change_at_once_while_its_entity_waits(self):
        self.connection.write({"webhook_key": "a-webhook-key", "webhook_last_date": fields.Datetime.now()})
        scheduled = self.connection.with_context(xero_scheduled=True)
        scheduled._xero_sync()  # nothing new: contacts wait for the safety net
        self.assertGreater(
            self.connection._xero_cursor("contact").next_pull_date, fields.Datetime.now() + dt.timedelta(hours=5)
        )
        self.edit_in_xero("Bayside Club", EmailAddress="hook@bayside.example")
        self.connection._xero_queue_webhook_events(
            [
                {
                    "resourceId": self.xero_contact("Bayside Club")[0]["ContactID"],
                    "eventCategory": "CONTACT",
                    "tenantId": self.tenant_id,
                }
            ]
        )
        self.emulator_admin("DELETE", "requests")
        scheduled._xero_sync()  # the run the webhook wakes
        self.assertEqual(self.Partner.search([("name", "=", "Bayside Club")]).email, "hook@bayside.example")
        reads = self.api_requests()
        self.assertEqual(len(reads), 1, "the named contact, by id; no listing")
        self.assertIn("IDs=", reads[0]["query"])

    def test_a_change_brings_an_entity_back_to_every_run(self):
        scheduled = self.connection.with_context(xero_scheduled=True)
        scheduled._xero_sync()  # nothing new: contacts wait a while
        cursor = self.connection._xero_cursor("contact")
        self.assertTrue(cursor.next_pull_date)
        self.edit_in_xero("Bayside Club", EmailAddress="busy@bayside.example")
        scheduled.with_context(xero_now=cursor.next_pull_date)._xero_sync()
        self.assertEqual(self.Partner.search([("name", "=", "Bayside Club")]).email, "busy@bayside.example")
        self.assertFalse(cursor.next_pull_date, "read at every run again while Xero changes it")

    def test_changes_no_webhook_announced_end_the_trust_in_webhooks_and_say_so(self):
        self.connection.write({"webhook_key": "a-webhook-key", "webhook_last_date": fields.Datetime.now()})
        scheduled = self.connection.with_context(xero_scheduled=True)
        scheduled._xero_sync()  # nothing new: contacts wait for the safety net
        cursor = self.connection._xero_cursor("contact")
        # Odoo was down for a day: Xero gave up delivering, and then disabled the webhook
        self.edit_in_xero("Bayside Club", EmailAddress="unheard@bayside.example")
        scheduled.with_context(xero_now=cursor.next_pull_date)._xero_sync()  # the safety net
        self.assertEqual(self.Partner.search([("name", "=", "Bayside Club")]).email, "unheard@bayside.example")
        self.assertIn("Re-enable the webhook in your Xero app", self.connection.webhook_problem)
        self.assertFalse(schedule.webhooks_healthy(self.connection), "normal polling from now on")
        self.assertFalse(cursor.next_pull_date, "contacts are read at the next run")
        # re-enabled in the app: Xero's handshake and deliveries arrive again
        self.connection.webhook_last_date = fields.Datetime.now() + dt.timedelta(seconds=1)
        self.assertFalse(self.connection.webhook_problem)
        self.assertTrue(schedule.webhooks_healthy(self.connection))

    def test_a_change_the_safety_net_finds_soon_after_it_was_made_is_no_alarm(self):
        self.connection.write({"webhook_key": "a-webhook-key", "webhook_last_date": fields.Datetime.now()})
        self.connection.with_context(xero_scheduled=True)._xero_sync()
        self.edit_in_xero("Bayside Club", EmailAddress="fresh@bayside.example")
        self.connection._xero_sync()  # a delivery may still be on its way
        self.assertFalse(self.connection.webhook_problem)


@tagged("post_install", "-at_install")
class TestXeroRefusals(SyncCase):
    def setUp(self):
        super().setUp()
        self.connection._xero_sync()
        self.bayside = self.Partner.search([("name", "=", "Bayside Club")])

    def test_a_website_typed_in_xero_is_explained_when_an_update_is_refused(self):
        self.edit_in_xero("Bayside Club", Website="www.bayside.example")
        self.bayside.phone = "04 123 4567"
        link = self.bayside._xero_links(self.connection)
        self.connection._xero_sync()
        self.assertEqual(link.state, "error")
        self.assertIn("Website must be valid.", link.last_error)
        self.assertIn("correct it there to a full address", link.last_error)

    def test_changes_to_a_customer_archived_on_both_sides_are_not_sent(self):
        self.bayside.active = False
        self.connection._xero_sync()  # archived in Xero as well
        link = self.bayside._xero_links(self.connection)
        self.assertEqual((link.state, self.xero_contact("Bayside Club")[0]["ContactStatus"]), ("synced", "ARCHIVED"))
        self.bayside.phone = "04 765 4321"
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertEqual(link.state, "error")
        self.assertIn("archived in Xero", link.last_error)
        self.assertFalse(self.emulator_writes("/Contacts"), "nothing sent for Xero to refuse")
        self.bayside.active = True  # restored in Odoo: the restore goes, with the change
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["ContactStatus"], "ACTIVE")

    def test_a_supplier_credit_named_by_a_webhook_stays_out_of_sales_reporting(self):
        supplier = self.xero_contact("Bayside Club")[0]["ContactID"]
        returned_stock = {"Description": "Returned stock", "Quantity": 1, "UnitAmount": 40, "AccountCode": "300"}
        made = self.in_xero_ui(
            "CreditNotes",
            {
                "Type": "ACCPAYCREDIT",
                "Contact": {"ContactID": supplier},
                "Status": "AUTHORISED",
                "LineItems": [dict(returned_stock, TaxType="INPUT2")],
            },
        )[0]
        self.env["xero.connection"].browse(self.connection.ids)._xero_queue_webhook_events(
            [
                {
                    "resourceId": made["CreditNoteID"],
                    "eventCategory": "CREDITNOTE",
                    "tenantId": self.tenant_id,
                    "data": {"Type": "ACCPAYCREDIT", "Status": "AUTHORISED"},
                }
            ]
        )
        SyncRun(self.connection).fetch_queued()
        self.assertTrue([r for r in self.emulator_requests() if made["CreditNoteID"] in r["path"]], "fetched by id")
        self.assertFalse(
            self.env["xero.sales.transaction"].search([("xero_id", "=", made["CreditNoteID"])]),
            "a supplier credit is not a sale",
        )

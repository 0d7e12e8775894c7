"""Many organisations in one database: each connection has a scheduled action of its
own that any cron worker may take, runs once at a time, is woken alone by what
concerns it, and fails alone."""

import datetime as dt
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.xero_connector.engine import SyncRun
from odoo.addons.xero_connector.models.xero_connection_sync import RUN_LOCK_NAMESPACE

from .common import XeroRealTransactionCase, XeroTransactionCase


@tagged("post_install", "-at_install")
class OrganisationsCase(XeroTransactionCase):
    def connect_organisations(self, count):
        """``count`` companies, each connected (custom connection) to an organisation of its own."""
        connections = self.env["xero.connection"]
        for number in range(count):
            company = self.env["res.company"].create({"name": "Group Company %d" % number})
            tenant = self.emulator_admin("POST", "seed", seed="demo", name="Group Org %d" % number)["tenant_id"]
            self.emulator_admin("POST", "custom-connection", tenant_id=tenant)
            connection = self.make_connection("custom", company=company, client_id="group-app-%d" % number)
            connection.action_connect()
            self.assertEqual(connection.tenant_id, tenant)
            connections |= connection
        return connections

    def imported_contacts(self, connection):
        return self.env["xero.sync.link"].search_count(
            [("connection_id", "=", connection.id), ("entity", "=", "contact")]
        )


@tagged("post_install", "-at_install")
class TestEachOrganisationAlone(OrganisationsCase):
    def test_one_organisations_unexpected_error_is_its_own(self):
        first, failing, third = self.connect_organisations(3)
        real_pull = SyncRun.pull

        def pull_that_breaks_for_one(run, entity):
            if run.connection == failing and entity.name == "item":
                raise ValueError("a customisation broke on this organisation's items")
            return real_pull(run, entity)

        with patch.object(SyncRun, "pull", pull_that_breaks_for_one):
            self.env["xero.connection"]._cron_xero_sync()
        for connection in (first, third):
            contacts = self.emulator_admin("GET", "tenants/%s/Contacts" % connection.tenant_id)["Contacts"]
            self.assertEqual(
                self.imported_contacts(connection), len(contacts), "the others still sync in the same cron run"
            )
            self.assertTrue(
                self.env["xero.sync.link"].search_count(
                    [("connection_id", "=", connection.id), ("entity", "=", "item")]
                )
            )
        self.assertEqual(
            self.imported_contacts(failing), 0, "what the failed run had not committed (its customers) is undone"
        )
        log = self.env["xero.sync.log"].search([("connection_id", "=", failing.id)], limit=1)
        self.assertEqual(log.outcome, "failed")
        self.assertIn("a customisation broke on this organisation's items", log.message)
        self.assertEqual(failing.state, "connected", "the next run tries again")
        self.assertTrue(failing.last_sync_date)

    def test_each_connection_has_its_own_scheduled_action_while_connected(self):
        first, second = self.connect_organisations(2)
        self.assertTrue(first.cron_id.active)
        self.assertNotEqual(first.cron_id, second.cron_id)
        self.assertEqual(first.cron_id.code, "model.browse(%d)._cron_xero_sync()" % first.id)
        first.sync_interval_minutes = 15
        self.assertEqual((first.cron_id.interval_number, second.cron_id.interval_number), (15, 5))
        first.action_disconnect()
        self.assertFalse(first.cron_id.active, "a disconnected organisation is not synced")
        cron = second.cron_id
        second.unlink()
        self.assertFalse(cron.exists())

    def test_a_webhook_or_an_import_wakes_only_its_own_organisation(self):
        first, second = self.connect_organisations(2)
        Trigger = self.env["ir.cron.trigger"]
        crons = first.cron_id | second.cron_id
        Trigger.search([("cron_id", "in", crons.ids)]).unlink()
        contact = self.emulator_admin("GET", "tenants/%s/Contacts" % second.tenant_id)["Contacts"][0]
        woken = (first | second)._xero_queue_webhook_events(
            [{"resourceId": contact["ContactID"], "eventCategory": "CONTACT", "tenantId": second.tenant_id}]
        )
        woken._xero_wake()
        self.assertEqual(Trigger.search([("cron_id", "in", crons.ids)]).cron_id, second.cron_id)
        first.action_xero_import()
        self.assertEqual(Trigger.search([("cron_id", "in", crons.ids)]).cron_id, crons)

    def test_the_dashboard_shows_the_next_run_of_each_connection(self):
        first, second = self.connect_organisations(2)
        first.action_xero_sync_now()
        self.assertGreaterEqual(first.next_sync_date, first.last_sync_date, "the next run comes after the last")
        later = fields.Datetime.now() + dt.timedelta(hours=1)
        second.cron_id.nextcall = later
        self.env["ir.cron.trigger"].search([("cron_id", "=", second.cron_id.id)]).unlink()
        second.invalidate_recordset(["next_sync_date"])
        self.assertEqual(second.next_sync_date, later)
        second._xero_wake()
        second.invalidate_recordset(["next_sync_date"])
        self.assertLess(second.next_sync_date, later, "woken: it runs as soon as a cron worker is free")

    def test_one_odoo_record_may_be_linked_to_several_kinds_of_xero_record(self):
        connection = self.connect_organisations(1)
        partner = self.env["res.partner"].create({"name": "Two Kinds Ltd"})
        Link = self.env["xero.sync.link"]
        Link.create(
            {"connection_id": connection.id, "entity": "contact", "res_model": "res.partner", "res_id": partner.id}
        )
        Link.create(
            {"connection_id": connection.id, "entity": "lead_invoice", "res_model": "res.partner", "res_id": partner.id}
        )
        self.assertEqual(len(partner._xero_links()), 2)
        self.assertEqual(partner._xero_links(connection).entity, "contact", "the model's own kind by default")


@tagged("post_install", "-at_install")
class TestOneRunAtATime(XeroRealTransactionCase, OrganisationsCase):
    def test_a_connection_already_running_elsewhere_is_skipped(self):
        connection_id = self.committed(lambda env: self.make_connection("custom", env=env, contacts_only=True).id)

        def cleanup(env):
            connection = env["xero.connection"].browse(connection_id)
            partner_ids = env["xero.sync.link"].search([("connection_id", "=", connection_id)]).mapped("res_id")
            connection.unlink()
            env["res.partner"].browse(partner_ids).unlink()

        self.addCleanup(self.committed, cleanup)
        self.committed(lambda env: env["xero.connection"].browse(connection_id).action_connect())
        with self.registry.cursor() as other_worker:
            other_worker.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_LOCK_NAMESPACE, connection_id])
            try:
                outcome = self.committed(lambda env: env["xero.connection"].browse(connection_id)._xero_sync_alone())
                self.assertIsNone(outcome, "another worker holds the run: this one does not start")
                self.assertFalse(self.emulator_requests(path="/api.xro/2.0/Contacts"))
            finally:
                other_worker.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK_NAMESPACE, connection_id])
        outcome = self.committed(lambda env: env["xero.connection"].browse(connection_id)._xero_sync_alone())
        self.assertTrue(outcome, "once released, the next run goes")

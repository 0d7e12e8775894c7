"""Import Xero data: a full read in the background, with progress and a summary."""

from odoo.tests import tagged

from .common import SyncCase, XeroHttpCase


@tagged("post_install", "-at_install")
class TestImport(SyncCase):
    def test_import_reads_everything_reports_progress_and_sums_up(self):
        self.env["res.partner"].create([{"name": "Marine Systems"}, {"name": "MARINE SYSTEMS"}])
        self.connection.action_xero_import()
        self.assertEqual(self.connection.import_state, "running")
        self.assertTrue(self.connection.tax_mapping_ids or not self.env["account.tax"].search([]))
        trigger = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.connection.cron_id.id)], order="id desc", limit=1
        )
        self.assertTrue(trigger, "the routine sync is woken to run it in the background")
        self.env["xero.connection"]._cron_xero_sync()
        progress = {row["entity"]: (row["done"], row["total"]) for row in self.connection.import_progress}
        contacts = len(self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"])
        self.assertEqual(progress["contact"], (contacts, contacts))
        self.assertEqual(progress["item"][0], progress["item"][1])
        self.assertEqual(self.connection.import_state, "done")
        summary = self.connection.import_summary
        self.assertIn("Customers: %d created" % (contacts - 1), summary)
        self.assertIn("1 left for review", summary)

    def test_importing_again_matches_rather_than_duplicates(self):
        self.connection.action_xero_import()
        self.env["xero.connection"]._cron_xero_sync()
        partners = self.env["res.partner"].search_count([])
        transactions = self.env["xero.sales.transaction"].search_count([])
        self.connection.action_xero_import()
        self.env["xero.connection"]._cron_xero_sync()
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["xero.sales.transaction"].search_count([]), transactions)
        self.assertIn("Customers: 0 created", self.connection.import_summary)


@tagged("post_install", "-at_install")
class TestImportTour(XeroHttpCase):
    def test_the_import_page_shows_progress_per_entity_and_the_summary(self):
        connection = self.make_connection("custom")
        connection.action_connect()
        connection.action_xero_import()
        self.env["xero.connection"]._cron_xero_sync()
        self.start_tour(
            "/odoo/action-xero_connector.action_xero_connection/%d" % connection.id,
            "xero_connector_import",
            login="admin",
            screenshot="import",
        )

    def test_the_import_page_follows_a_running_import_without_being_reloaded(self):
        connection = self.make_connection("custom")
        connection.action_connect()
        connection.action_xero_import()
        self.start_tour(
            "/odoo/action-xero_connector.action_xero_connection/%d" % connection.id,
            "xero_connector_import_live",
            login="admin",
        )
        self.assertEqual(connection.import_state, "done")

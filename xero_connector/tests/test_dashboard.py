"""The admins' dashboard: state, runs, what waits or failed, calls used today."""

from odoo.tests import tagged

from .common import SyncCase, XeroHttpCase


@tagged("post_install", "-at_install")
class TestDashboard(SyncCase):
    def test_counts_what_waits_fails_and_calls_made_today(self):
        self.connection._xero_sync()
        self.Partner.search([("name", "=", "Bayside Club")]).phone = "04 999 9999"
        broken = self.env["res.partner"].create({"name": "Broken", "email": "not-an-email"})
        broken._xero_push_now(self.connection)
        self.run_after_commit()
        self.connection.invalidate_recordset()
        self.assertEqual((self.connection.pending_count, self.connection.failed_count), (1, 1))
        logs = self.env["xero.sync.log"].search([("connection_id", "=", self.connection.id)])
        self.assertEqual(self.connection.api_calls_today, sum(logs.mapped("api_calls")))
        self.assertGreaterEqual(self.connection.errors_today, 1)
        self.assertTrue(self.connection.next_sync_date)
        failed = self.env["xero.sync.link"].search(self.connection.action_xero_open_failed()["domain"])
        self.assertEqual(failed.res_name, "Broken")
        self.assertEqual(failed.action_open_record()["res_id"], broken.id)
        failed.action_retry()
        self.assertEqual(failed.state, "pending")
        self.assertEqual(self.connection.action_xero_open_runs()["views"][0][1], "graph")

    def test_a_clicks_calls_count_today_and_its_quota_is_kept(self):
        self.connection.invalidate_recordset()
        before = self.connection.api_calls_today
        self.connection.write({"api_day_remaining": 0, "api_minute_remaining": 0})
        found = self.connection._xero_find_contacts("Bayside")  # a search, as the export wizard makes
        self.assertTrue(found)
        self.connection.invalidate_recordset()
        self.assertEqual(self.connection.api_calls_today, before + 2, "the search's two calls are counted")
        self.assertGreater(self.connection.api_day_remaining, 0, "what Xero said is left, kept")


@tagged("post_install", "-at_install")
class TestDashboardTour(XeroHttpCase):
    def test_the_dashboard_renders_with_data(self):
        connection = self.make_connection("custom")
        connection.action_connect()
        connection._xero_sync()
        self.start_tour(
            "/odoo/action-xero_connector.action_xero_dashboard",
            "xero_connector_dashboard",
            login="admin",
            screenshot="dashboard",
        )

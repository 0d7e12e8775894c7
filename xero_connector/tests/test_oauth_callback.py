import datetime
import logging

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.xero_connector.odoo_series import USER_GROUPS

from .common import XeroHttpCase


@tagged("post_install", "-at_install")
class TestOAuthCallback(XeroHttpCase):
    def _start(self):
        """The administrator clicks Connect and signs in to Xero, which sends them back."""
        connection = self.make_connection("oauth")
        callback = self.connect_oauth(connection.with_user(self.env.ref("base.user_admin")))
        self.assertTrue(callback.startswith(self.base_url() + "/xero/oauth/callback?"))
        return connection, callback

    def test_callback_connects_the_company(self):
        connection, callback = self._start()
        self.authenticate("admin", "admin")
        response = self.url_open(callback, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            "/odoo/action-xero_connector.action_xero_connection/%d" % connection.id, response.headers["Location"]
        )
        self.assertEqual(connection.state, "connected")
        self.assertEqual(connection.tenant_id, self.tenant_id)

    def test_broad_scopes_refused_to_a_new_app_are_explained_on_the_connection(self):
        """An app created from March 2026 asking for accounting.transactions: Xero sends
        the administrator back with its error, and the connection says what to change."""
        self.emulator_admin("POST", "apps", client_id="odoo-test-app", granular_only=True)
        connection = self.make_connection("oauth", scope_set="broad")
        callback = self.connect_oauth(connection.with_user(self.env.ref("base.user_admin")))
        self.assertIn("error=unauthorized_client", callback)
        self.authenticate("admin", "admin")
        response = self.url_open(callback, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(connection.state, "error")
        self.assertIn("Invalid scope for client", connection.last_error)
        self.assertIn("may not ask for accounting.transactions", connection.last_error)
        self.assertIn("Granular scopes", connection.last_error)
        self.assertFalse(self.emulator_requests(path="/connect/token"), "no code, no exchange")

    def test_reused_state_is_refused(self):
        connection, callback = self._start()
        self.authenticate("admin", "admin")
        self.url_open(callback, allow_redirects=False)
        again = self.url_open(callback, allow_redirects=False)
        self.assertEqual(again.status_code, 400)
        self.assertIn("already been used", again.text)

    def test_forged_state_is_refused_and_changes_nothing(self):
        connection, callback = self._start()
        self.authenticate("admin", "admin")
        forged = callback.replace("state=%d." % connection.id, "state=%d.forged" % connection.id)
        response = self.url_open(forged, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(connection.state, "draft")
        self.assertFalse(self.emulator_requests(path="/connect/token"))

    def test_a_sign_in_started_by_another_administrator_is_refused(self):
        """A Xero administrator who is sent someone else's callback link (or has it
        replayed to them) does not complete that person's sign-in."""
        connection, callback = self._start()
        new_test_user(self.env, "other_admin", password="other_admin_pw", groups="xero_connector.group_xero_manager")
        self.authenticate("other_admin", "other_admin_pw")
        response = self.url_open(callback, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(connection.state, "draft")
        self.assertFalse(self.emulator_requests(path="/connect/token"), "the code is never exchanged")

    def test_a_sign_in_left_for_more_than_ten_minutes_is_refused(self):
        connection, callback = self._start()
        secrets = self.env["xero.connection.token"].search([("connection_id", "=", connection.id)])
        secrets.oauth_started = fields.Datetime.now() - datetime.timedelta(minutes=11)
        self.authenticate("admin", "admin")
        response = self.url_open(callback, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(connection.state, "draft")
        self.assertFalse(self.emulator_requests(path="/connect/token"))

    def test_callback_needs_a_xero_administrator(self):
        connection, callback = self._start()
        self.env["res.users"].create(
            {
                "name": "Sales Only",
                "login": "sales_only",
                "password": "sales_only_pw",
                USER_GROUPS: [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        self.authenticate("sales_only", "sales_only_pw")
        response = self.url_open(callback, allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(connection.state, "draft")

    def test_the_callback_request_line_is_logged_without_code_or_state(self):
        """What Odoo's HTTP server logs for each request (werkzeug's request line)."""
        line = "GET /xero/oauth/callback?code=Sp3nt-Once_x&scope=accounting.contacts&state=7.abcDEF123 HTTP/1.1"
        with self.assertLogs("werkzeug", logging.INFO) as logs:  # Odoo renames level 25 "INFO"
            logging.getLogger("werkzeug").info('127.0.0.1 - - [22/Nov/2026] "%s" %s %s', line, "303", "-")
            logging.getLogger("werkzeug").info(
                '127.0.0.1 - - [22/Nov/2026] "%s" %s %s', "GET /odoo/action-1?code=kept HTTP/1.1", "200", "-"
            )
        self.assertIn("/xero/oauth/callback?code=***&scope=accounting.contacts&state=*** HTTP/1.1", logs.output[0])
        self.assertNotIn("Sp3nt-Once_x", logs.output[0])
        self.assertIn("code=kept", logs.output[1], "other requests are logged as they are")

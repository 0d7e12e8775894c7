import psycopg2

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import XeroTransactionCase


@tagged("post_install", "-at_install")
class TestConnection(XeroTransactionCase):
    def test_custom_connection_connects_to_its_organisation(self):
        connection = self.make_connection("custom")
        connection.action_connect()
        self.assertEqual(connection.state, "connected")
        self.assertEqual(connection.tenant_id, self.tenant_id)
        self.assertEqual(connection.tenant_name, "Demo Company (NZ)")
        self.assertEqual(connection.short_code, "!DeMo1")
        grants = self.emulator_requests(path="/connect/token", grant_type="client_credentials")
        self.assertEqual(len(grants), 1)

    def test_oauth_connect_sends_admin_to_xero_with_state_and_pkce(self):
        connection = self.make_connection("oauth")
        action = connection.action_connect()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("code_challenge_method=S256", action["url"])
        self.assertIn("state=%d." % connection.id, action["url"])
        self.assertIn("offline_access", action["url"])
        second = connection.action_connect()
        self.assertNotEqual(action["url"], second["url"], "each attempt gets a new state and verifier")

    def test_oauth_flow_completes_with_the_single_organisation(self):
        connection = self.make_connection("oauth")
        self.assertEqual(self.complete_oauth(connection), connection)
        self.assertEqual(connection.state, "connected")
        self.assertEqual(connection.tenant_id, self.tenant_id)
        self.assertTrue(connection.xero_connection_id)

    def test_several_organisations_are_offered_for_choice(self):
        second = self.emulator_admin("POST", "seed", seed="empty", name="Second Org Ltd")["tenant_id"]
        connection = self.make_connection("oauth")
        self.complete_oauth(connection)
        self.assertEqual(connection.state, "draft")
        self.assertEqual(set(connection.tenant_option_ids.mapped("name")), {"Demo Company (NZ)", "Second Org Ltd"})
        connection.tenant_option_ids.filtered(lambda o: o.tenant_id == second).action_xero_select()
        self.assertEqual(connection.state, "connected")
        self.assertEqual(connection.tenant_name, "Second Org Ltd")
        self.assertFalse(connection.tenant_option_ids)

    def test_identity_outage_shows_the_error_on_the_connection(self):
        connection = self.make_connection("custom")
        self.emulator_admin("POST", "faults", kind="500", path="/connect/token")
        connection.action_connect()
        self.assertEqual(connection.state, "error")
        self.assertIn("HTTP 500", connection.last_error)

    def test_connect_without_credentials_says_what_is_missing(self):
        connection = self.make_connection("custom", client_secret=False)
        with self.assertRaisesRegex(UserError, "Client ID and Client secret"):
            connection.action_connect()

    def test_disconnect_revokes_and_forgets_tokens(self):
        connection = self.make_connection("oauth")
        self.complete_oauth(connection)
        connection.action_disconnect()
        self.assertEqual(connection.state, "disconnected")
        grants = self.emulator_admin("GET", "grants")["grants"]
        self.assertEqual([g["revoked"] for g in grants], [True])
        self.assertEqual([g["tenant_ids"] for g in grants], [[]], "the Xero connection was deleted")
        self.assertEqual(len(self.emulator_requests(path="/connect/revocation")), 1)
        secrets = connection._xero_secrets()
        self.assertFalse(secrets.access_token or secrets.refresh_token)

    def test_one_connection_per_company(self):
        self.make_connection("custom")
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"):
            with self.cr.savepoint():
                self.make_connection("custom")

    def test_reconnect_after_disconnect(self):
        connection = self.make_connection("custom")
        connection.action_connect()
        connection.action_disconnect()
        connection.action_reconnect()
        self.assertEqual(connection.state, "connected")

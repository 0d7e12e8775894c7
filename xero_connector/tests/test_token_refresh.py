import threading
import time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import XeroRealTransactionCase, XeroTransactionCase


@tagged("post_install", "-at_install")
class TestTokenRefresh(XeroTransactionCase):
    def _connected_oauth(self):
        connection = self.make_connection("oauth")
        self.complete_oauth(connection)
        self.assertEqual(connection.state, "connected")
        return connection

    def _expire_locally(self, connection):
        connection._xero_secrets().write({"expires_at": time.time() - 1})

    def test_expired_token_is_refreshed_and_rotated_before_the_call(self):
        connection = self._connected_oauth()
        before = connection._xero_secrets().refresh_token
        self._expire_locally(connection)
        organisation = connection._xero_client().accounting(connection.tenant_id, "get_organisations")
        self.assertEqual(organisation.organisations[0].name, "Demo Company (NZ)")
        secrets = connection._xero_secrets()
        self.assertNotEqual(secrets.refresh_token, before, "the rotated refresh token is stored")
        self.assertGreater(secrets.expires_at, time.time() + 1000)
        self.assertEqual(len(self.emulator_requests(path="/connect/token", grant_type="refresh_token")), 1)

    def test_token_refused_by_xero_is_refreshed_once_and_the_call_retried(self):
        connection = self._connected_oauth()
        # Xero's clock says the token has expired although ours does not yet
        self.emulator_admin("POST", "clock", advance=1900)
        contacts = connection._xero_client().accounting(connection.tenant_id, "get_contacts", page=1)
        self.assertTrue(contacts.contacts)
        self.assertEqual(len(self.emulator_requests(path="/connect/token", grant_type="refresh_token")), 1)

    def test_custom_connection_fetches_a_new_token_when_expired(self):
        connection = self.make_connection("custom")
        connection.action_connect()
        self._expire_locally(connection)
        connection._xero_client().accounting(connection.tenant_id, "get_organisations")
        self.assertEqual(len(self.emulator_requests(path="/connect/token", grant_type="client_credentials")), 2)

    def test_invalid_grant_disconnects_with_instructions(self):
        connection = self._connected_oauth()
        connection._xero_client().revoke(connection._xero_secrets().refresh_token)
        self._expire_locally(connection)
        # not assertRaises: it would roll back to a savepoint, and the point is that the
        # disconnection is committed apart from the failing caller's transaction
        try:
            connection._xero_client().accounting(connection.tenant_id, "get_organisations")
            self.fail("an unusable refresh token must stop the call")
        except UserError as error:
            self.assertIn("Reconnect", str(error))
        connection.invalidate_recordset()
        self.assertEqual(connection.state, "disconnected")
        self.assertIn("Reconnect", connection.last_error)
        self.assertFalse(connection._xero_secrets().refresh_token)


@tagged("post_install", "-at_install")
class TestConcurrentRefreshInRealTransactions(XeroRealTransactionCase):
    def test_two_workers_refreshing_at_once_spend_the_refresh_token_once(self):
        def connect(env):
            connection = self.only_connection(env, "oauth")
            connection._xero_secrets().write({"expires_at": time.time() - 1})
            return connection.id

        connection_id = self.committed(connect)
        self.addCleanup(self.committed, lambda env: env["xero.connection"].browse(connection_id).unlink())
        barrier = threading.Barrier(2)
        results = []

        def worker():
            with self.registry.cursor() as cr:
                connection = self.env(cr=cr)["xero.connection"].browse(connection_id)
                connection._xero_secrets().read(["expires_at"])  # both start from the stale token
                barrier.wait(timeout=10)
                results.append(connection._xero_token()["access_token"])

        self.assertEqual(self.run_concurrently(worker), [])
        self.assertEqual(len(results), 2)
        self.assertEqual(len(set(results)), 1, "both workers use the same new token")
        self.assertEqual(len(self.emulator_requests(path="/connect/token", grant_type="refresh_token")), 1)
        state = self.committed(lambda env: env["xero.connection"].browse(connection_id).state)
        self.assertEqual(state, "connected")

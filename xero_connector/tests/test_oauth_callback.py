from .common import XeroHttpCase


class TestOAuthCallback(XeroHttpCase):

    def _start(self):
        connection = self.make_connection("oauth")
        callback = self.connect_oauth(connection)
        self.assertTrue(callback.startswith(self.base_url() + "/xero/oauth/callback?"))
        return connection, callback

    def test_callback_connects_the_company(self):
        connection, callback = self._start()
        self.authenticate("admin", "admin")
        response = self.url_open(callback, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/odoo/action-xero_connector.action_xero_connection/%d" % connection.id,
                      response.headers["Location"])
        self.assertEqual(connection.state, "connected")
        self.assertEqual(connection.tenant_id, self.tenant_id)

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

    def test_callback_needs_a_xero_administrator(self):
        connection, callback = self._start()
        self.env["res.users"].create({
            "name": "Sales Only", "login": "sales_only", "password": "sales_only_pw",
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])]})
        self.authenticate("sales_only", "sales_only_pw")
        response = self.url_open(callback, allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(connection.state, "draft")

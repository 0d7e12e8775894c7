import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_path

from .common import XeroHttpCase, XeroTransactionCase


@tagged("post_install", "-at_install")
class TestSecurity(XeroTransactionCase):
    def setUp(self):
        super().setUp()
        self.connection = self.make_connection("custom")
        self.connection.action_connect()
        self.salesperson = new_test_user(self.env, "xero_sales", groups="sales_team.group_sale_salesman")
        self.xero_admin = new_test_user(
            self.env, "xero_admin", groups="sales_team.group_sale_salesman,xero_connector.group_xero_manager"
        )

    def test_salesperson_sees_the_connection_state_but_no_secret(self):
        as_sales = self.connection.with_user(self.salesperson)
        self.assertEqual(as_sales.state, "connected")
        with self.assertRaises(AccessError):
            as_sales.read(["client_secret"])
        with self.assertRaises(AccessError):
            as_sales.write({"client_secret": "stolen"})

    def test_salesperson_cannot_read_the_webhook_key(self):
        with self.assertRaises(AccessError):
            self.connection.with_user(self.salesperson).read(["webhook_key"])

    def test_salesperson_cannot_read_tokens(self):
        Token = self.env["xero.connection.token"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            Token.search([]).read(["access_token"])

    def test_xero_administrator_sets_the_secret_but_cannot_read_tokens(self):
        self.connection.with_user(self.xero_admin).write({"client_secret": "rotated"})
        Token = self.env["xero.connection.token"].with_user(self.xero_admin)
        with self.assertRaises(AccessError):
            Token.search([]).read(["refresh_token"])

    def test_salesperson_cannot_connect_or_disconnect(self):
        with self.assertRaises(AccessError):
            self.connection.with_user(self.salesperson).action_disconnect()

    def test_connection_of_another_company_is_invisible(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.make_connection("custom", company=other)
        visible = self.env["xero.connection"].with_user(self.xero_admin).search([])
        self.assertEqual(visible, self.connection)

    def test_neutralized_database_keeps_no_secret_and_is_disconnected(self):
        path = file_path("xero_connector/data/neutralize.sql")
        with open(path, encoding="utf-8") as handle:
            self.env.flush_all()
            self.env.cr.execute(handle.read())
        self.env.invalidate_all()
        self.assertFalse(self.env["xero.connection.token"].search([]))
        self.assertEqual(self.connection.state, "disconnected")
        self.assertFalse(self.connection.client_secret)


@tagged("post_install", "-at_install")
class TestSecretsOverJsonRpc(XeroHttpCase):
    """What the web client (or any JSON-RPC caller) can ask for, as a salesperson."""

    def setUp(self):
        super().setUp()
        self.connection = self.make_connection("custom", webhook_key="rpc-webhook-key-0123456789")
        self.connection.action_connect()
        new_test_user(self.env, "rpc_sales", password="rpc_sales_pw", groups="sales_team.group_sale_salesman")
        self.authenticate("rpc_sales", "rpc_sales_pw")

    def call(self, model, method, *args, **kwargs):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_secrets_tokens_and_the_webhook_key_are_refused(self):
        for fields in (["client_secret"], ["webhook_key"], ["client_id"]):
            answer = self.call("xero.connection", "read", [self.connection.id], fields)
            self.assertIn("error", answer, fields)
            self.assertNotIn("s3cret-client-value", json.dumps(answer))
        answer = self.call("xero.connection.token", "search_read", [], ["access_token", "refresh_token"])
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        state = self.call("xero.connection", "read", [self.connection.id], ["state"])
        self.assertEqual(state["result"][0]["state"], "connected", "the state itself is not secret")

    def test_web_read_of_the_form_leaves_the_secrets_out(self):
        answer = self.call(
            "xero.connection", "web_read", [self.connection.id], specification={"state": {}, "tenant_name": {}}
        )
        text = json.dumps(answer)
        self.assertIn("Demo Company (NZ)", text)
        for secret in ("s3cret-client-value", "rpc-webhook-key-0123456789"):
            self.assertNotIn(secret, text)

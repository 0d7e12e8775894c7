import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_path

from .common import XeroHttpCase, XeroTransactionCase, use_xero_base_url


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

    def test_secrets_are_write_only_even_for_xero_administrators(self):
        """A custom connection's client secret is a credential to the organisation by
        itself: whoever sets it never reads it back; the form only says one is set."""
        as_admin = self.connection.with_user(self.xero_admin)
        as_admin.write({"client_secret": "rotated-secret-value", "webhook_key": "rotated-webhook-key"})
        as_admin.invalidate_recordset()
        values = as_admin.read(["client_secret", "webhook_key", "client_secret_set", "webhook_key_set"])[0]
        self.assertEqual(
            (values["client_secret"], values["webhook_key"], values["client_secret_set"], values["webhook_key_set"]),
            (False, False, True, True),
        )
        stored = self.env["xero.connection.token"].search([("connection_id", "=", self.connection.id)])
        self.assertEqual((stored.client_secret, stored.webhook_key), ("rotated-secret-value", "rotated-webhook-key"))
        with self.assertRaises(AccessError):
            stored.with_user(self.xero_admin).read(["client_secret"])

    def test_xeros_addresses_cannot_be_changed_on_a_connection(self):
        """Where the refresh token and the client secret travel is the server's
        configuration, not a record a Xero administrator writes."""
        for field in ("token_url", "api_url", "authorize_url"):
            self.assertNotIn(field, self.env["xero.connection"]._fields)
        with self.assertRaises(ValueError):
            self.connection.with_user(self.xero_admin).write({"token_url": "http://attacker.example/connect/token"})

    def test_a_base_url_in_clear_to_another_host_is_refused_before_any_call(self):
        previous = use_xero_base_url("http://xero-proxy.example")
        self.addCleanup(use_xero_base_url, previous)
        self.emulator_admin("DELETE", "requests")
        with self.assertRaisesRegex(UserError, "xero_base_url"):
            self.connection.action_xero_sync_now()
        self.assertFalse(self.emulator_requests(), "nothing was sent anywhere")
        use_xero_base_url(previous)
        self.connection.action_xero_sync_now()  # the emulator's loopback address is fine
        self.assertTrue(self.emulator_requests())

    def test_changing_how_a_connection_authenticates_forgets_its_tokens(self):
        stored = self.env["xero.connection.token"].search([("connection_id", "=", self.connection.id)])
        self.assertTrue(stored.access_token)
        self.connection.with_user(self.xero_admin).write({"auth_mode": "oauth"})
        self.assertFalse(stored.access_token or stored.refresh_token)
        self.assertEqual(self.connection.state, "draft")
        self.assertEqual(stored.client_secret, "s3cret-client-value", "the app's own secret stays")

    def test_salesperson_cannot_connect_or_disconnect(self):
        with self.assertRaises(AccessError):
            self.connection.with_user(self.salesperson).action_disconnect()

    def test_connection_of_another_company_is_invisible(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.make_connection("custom", company=other)
        visible = self.env["xero.connection"].with_user(self.xero_admin).search([])
        self.assertEqual(visible, self.connection)

    def test_sync_now_by_a_xero_administrator_without_sales_rights_goes_to_the_end(self):
        """Sync now acts for the company, as the routine sync does: an accountant who
        administers Xero but not the products still sends them."""
        accountant = new_test_user(self.env, "xero_accountant", groups="xero_connector.group_xero_manager")
        self.connection._xero_sync()
        product = self.env["product.product"].search([("default_code", "=", "LAMP-LED")])
        product.write({"description_sale": "Changed in Odoo", "taxes_id": False, "supplier_taxes_id": False})
        self.connection.with_user(accountant).action_xero_sync_now()
        item = next(
            i
            for i in self.emulator_admin("GET", "tenants/%s/Items" % self.tenant_id)["Items"]
            if i["Code"] == "LAMP-LED"
        )
        self.assertEqual(item["Description"], "Changed in Odoo")
        self.assertEqual(product._xero_links(self.connection).state, "synced")

    def test_a_xero_administrator_without_accounting_rights_prefills_the_tax_mapping(self):
        accountant = new_test_user(self.env, "xero_tax_admin", groups="xero_connector.group_xero_manager")
        self.connection.tax_mapping_ids.unlink()
        self.connection.with_user(accountant).action_xero_prefill_tax_mapping()
        self.assertTrue(self.connection.tax_mapping_ids)

    def test_log_retention_is_a_system_setting_not_one_companys(self):
        """The sync logs of every company are kept as long as one setting says: a
        system administrator's, not a Xero administrator's of one company."""
        self.assertNotIn("log_retention_days", self.env["xero.connection"]._fields)
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.xero_admin).create({"xero_log_retention_days": 1})
        system = new_test_user(self.env, "xero_system", groups="base.group_system")
        self.env["res.config.settings"].with_user(system).create({"xero_log_retention_days": 90}).execute()
        self.assertEqual(self.env["ir.config_parameter"].get_param("xero_connector.log_retention_days"), "90")

    def test_a_xero_administrator_who_is_not_system_decides_reviews(self):
        self.connection._xero_sync()
        partner = self.env["res.partner"].search([("name", "=", "Bayside Club")])
        link = partner._xero_links(self.connection)
        xero_id = link.xero_id
        link.unlink()
        review = self.env["xero.sync.review"].create(
            {
                "connection_id": self.connection.id,
                "entity": "contact",
                "res_model": "res.partner",
                "xero_id": xero_id,
                "name": "Bayside Club",
                "xero_values": {"name": "Bayside Club"},
                "candidate_ids": [(0, 0, {"res_id": partner.id, "name": partner.name})],
            }
        )
        self.assertFalse(self.xero_admin.has_group("base.group_system"))
        review.candidate_ids.with_user(self.xero_admin).action_link()
        self.assertEqual(partner._xero_links(self.connection).xero_id, xero_id)
        self.assertFalse(review.exists())
        other = self.env["xero.sync.review"].create(
            {
                "connection_id": self.connection.id,
                "entity": "contact",
                "res_model": "res.partner",
                "xero_id": "00000000-0000-0000-0000-0000000000ff",
                "name": "Someone New Ltd",
                "xero_values": {"name": "Someone New Ltd", "is_company": True},
            }
        )
        with self.assertRaises(AccessError):
            other.with_user(self.salesperson).action_create_new()
        other.with_user(self.xero_admin).action_create_new()
        self.assertTrue(self.env["res.partner"].search([("name", "=", "Someone New Ltd")]))

    def test_neutralized_database_keeps_no_secret_and_is_disconnected(self):
        self.connection.write({"webhook_key": "production-webhook-key", "xero_connection_id": "production-link"})
        path = file_path("xero_connector/data/neutralize.sql")
        with open(path, encoding="utf-8") as handle:
            self.env.flush_all()
            self.env.cr.execute(handle.read())
        self.env.invalidate_all()
        self.assertFalse(self.env["xero.connection.token"].search([]), "tokens, client secret and webhook key")
        self.assertEqual(self.connection.state, "disconnected")
        self.assertFalse(self.connection.client_secret_set or self.connection.webhook_key_set)
        self.assertFalse(self.connection.xero_connection_id)


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
        return self.call_kw(model, method, *args, **kwargs)

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

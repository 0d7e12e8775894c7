from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tools.misc import file_path

from .common import XeroTransactionCase


class TestSecurity(XeroTransactionCase):

    def setUp(self):
        super().setUp()
        self.connection = self.make_connection("custom")
        self.connection.action_connect()
        self.salesperson = new_test_user(self.env, "xero_sales", groups="sales_team.group_sale_salesman")
        self.xero_admin = new_test_user(self.env, "xero_admin",
                                        groups="sales_team.group_sale_salesman,xero_connector.group_xero_manager")

    def test_salesperson_sees_the_connection_state_but_no_secret(self):
        as_sales = self.connection.with_user(self.salesperson)
        self.assertEqual(as_sales.state, "connected")
        with self.assertRaises(AccessError):
            as_sales.read(["client_secret"])
        with self.assertRaises(AccessError):
            as_sales.write({"client_secret": "stolen"})

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

from odoo.tests import tagged

from .common import XeroHttpCase


@tagged("post_install", "-at_install")
class TestConnectionTour(XeroHttpCase):
    def test_admin_connects_from_the_connection_form(self):
        connection = self.make_connection("custom")
        self.start_tour(
            "/odoo/action-xero_connector.action_xero_connection/%d" % connection.id,
            "xero_connector_connect_custom",
            login="admin",
        )
        self.assertEqual(connection.state, "connected")

    def test_admin_connects_through_xero_sign_in(self):
        connection = self.make_connection("oauth")
        self.start_tour(
            "/odoo/action-xero_connector.action_xero_connection/%d" % connection.id,
            "xero_connector_connect_oauth",
            login="admin",
            screenshot="connected",
        )
        self.assertEqual((connection.state, connection.tenant_id), ("connected", self.tenant_id))

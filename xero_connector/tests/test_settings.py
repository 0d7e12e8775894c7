from odoo.tests import tagged

from .common import XeroTransactionCase


@tagged("post_install", "-at_install")
class TestSettings(XeroTransactionCase):
    def test_settings_lead_to_the_company_connection_creating_it_once(self):
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.xero_connection_id)
        action = settings.action_open_xero_connection()
        connection = self.env["xero.connection"].browse(action["res_id"])
        self.assertEqual((action["res_model"], connection.company_id), ("xero.connection", self.env.company))
        self.assertEqual(connection.state, "draft")
        again = self.env["res.config.settings"].create({})
        self.assertEqual(again.xero_connection_id, connection)
        self.assertEqual(again.action_open_xero_connection()["res_id"], connection.id)

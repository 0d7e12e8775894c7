"""What a connection syncs and which way: the admin's switches, obeyed by the routine
sync and by the buttons."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestScope(SyncCase):
    def api_paths(self, method="GET"):
        return sorted(
            {
                r["path"].rsplit("/", 1)[-1]
                for r in self.emulator_requests(method=method)
                if r["path"].startswith("/api.xro")
            }
        )

    def test_contacts_only_reads_and_sends_customers_and_nothing_else(self):
        self.connection.contacts_only = True
        self.emulator_admin("DELETE", "requests")  # the connection's own Organisation read
        self.connection._xero_sync()
        self.assertEqual(self.api_paths(), ["ContactGroups", "Contacts"])
        self.assertTrue(self.Partner.search([("name", "=", "Bayside Club")]))
        self.assertFalse(self.env["xero.sales.transaction"].search([("connection_id", "=", self.connection.id)]))
        product = self.env["product.product"].create({"name": "Desk", "default_code": "D1"})
        with self.assertRaisesRegex(UserError, "Sending products to Xero is switched off"):
            product.action_xero_export()

    def test_customers_from_xero_only_are_never_sent(self):
        self.connection.customers_direction = "import"
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        bayside.phone = "04 000 1111"
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.api_paths("POST"))
        partner = self.env["res.partner"].create({"name": "New Co", "is_company": True})
        self.run_after_commit()
        self.assertFalse(partner._xero_links(self.connection), "not pushed as a new customer either")
        with self.assertRaisesRegex(UserError, "Sending customers to Xero is switched off"):
            partner.action_xero_export()

    def test_products_to_xero_only_are_not_read(self):
        self.connection.products_direction = "export"
        self.connection._xero_sync()
        self.assertNotIn("Items", self.api_paths())
        self.assertFalse(self.env["product.product"].search([("default_code", "=", "DESK-OAK")]))

    def test_the_interval_is_set_from_the_connection(self):
        self.connection.write({"sync_interval_minutes": 15})
        cron = self.connection.cron_id
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        self.assertEqual(self.connection.sync_interval_minutes, 15)

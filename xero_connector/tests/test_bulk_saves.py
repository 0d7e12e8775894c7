"""A save of thousands of records (an Odoo CSV import) is not sent to Xero from the
user's request: the records wait, pending, and the routine sync sends them in batches."""

from odoo.tests import tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestBulkSaves(SyncCase):
    def test_five_hundred_new_customers_are_queued_then_sent_in_batches_of_fifty(self):
        self.connection.write({"push_new_customers": True, "contacts_only": True})
        self.connection._xero_sync()
        self.emulator_admin("DELETE", "requests")
        Trigger = self.env["ir.cron.trigger"]
        Trigger.search([("cron_id", "=", self.connection.cron_id.id)]).unlink()
        partners = self.Partner.create(
            [
                {"name": "Imported Customer %03d" % n, "is_company": True, "email": "c%03d@example.com" % n}
                for n in range(500)
            ]
        )
        self.run_after_commit()
        self.assertFalse(self.emulator_requests(), "the save itself calls Xero not once")
        links = partners._xero_links(self.connection)
        self.assertEqual((len(links), set(links.mapped("state"))), (500, {"pending"}))
        self.assertTrue(
            Trigger.search([("cron_id", "=", self.connection.cron_id.id)]),
            "the connection's routine sync is woken for them",
        )
        before = len(self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"])
        self.env["xero.connection"]._cron_xero_sync()
        self.assertEqual(
            [r["method"] for r in self.emulator_writes("/Contacts")], ["PUT"] * 10, "ten requests of fifty"
        )
        after = len(self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"])
        self.assertEqual(after - before, 500)
        self.assertEqual(set(links.mapped("state")), {"synced"})

    def test_a_small_save_is_still_sent_at_once(self):
        self.connection.write({"push_new_customers": True, "contacts_only": True})
        partners = self.Partner.create([{"name": "Walk-in Customer %d" % n, "is_company": True} for n in range(3)])
        self.run_after_commit()
        self.assertEqual(set(partners._xero_links(self.connection).mapped("state")), {"synced"})
        self.assertEqual(len(self.emulator_writes("/Contacts")), 1)

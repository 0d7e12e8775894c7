"""Imported customers are customers: a contact Xero marks as a customer (a supplier)
shows under Sales > Orders > Customers (Purchases' vendors) as partners made by Odoo's
own sales do."""

import importlib.util
import os

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import SyncCase

MIGRATION = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations", "18.0.1.1.0", "post-migrate.py"
)


@tagged("post_install", "-at_install")
class TestCustomerRanks(SyncCase):
    def shown_by(self, action_xmlid, filter_name):
        """The partners an action shows with its default filter on, as the menu opens it."""
        action = self.env.ref(action_xmlid)
        context = safe_eval(action.context)
        self.assertTrue(context.get("search_default_%s" % filter_name))
        arch = self.env["res.partner"].get_view(view_type="search")["arch"]
        domain = etree.fromstring(arch).xpath("//filter[@name='%s']" % filter_name)[0].get("domain")
        return self.env["res.partner"].search(safe_eval(action.domain or "[]") + safe_eval(domain))

    def xero_contacts(self, flag):
        contacts = self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
        return {c["Name"] for c in contacts if c.get(flag)}

    def test_xero_customers_are_listed_under_sales_customers(self):
        self.connection._xero_sync()
        customers = self.xero_contacts("IsCustomer")
        self.assertTrue(customers)
        partners, _links = self.linked_partners()
        shown = self.shown_by("account.res_partner_action_customer", "customer")
        self.assertEqual(set((shown & partners).mapped("name")), customers)

    def test_a_contact_xero_knows_as_a_supplier_is_a_vendor(self):
        supplier = self.xero_contact("Bayside Club")[0]
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Invoices" % self.tenant_id,
            Invoices=[
                {
                    "Type": "ACCPAY",
                    "Contact": {"ContactID": supplier["ContactID"]},
                    "LineItems": [{"Description": "Hall hire", "Quantity": 1, "UnitAmount": 80, "AccountCode": "400"}],
                    "Status": "AUTHORISED",
                }
            ],
        )
        self.connection._xero_sync()
        self.assertIn("Bayside Club", self.xero_contacts("IsSupplier"))
        shown = self.shown_by("account.res_partner_action_supplier", "supplier")
        self.assertIn("Bayside Club", shown.mapped("name"))

    def migration(self):
        spec = importlib.util.spec_from_file_location("xero_upgrade_migration", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        return migration

    def test_a_connection_synced_by_the_old_shared_cron_gets_its_own_at_the_upgrade(self):
        cron = self.connection.cron_id
        self.connection.sudo().cron_id = False
        cron.unlink()  # as before 18.0.1.1.0: one shared cron, removed by the upgrade
        self.assertEqual(self.migration().schedule_connections(self.env), self.connection)
        self.assertTrue(self.connection.cron_id.active)
        self.assertEqual(self.connection.cron_id.code, "model.browse(%d)._cron_xero_sync()" % self.connection.id)

    def test_partners_imported_before_the_ranks_get_them_at_the_upgrade_and_nothing_else_changes(self):
        self.connection._xero_sync()
        partners, links = self.linked_partners()
        customers = partners.filtered(lambda p: p.name in self.xero_contacts("IsCustomer"))
        customers.write({"customer_rank": 0})  # as the previous version left them
        links.write({"state": "synced"})
        before = {p.id: (p.name, p.email, p.ref) for p in partners}
        ranked = self.migration().rank_imported_partners(self.env)
        self.assertEqual(ranked & partners, customers)
        self.assertTrue(all(p.customer_rank == 1 for p in customers))
        self.assertEqual({p.id: (p.name, p.email, p.ref) for p in partners}, before)
        self.assertEqual(set(links.mapped("state")), {"synced"}, "nothing goes back to Xero")

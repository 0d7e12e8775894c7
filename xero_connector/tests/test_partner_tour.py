from odoo.tests import new_test_user, tagged

from .common import XeroHttpCase


@tagged("post_install", "-at_install")
class TestPartnerTour(XeroHttpCase):
    def test_salesperson_exports_a_new_partner_from_its_form(self):
        self.make_connection("custom").action_connect()
        self.env["xero.connection"].search([]).push_new_customers = False
        new_test_user(self.env, "tour_sales", groups="sales_team.group_sale_salesman,base.group_partner_manager")
        partner = self.env["res.partner"].create({"name": "Pukeko Plumbing", "is_company": True})
        with self.post_commit_hooks_run():
            self.start_tour(
                "/odoo/action-base.action_partner_form/%d" % partner.id,
                "xero_connector_export_partner",
                login="tour_sales",
                screenshot="partner_exported",
            )
        link = partner._xero_links()
        self.assertEqual(link.state, "synced")
        contacts = self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
        self.assertEqual([c["AccountNumber"] for c in contacts if c["ContactID"] == link.xero_id], [partner.ref])

import datetime

from odoo import fields
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

    def test_a_salesperson_sees_what_a_customer_owes_by_age(self):
        connection = self.make_connection("custom")
        connection.action_connect()
        connection._xero_sync()  # the demo organisation, read
        salesperson = new_test_user(
            self.env, "tour_ageing", groups="sales_team.group_sale_salesman,base.group_partner_manager"
        )
        customer = self.env["res.partner"].create({"name": "Tui Bakery", "is_company": True, "user_id": salesperson.id})
        customer._xero_ensure_links(connection)
        connection._xero_sync()  # the new customer goes to Xero
        contact_id = customer._xero_links(connection).xero_id
        self.assertTrue(contact_id)
        today = fields.Date.context_today(customer)
        for days_late, amount in ((-5, 100), (20, 200), (120, 400)):
            self.approved_invoice_in_xero(contact_id, today - datetime.timedelta(days=days_late), amount, "Bread")
        connection._xero_sync()
        self.assertEqual(customer.with_user(salesperson).xero_age_over_90, 400)
        self.start_tour(
            "/odoo/action-base.action_partner_form/%d" % customer.id,
            "xero_connector_partner_ageing",
            login="tour_ageing",
            screenshot="partner_ageing",
        )

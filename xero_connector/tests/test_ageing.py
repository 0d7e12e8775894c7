"""What customers owe in Xero, by age: on the partner and the opportunity, and in a
Sales report by salesperson and team, from the invoices the routine sync reads."""

import datetime

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestReceivablesByAge(SyncCase):
    def setUp(self):
        super().setUp()
        self.salesperson = new_test_user(
            self.env, "ageing_sales", groups="sales_team.group_sale_salesman,xero_connector.group_xero_user"
        )
        self.customer = self.env["res.partner"].create(
            {"name": "Puriri Cafe", "is_company": True, "user_id": self.salesperson.id}
        )
        self.customer._xero_push_now(self.connection)
        self.run_after_commit()
        contact_id = self.customer._xero_links(self.connection).xero_id
        self.assertTrue(contact_id)
        today = fields.Date.context_today(self.customer)
        # approved invoices due in 10 days, 10, 45 and 100 days ago, and one paid in full
        for days_late, amount in ((-10, 100), (10, 200), (45, 300), (100, 400)):
            due = today - datetime.timedelta(days=days_late)
            self.approved_invoice_in_xero(contact_id, due, amount)
        self.connection._xero_sync()

    def test_the_partner_and_the_opportunity_show_what_is_owed_by_age(self):
        self.customer.invalidate_recordset()
        ages = [
            self.customer.xero_age_current,
            self.customer.xero_age_1_30,
            self.customer.xero_age_31_60,
            self.customer.xero_age_61_90,
            self.customer.xero_age_over_90,
        ]
        self.assertEqual(ages, [100, 200, 300, 0, 400])
        lead = self.env["crm.lead"].create({"name": "Cafe refit", "partner_id": self.customer.id})
        self.assertEqual((lead.xero_age_31_60, lead.xero_age_over_90), (300, 400))

    def test_the_report_groups_by_salesperson_and_shows_a_salesperson_their_own(self):
        Ageing = self.env["xero.receivable.ageing"]
        by_user = Ageing._read_group([("partner_id", "=", self.customer.id)], ["user_id", "bucket"], ["amount_due:sum"])
        self.assertEqual(
            sorted((user, bucket, amount) for user, bucket, amount in by_user),
            sorted(
                (self.salesperson, bucket, amount)
                for bucket, amount in (("current", 100), ("1_30", 200), ("31_60", 300), ("over_90", 400))
            ),
        )
        self.assertEqual(len(Ageing.with_user(self.salesperson).search([("partner_id", "=", self.customer.id)])), 4)
        other = new_test_user(
            self.env, "ageing_other", groups="sales_team.group_sale_salesman,xero_connector.group_xero_user"
        )
        self.assertFalse(Ageing.with_user(other).search([("partner_id", "=", self.customer.id)]))

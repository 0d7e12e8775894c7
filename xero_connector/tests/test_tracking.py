"""Tracking categories from Odoo: each line of an invoice or a quote takes its option from
the connection's rule for the category (a fixed option, the sales team, the salesperson,
the line's analytic account), through a table prefilled by name; a value with no option
is said on the order before anything is sent."""

import importlib.util
import os

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES

from .test_sales_documents import DocumentCase

MIGRATION_1_6 = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations", "1.6.0", "post-migrate.py"
)


@tagged("post_install", "-at_install")
class TestTrackingFromOdoo(DocumentCase):
    def setUp(self):
        super().setUp()
        self.connection.action_xero_refresh_reference_data()
        self.north = self.env["crm.team"].create({"name": "North"})
        self.wholesale = self.env["crm.team"].create({"name": "Wholesale"})

    def rule(self, **values):
        return self.env["xero.tracking.rule"].create(
            dict({"connection_id": self.connection.id, "category": "Region"}, **values)
        )

    def tracking_of(self, link):
        return [line.get("Tracking") for line in self.xero_invoice(link.xero_id)["LineItems"]]

    def test_the_sales_team_gives_each_lines_option_and_an_unmapped_team_is_said_before_sending(self):
        rule = self.rule(source="team")
        rule.action_prefill()
        self.assertEqual(rule.mapping_ids.mapped("team_id"), self.north, "mapped by name, case aside")
        link = self.confirm(self.order(team_id=self.north.id))
        self.assertEqual(link.state, "synced", link.last_error)
        region = [{"Name": "Region", "Option": "North"}]
        self.assertEqual(self.tracking_of(link), [region, region])
        # a team with no option: said on the order, nothing sent
        self.emulator_admin("DELETE", "requests")
        order = self.order(team_id=self.wholesale.id)
        link = self.confirm(order)
        self.assertEqual(link.state, "error")
        self.assertIn("Wholesale has no option in Xero's tracking category Region", order.xero_invoice_error)
        self.assertFalse(self.emulator_writes("/Invoices"))

    def test_the_lines_analytic_account_and_what_comes_back_from_xero(self):
        plan = self.env["account.analytic.plan"].create({"name": "Regions"})
        south = self.env["account.analytic.account"].create({"name": "south", "plan_id": plan.id})
        rule = self.rule(source="analytic", analytic_plan_id=plan.id)
        rule.action_prefill()
        order = self.order(
            lines=[
                {
                    "product_id": self.desk.id,
                    "product_uom_qty": 1,
                    "price_unit": 100,
                    ORDER_LINE_TAXES: [(6, 0, self.gst.ids)],
                    "analytic_distribution": {str(south.id): 100},
                },
                {"product_id": self.desk.id, "product_uom_qty": 1, "price_unit": 50, ORDER_LINE_TAXES: [(5, 0, 0)]},
            ]
        )
        link = self.confirm(order)
        self.assertEqual(self.tracking_of(link), [[{"Name": "Region", "Option": "South"}], None])
        self.connection._xero_sync()
        lines = self.env["xero.sales.transaction"].search([("xero_id", "=", link.xero_id)]).line_ids
        self.assertEqual(lines.mapped("tracking"), ["Region: South", False], "reporting keeps Xero's options")

    def test_a_fixed_option_and_two_categories_at_most(self):
        south = self.env["xero.tracking.option"].search([("name", "=", "South")])
        self.rule(source="fixed", fixed_option_id=south.id)
        link = self.confirm(self.order())
        self.assertEqual(self.tracking_of(link), [[{"Name": "Region", "Option": "South"}]] * 2)
        self.rule(category="Team", source="user")
        with self.assertRaises(ValidationError):
            self.rule(category="Channel", source="team")

    def test_the_connections_single_option_of_older_versions_becomes_a_fixed_rule(self):
        """Before 1.6.0 a connection had one option put on every line; the upgrade makes
        it a rule of its category with that option, and the lines keep it."""
        north = self.env["xero.tracking.option"].search([("name", "=", "North")])
        self.env.flush_all()
        self.env.cr.execute("ALTER TABLE xero_connection ADD COLUMN tracking_option_id integer")
        self.env.cr.execute(
            "UPDATE xero_connection SET tracking_option_id = %s WHERE id = %s", [north.id, self.connection.id]
        )
        spec = importlib.util.spec_from_file_location("xero_connector_migrate_1_6", MIGRATION_1_6)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "1.5.0")
        self.env.invalidate_all()
        rule = self.connection.tracking_rule_ids
        self.assertEqual((rule.category, rule.source, rule.fixed_option_id), ("Region", "fixed", north))
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'xero_connection' "
            "AND column_name = 'tracking_option_id'"
        )
        self.assertFalse(self.env.cr.fetchall(), "the old column is gone")
        link = self.confirm(self.order())
        self.assertEqual(self.tracking_of(link), [[{"Name": "Region", "Option": "North"}]] * 2)

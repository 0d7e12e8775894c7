"""Odoo's income accounts mapped to Xero's: prefilled by code from Xero's chart of
accounts, and taken by the invoice lines of products Xero has no account for."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_sales_documents import DocumentCase


@tagged("post_install", "-at_install")
class TestIncomeAccountMapping(DocumentCase):
    def income_account(self, code, name):
        return self.env["account.account"].create({"code": code, "name": name, "account_type": "income"})

    def test_prefill_maps_each_income_account_to_the_xero_revenue_account_of_its_code(self):
        other_revenue = self.income_account("260", "Other revenue")
        unknown = self.income_account("269", "Grants")
        purchases = self.env["account.account"].create({"code": "300", "name": "Purchases", "account_type": "expense"})
        self.connection.action_xero_prefill_account_mapping()
        mapped = {m.account_id: m.xero_account_code for m in self.connection.account_mapping_ids}
        self.assertEqual(mapped.get(other_revenue), "260")
        self.assertNotIn(unknown, mapped, "Xero has no account 269")
        self.assertNotIn(purchases, mapped, "an expense account is no income account")
        self.connection.action_xero_prefill_account_mapping()
        self.assertEqual(len(self.connection.account_mapping_ids.filtered(lambda m: m.account_id == other_revenue)), 1)

    def test_a_line_takes_the_xero_account_of_its_products_income_account(self):
        other_revenue = self.income_account("260", "Other revenue")
        self.connection.account_mapping_ids = [(0, 0, {"account_id": other_revenue.id, "xero_account_code": "260"})]
        installation = self.env["product.product"].create(
            {"name": "Installation", "type": "service", "property_account_income_id": other_revenue.id}
        )
        order = self.order(lines=[{"product_id": installation.id, "product_uom_qty": 1, "price_unit": 300}])
        link = self.confirm(order)
        self.assertTrue(link.xero_id, link.last_error)
        self.assertEqual([line["AccountCode"] for line in self.xero_invoice(link.xero_id)["LineItems"]], ["260"])

    def test_only_xero_administrators_prefill(self):
        salesperson = new_test_user(
            self.env, "mapping_sales", groups="sales_team.group_sale_salesman,xero_connector.group_xero_user"
        )
        with self.assertRaises(AccessError):
            self.connection.with_user(salesperson).action_xero_prefill_account_mapping()

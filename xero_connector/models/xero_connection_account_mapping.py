"""The account mapping of a connection: Odoo's income accounts to Xero's, prefilled by
code, read by the lines of the invoices Odoo sends."""

from odoo import fields, models

from ..access import XERO_ADMIN, xero_role
from .xero_account_mapping import ODOO_INCOME_TYPES

XERO_REVENUE_TYPES = ("REVENUE", "SALES", "OTHERINCOME")  # Xero's accounts of class REVENUE


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    account_mapping_ids = fields.One2many("xero.account.mapping", "connection_id", "Income Accounts")

    @xero_role(XERO_ADMIN, access="write")
    def action_xero_prefill_account_mapping(self):
        """Read Xero's chart of accounts again (one call), then map each unmapped income
        account of the company to the active Xero revenue account with the same code."""
        self.ensure_one()
        self._xero_refresh_accounts()
        revenue_codes = {
            account.code
            for account in self.env["xero.account"]
            .sudo()
            .search([("connection_id", "=", self.id), ("account_type", "in", XERO_REVENUE_TYPES)])
            if account.code
        }
        # the company's accounts, read for the administrator: Xero administrators are
        # often accountants with no rights on Odoo's accounting
        accounts = (
            self.env["account.account"]
            .sudo()
            .with_company(self.company_id)
            .search(
                [
                    ("company_ids", "parent_of", self.company_id.id),
                    ("account_type", "in", ODOO_INCOME_TYPES),
                    ("id", "not in", self.sudo().account_mapping_ids.account_id.ids),
                ]
            )
        )
        self.env["xero.account.mapping"].sudo().create(
            [
                {"connection_id": self.id, "account_id": account.id, "xero_account_code": account.code}
                for account in accounts
                if account.code in revenue_codes
            ]
        )
        return True

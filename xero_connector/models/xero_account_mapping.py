"""``xero.account.mapping``: which Xero account each of Odoo's income accounts is, per
connection. Prefilled by code from Xero's chart of accounts; the lines of the invoices
Odoo sends take the Xero account of their product's income account."""

from odoo import fields, models

from ..odoo_series import Constraint

ODOO_INCOME_TYPES = ("income", "income_other")


class XeroAccountMapping(models.Model):
    _name = "xero.account.mapping"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Account Mapping"

    account_id = fields.Many2one(
        "account.account",
        "Odoo Account",
        required=True,
        ondelete="cascade",
        domain="[('account_type', 'in', ('income', 'income_other')), ('company_ids', 'parent_of', company_id)]",
    )
    xero_account_code = fields.Char(
        "Xero Account", help="The code of the Xero account this Odoo income account is, e.g. 200."
    )

    _account_uniq = Constraint("unique(connection_id, account_id)", "This Odoo account is mapped already.")

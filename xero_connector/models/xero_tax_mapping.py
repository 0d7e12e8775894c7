"""``xero.tax.mapping``: which Xero tax type each Odoo tax is, per connection. Prefilled
by matching rates with Xero's TaxRates; products and sales documents read it."""

from odoo import fields, models

from ..odoo_series import Constraint


class XeroTaxMapping(models.Model):
    _name = "xero.tax.mapping"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Tax Mapping"
    _order = "tax_use, tax_id"

    tax_id = fields.Many2one(
        "account.tax",
        "Odoo Tax",
        required=True,
        ondelete="cascade",
        check_company=True,
        domain="[('company_id', 'parent_of', company_id)]",
    )
    tax_use = fields.Selection(related="tax_id.type_tax_use", store=True)
    xero_tax_type = fields.Char(help="Xero's TaxType, e.g. OUTPUT2, INPUT2, NONE, TAX001.")

    _tax_uniq = Constraint("unique(connection_id, tax_id)", "This Odoo tax is mapped already.")

"""A connection's product options: defaults for items created from Odoo."""

from odoo import fields, models


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    push_new_products = fields.Boolean(
        help="A product created in Odoo is sent to Xero at once (it needs an internal reference)."
    )
    default_sales_account_code = fields.Char(
        "Default Sales Account", help="Xero account code for sales of products that have none, e.g. 200."
    )
    default_purchase_account_code = fields.Char(
        "Default Purchases Account", help="Xero account code for purchases of products that have none, e.g. 300."
    )
    default_purchase_tax_type = fields.Char(
        "Default Purchases Tax Type", help="Xero tax type for purchases of products that have none, e.g. INPUT2."
    )

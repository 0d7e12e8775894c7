"""``xero.per.connection.mixin``: a record kept for one Xero connection, and so for the
company that connection belongs to (what the multi-company record rules filter on)."""

from odoo import fields, models


class XeroPerConnectionMixin(models.AbstractModel):
    _name = "xero.per.connection.mixin"
    _description = "Kept per Xero Connection"

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="connection_id.company_id", store=True, index=True)

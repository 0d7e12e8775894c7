"""``xero.per.connection.mixin``: a record kept for one Xero connection, and so for the
company that connection belongs to (what the multi-company record rules filter on).
A record stays with the connection it was made for: moving it would carry one
company's Xero data into another's."""

from odoo import _, fields, models
from odoo.exceptions import UserError


class XeroPerConnectionMixin(models.AbstractModel):
    _name = "xero.per.connection.mixin"
    _description = "Kept per Xero Connection"
    _check_company_auto = True

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="connection_id.company_id", store=True, index=True, readonly=True)

    def write(self, vals):
        if "connection_id" in vals and any(record.connection_id.id != vals["connection_id"] for record in self):
            raise UserError(_("A record kept for one Xero connection cannot move to another."))
        return super().write(vals)

"""``xero.tracking.option``: an option of one of the organisation's tracking categories."""

from odoo import api, fields, models


class XeroTrackingOption(models.Model):
    _name = "xero.tracking.option"
    _description = "Xero Tracking Option"
    _order = "category, name"

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero ID", required=True)
    category = fields.Char(required=True)
    name = fields.Char("Option", required=True)
    active = fields.Boolean(default=True)

    @api.depends("category", "name")
    def _compute_display_name(self):
        for option in self:
            option.display_name = "%s: %s" % (option.category, option.name)

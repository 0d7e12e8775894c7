"""``xero.tracking.option``: an option of one of the organisation's tracking categories."""

from odoo import api, fields, models


class XeroTrackingOption(models.Model):
    _name = "xero.tracking.option"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Tracking Option"
    _order = "category, name"

    xero_id = fields.Char("Xero ID", required=True)
    category = fields.Char(required=True)
    name = fields.Char("Option", required=True)
    active = fields.Boolean(default=True)

    @api.depends("category", "name")
    def _compute_display_name(self):
        for option in self:
            option.display_name = "%s: %s" % (option.category, option.name)

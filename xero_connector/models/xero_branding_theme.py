"""``xero.branding.theme``: a branding theme of the organisation."""

from odoo import fields, models


class XeroBrandingTheme(models.Model):
    _name = "xero.branding.theme"
    _description = "Xero Branding Theme"

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero ID", required=True)
    name = fields.Char(required=True)

"""``xero.branding.theme``: a branding theme of the organisation."""

from odoo import fields, models


class XeroBrandingTheme(models.Model):
    _name = "xero.branding.theme"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Branding Theme"

    xero_id = fields.Char("Xero ID", required=True)
    name = fields.Char(required=True)

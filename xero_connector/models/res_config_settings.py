"""The Xero section of Settings: the company's connection at a glance and a way in."""

from odoo import _, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    xero_connection_id = fields.Many2one("xero.connection", compute="_compute_xero_connection_id")
    xero_connection_state = fields.Selection(related="xero_connection_id.state")
    xero_tenant_name = fields.Char(related="xero_connection_id.tenant_name")

    def _compute_xero_connection_id(self):
        for settings in self:
            settings.xero_connection_id = self.env["xero.connection"].search(
                [("company_id", "=", settings.company_id.id)], limit=1
            )

    def action_open_xero_connection(self):
        """Open the company's connection, creating an unconnected one on first use."""
        self.ensure_one()
        connection = self.xero_connection_id or self.env["xero.connection"].create({"company_id": self.company_id.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "xero.connection",
            "res_id": connection.id,
            "view_mode": "form",
            "name": _("Xero Connection"),
            "target": "current",
        }

"""The Xero section of Settings: the company's connection at a glance and a way in, and
how long sync logs are kept, for the whole database (so a system setting)."""

from odoo import _, fields, models

from ..access import XERO_ADMIN, xero_role


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    xero_connection_id = fields.Many2one("xero.connection", compute="_compute_xero_connection_id")
    xero_connection_state = fields.Selection(related="xero_connection_id.state")
    xero_tenant_name = fields.Char(related="xero_connection_id.tenant_name")
    xero_log_retention_days = fields.Integer(
        "Xero Sync Log Retention (days)",
        config_parameter="xero_connector.log_retention_days",
        default=30,
        groups="base.group_system",
        help="Sync log lines older than this are deleted, for every company.",
    )

    def _compute_xero_connection_id(self):
        for settings in self:
            settings.xero_connection_id = self.env["xero.connection"].search(
                [("company_id", "=", settings.company_id.id)], limit=1
            )

    @xero_role(XERO_ADMIN)
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

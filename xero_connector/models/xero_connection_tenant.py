"""The organisations an authorisation reaches, offered for choice when there are several."""

from odoo import fields, models


class XeroConnectionTenant(models.Model):
    _name = "xero.connection.tenant"
    _description = "Xero Organisation Offered to a Connection"
    _order = "name"

    connection_id = fields.Many2one("xero.connection", required=True, ondelete="cascade", index=True)
    name = fields.Char("Organisation", required=True, readonly=True)
    tenant_id = fields.Char(required=True, readonly=True)
    xero_connection_id = fields.Char(readonly=True)

    def action_xero_select(self):
        self.ensure_one()
        self.connection_id._xero_use_tenant(self.tenant_id, self.name, self.xero_connection_id)
        return True

"""The organisations an authorisation reaches, offered for choice when there are several."""

from odoo import fields, models

from ..access import XERO_ADMIN, xero_role


class XeroConnectionTenant(models.Model):
    _name = "xero.connection.tenant"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Organisation Offered to a Connection"
    _order = "name"

    name = fields.Char("Organisation", required=True, readonly=True)
    tenant_id = fields.Char(required=True, readonly=True)
    xero_connection_id = fields.Char(readonly=True)

    @xero_role(XERO_ADMIN, access="write")
    def action_xero_select(self):
        self.ensure_one()
        self.connection_id._xero_use_tenant(self.tenant_id, self.name, self.xero_connection_id)
        return True

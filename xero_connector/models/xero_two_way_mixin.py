"""Records synced both ways that both sides may change at once (customers, products):
the buttons that settle a conflict waiting in review, on the record's own form."""

from odoo import models
from odoo.exceptions import UserError

from ..access import XERO_USER, xero_role


class XeroTwoWayMixin(models.AbstractModel):
    _name = "xero.two.way.mixin"
    _inherit = "xero.synced.mixin"
    _description = "Xero Record Synced Both Ways"

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_take_xero(self):
        """Keep Xero's values of the fields changed on both sides."""
        self._xero_links(self.env["xero.connection"]._xero_for_user())._xero_take_xero()
        return True

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_take_odoo(self):
        """Keep Odoo's values of the fields changed on both sides: the next run sends them."""
        self._xero_links(self.env["xero.connection"]._xero_for_user())._xero_take_odoo()
        return True

    def _xero_view_page(self, xero_id, path, not_linked):
        """View on Xero: the record's page (``path`` of its Xero id) in Xero's screens, in
        a new tab; ``not_linked`` is said when it has no Xero id yet."""
        self.ensure_one()
        connection = self.env["xero.connection"]._xero_for_user()
        if not xero_id:
            raise UserError(not_linked)
        return {"type": "ir.actions.act_url", "target": "new", "url": connection._xero_deep_link(path % xero_id)}

    def _xero_update_now(self, connection):
        """Export or Update to Xero: refused while a conflict waits in review, else sent
        when this transaction commits."""
        self._xero_check_no_conflict(connection)
        self._xero_push_now(connection)
        return True

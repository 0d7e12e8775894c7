"""Partners are Xero contacts: the fields the contact mapping reads and writes."""
from odoo import api, models

from ..xero import mapping_contacts


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "xero.synced.mixin"]

    _xero_entity = "contact"
    _xero_fields = mapping_contacts.FIELDS

    @api.model
    def _xero_match(self, connection, values):
        """Only an exact, unambiguous ledger code for now; the customers issue adds the
        email and name rules and the review of ambiguous matches."""
        if not values.get("ref"):
            return self.browse()
        candidates = self.with_context(active_test=False).search([
            ("ref", "=", values["ref"]), ("company_id", "in", [False, connection.company_id.id])])
        linked = set(self.env["xero.sync.link"].sudo().search([
            ("connection_id", "=", connection.id), ("res_model", "=", self._name),
            ("res_id", "in", candidates.ids)]).mapped("res_id"))
        free = candidates.filtered(lambda p: p.id not in linked)
        return free if len(free) == 1 else self.browse()

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
        """The partner a new Xero contact is, if exactly one fits: same ledger code, else
        same email, else same name (ignoring case). A partner already linked to another
        Xero contact never fits; one waiting for its first push does (its answer may have
        been lost). Several fits link nothing."""
        company = [("company_id", "in", [False, connection.company_id.id])]
        for field, operator in (("ref", "="), ("email", "=ilike"), ("name", "=ilike")):
            if not values.get(field):
                continue
            candidates = self.with_context(active_test=False).search([(field, operator, values[field])] + company)
            if candidates:
                linked_elsewhere = set(self.env["xero.sync.link"].sudo().search([
                    ("connection_id", "=", connection.id), ("res_model", "=", self._name),
                    ("res_id", "in", candidates.ids), ("xero_id", "!=", False)]).mapped("res_id"))
                candidates = candidates.filtered(lambda p: p.id not in linked_elsewhere)
            if candidates:
                return candidates if len(candidates) == 1 else self.browse()
        return self.browse()

"""Partners are Xero contacts: the fields the contact mapping reads and writes."""
from odoo import api, models

from ..xero import mapping_contacts


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "xero.synced.mixin"]

    _xero_entity = "contact"
    _xero_fields = mapping_contacts.FIELDS

    @api.model
    def _xero_match_many(self, connection, values_list):
        """For each new Xero contact, the partner it is, if exactly one fits: same ledger
        code, else same email, else same name (both ignoring case). A partner linked to
        another Xero contact never fits; one waiting for its first push does (its answer
        may have been lost). Several fits are all returned: the caller links none of them.
        One query per rule and page."""
        self.flush_model(["ref", "email", "name", "company_id"])
        candidates = {}
        for field, fold in (("ref", False), ("email", True), ("name", True)):
            wanted = {(v[field].lower() if fold else v[field]) for v in values_list if v.get(field)}
            if not wanted:
                continue
            column = "lower(%s)" % field if fold else field
            self.env.cr.execute("""
                SELECT id, %s FROM res_partner
                 WHERE %s = ANY(%%s) AND (company_id IS NULL OR company_id = %%s)""" % (column, column),
                [list(wanted), connection.company_id.id])
            for partner_id, key in self.env.cr.fetchall():
                candidates.setdefault((field, key), set()).add(partner_id)
        all_ids = set().union(*candidates.values()) if candidates else set()
        linked_elsewhere = set(self.env["xero.sync.link"].sudo().search([
            ("connection_id", "=", connection.id), ("res_model", "=", self._name),
            ("res_id", "in", list(all_ids)), ("xero_id", "!=", False)]).mapped("res_id")) if all_ids else set()
        matches = []
        for values in values_list:
            match = self.browse()
            for field, fold in (("ref", False), ("email", True), ("name", True)):
                if not values.get(field):
                    continue
                key = values[field].lower() if fold else values[field]
                fits = candidates.get((field, key), set()) - linked_elsewhere
                if fits:
                    match = self.browse(sorted(fits))
                    break
            matches.append(match)
        return matches

"""Which partner a Xero contact is, and which Xero contact a new partner already is:
the matching that keeps either side from holding a customer twice."""

from odoo import _, api, models

from ..xero import mapping_contacts as mapping


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _xero_already_in_xero(self, connection, records_values):
        """A new customer whose ledger code or email a linked Xero contact already has is
        that contact, not a new one: creating it would duplicate it in Xero. The
        agreed values of the links say what Xero holds, so this costs no API call."""
        refs = {v["ref"] for _r, v in records_values if v.get("ref")}
        emails = {v["email"].lower() for _r, v in records_values if v.get("email")}
        if not refs and not emails:
            return {}
        self.env["xero.sync.link"].flush_model()
        self.env.cr.execute(
            """
            SELECT res_id, synced_values->>'name', synced_values->>'ref', lower(synced_values->>'email')
              FROM xero_sync_link
             WHERE connection_id = %s AND res_model = 'res.partner' AND xero_id IS NOT NULL
               AND (synced_values->>'ref' = ANY(%s) OR lower(synced_values->>'email') = ANY(%s))""",
            [connection.id, list(refs), list(emails)],
        )
        holders = self.env.cr.fetchall()
        known = {}
        for record, values in records_values:
            for res_id, name, ref, email in holders:
                if res_id == record.id:
                    continue
                if values.get("ref") and values["ref"] == ref:
                    why = _("ledger code %s", ref)
                elif values.get("email") and values["email"].lower() == email:
                    why = _("email %s", email)
                else:
                    continue
                known[record.id] = _(
                    "Xero already has this customer (same %(why)s) as %(name)s, linked to the partner "
                    "%(partner)s: merge the two partners, or correct this one, rather than create a "
                    "duplicate in Xero.",
                    why=why,
                    name=name,
                    partner=self.browse(res_id).display_name,
                )
                break
        return known

    # -- matching ---------------------------------------------------------------------------
    @api.model
    def _xero_match_many(self, connection, values_list, entity=None):
        """For each new Xero contact, the partner it is, if exactly one fits: same ledger
        code, else same email (ignoring case), else same name (ignoring case and
        accents). Only top-level partners of the connection's company or shared ones fit;
        a partner linked to another Xero contact never does; one waiting for its first
        push does (its answer may have been lost). Several fits are all returned: the
        caller links none of them. One query per rule and page."""
        self.flush_model(["ref", "email", "xero_name_key", "company_id", "parent_id"])
        rules = (
            ("ref", "ref", lambda v: v),
            ("email", "lower(email)", lambda v: v.lower()),
            ("name", "xero_name_key", mapping.fold),
        )
        candidates = {}
        for key, column, fold in rules:
            wanted = {fold(v[key]) for v in values_list if v.get(key)}
            if not wanted:
                continue
            self.env.cr.execute(
                """
                SELECT id, %s FROM res_partner
                 WHERE %s = ANY(%%s) AND parent_id IS NULL
                   AND (company_id IS NULL OR company_id = %%s)"""
                % (column, column),
                [list(wanted), connection.company_id.id],
            )
            for partner_id, found in self.env.cr.fetchall():
                candidates.setdefault((key, found), set()).add(partner_id)
        all_ids = set().union(*candidates.values()) if candidates else set()
        linked_elsewhere = self.env["xero.sync.link"]._xero_linked_res_ids(connection, self._name, all_ids)
        matches = []
        for values in values_list:
            match = self.browse()
            for key, _column, fold in rules:
                fits = candidates.get((key, fold(values[key])), set()) - linked_elsewhere if values.get(key) else ()
                if fits:
                    match = self.browse(sorted(fits))
                    break
            matches.append(match)
        return matches

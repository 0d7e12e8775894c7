"""``xero.synced.mixin``: what a synced Odoo model gives the engine. It gathers the
mapped values, applies Xero's, finds a match before creating, and marks its links
pending when a mapped field changes in Odoo."""
from odoo import api, models


class XeroSyncedMixin(models.AbstractModel):
    _name = "xero.synced.mixin"
    _description = "Synced with Xero"

    # set by each model: the registry's entity name and the fields its mapping reads
    _xero_entity = None
    _xero_fields = ()

    def _xero_read_values(self):
        """The mapped Odoo values of one record, as the mapping's ``to_xero`` takes them."""
        self.ensure_one()
        return {name: self[name] for name in self._xero_fields}

    def _xero_apply_values(self, values):
        """Write values that came from Xero, without marking the record for a push."""
        self.with_context(xero_from_sync=True).write(values)

    @api.model
    def _xero_create_from(self, values):
        return self.with_context(xero_from_sync=True).create(values)

    @api.model
    def _xero_match(self, connection, values):
        """An existing unlinked record the Xero record should link to (overridden per model)."""
        return self.browse()

    def _xero_links(self, connection=None):
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        if connection:
            domain.append(("connection_id", "=", connection.id))
        return self.env["xero.sync.link"].sudo().search(domain)

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("xero_from_sync") and set(vals) & set(self._xero_fields):
            self._xero_links()._mark_pending()
        return result

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
    def _xero_match_many(self, connection, values_list):
        """For each incoming Xero record new to this connection, the existing records it
        may be: one to link to, none, or several, which is ambiguous and left for review
        (overridden per model)."""
        return [self.browse()] * len(values_list)

    def _xero_links(self, connection=None):
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        if connection:
            domain.append(("connection_id", "=", connection.id))
        return self.env["xero.sync.link"].sudo().search(domain)

    def _xero_push_now(self, connection):
        """Push these records to Xero as soon as this transaction commits, through the
        routine push path, and tell the user how it went. Nothing is sent if the
        transaction rolls back; a retry carries the same idempotency key."""
        Link = self.env["xero.sync.link"].sudo()
        links = self._xero_links(connection)
        for record in self - self.browse(links.mapped("res_id")):
            links |= Link.create({"connection_id": connection.id, "entity": self._xero_entity,
                                  "res_model": self._name, "res_id": record.id})
        links.filtered(lambda l: l.state != "pending").write({"state": "pending"})
        link_ids, uid, context = links.ids, self.env.uid, self.env.context
        registry = self.env.registry

        @self.env.cr.postcommit.add
        def push_after_commit():
            with registry.cursor() as cr:
                env = self.env(cr=cr, user=uid, context=context)
                env["xero.connection"].browse(connection.id)._xero_push_links(env["xero.sync.link"].sudo().browse(link_ids))
        return links

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("xero_from_sync") and set(vals) & set(self._xero_fields):
            self._xero_links()._mark_pending()
        return result

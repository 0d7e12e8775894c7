"""A linked customer's tags of Xero contact groups: changed in Odoo, they go to Xero at
the next run (``engine/contact_groups.py``), which is called at once."""

from odoo import models

from ..xero import entities


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        result = super().write(vals)
        if "category_id" in vals and not self.env.context.get("xero_from_sync"):
            self._xero_tags_changed()
        return result

    def _xero_tags_changed(self):
        """A linked customer's tags changed: its contact groups follow at the next run,
        which is called now."""
        links = self._xero_links(entity_name=entities.CONTACT).filtered(
            lambda link: link.xero_id and link.connection_id.contact_groups
        )
        if links:
            links.sudo().write({"groups_pending": True})
            links.connection_id.sudo()._xero_wake()

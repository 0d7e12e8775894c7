"""A linked customer's tags of Xero contact groups: changed in Odoo, they go to Xero at
the next run (``engine/contact_groups.py``), which is called at once."""

from odoo import models

from ..engine import contact_groups
from ..engine.features import register_step
from ..xero import entities

register_step("sync_contact_groups", 40, contact_groups.sync_contact_groups, when=contact_groups.allowed)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        result = super().write(vals)
        if "category_id" in vals and not self.env.context.get("xero_from_sync"):
            self._xero_tags_changed()
        return result

    def _xero_group_tags(self):
        """The customer's tags, among which those of its Xero contact groups."""
        return self.category_id

    def _xero_take_group_tags(self, added, removed):
        """Xero's groups changed: the customer gains the tags ``added`` and loses the
        tags ``removed``, as the sync (not as a change to send back)."""
        self.with_context(xero_from_sync=True).write(
            {"category_id": [(4, tag.id) for tag in added] + [(3, tag.id) for tag in removed]}
        )

    def _xero_tags_changed(self):
        """A linked customer's tags changed: its contact groups follow at the next run,
        which is called now."""
        links = self._xero_links(entity_name=entities.CONTACT).filtered(
            lambda link: link.xero_id and link.connection_id.contact_groups
        )
        if links:
            links.sudo().write({"groups_pending": True})
            links.connection_id.sudo()._xero_wake()

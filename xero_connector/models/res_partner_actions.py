"""The partner form's Xero section: its state and its buttons, for the current company's
connection."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..access import XERO_USER, check_records, xero_role
from ..dialogs import open_wizard
from ..xero import entities
from .xero_sync_link import STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    xero_link_id = fields.Many2one("xero.sync.link", compute="_compute_xero_link", compute_sudo=True)
    xero_sync_state = fields.Selection(
        STATES + [("none", "Not linked")], "Xero State", compute="_compute_xero_link", compute_sudo=True
    )
    xero_contact_id = fields.Char("Xero Contact ID", compute="_compute_xero_link", compute_sudo=True)
    xero_last_sync = fields.Datetime("Last Xero Sync", compute="_compute_xero_link", compute_sudo=True)
    xero_error = fields.Text(compute="_compute_xero_link", compute_sudo=True)
    xero_warning = fields.Text(compute="_compute_xero_link", compute_sudo=True)
    xero_connected = fields.Boolean(compute="_compute_xero_link", compute_sudo=True)

    @api.depends_context("company")
    def _compute_xero_link(self):
        connection = self.env["xero.connection"].sudo()._xero_for_company(self.env.company)
        Link = self.env["xero.sync.link"]
        by_partner = Link._xero_by_record(self, connection) if connection else {}
        for partner in self:
            link = by_partner.get(partner.id) or Link
            partner.xero_connected = bool(connection)
            partner.xero_link_id = link
            partner.xero_sync_state = link._xero_record_state()
            partner.xero_contact_id = link.xero_id
            partner.xero_last_sync = link.last_sync_date
            partner.xero_error = link.last_error
            partner.xero_warning = link.warning

    def _xero_connection_for_action(self):
        self.ensure_one()
        if self.parent_id:
            raise UserError(
                _(
                    "%(person)s is a contact of %(company)s: Xero knows the company, export that instead.",
                    person=self.name,
                    company=self.commercial_partner_id.name,
                )
            )
        check_records(self, "write", current_company=True)
        connection = self.env["xero.connection"]._xero_for_user()
        connection._xero_check_allows(entities.CONTACT)
        return connection

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_export(self):
        """Open the export wizard (a company's main contact person, the ledger code)."""
        self._xero_connection_for_action()
        return open_wizard("xero.partner.export", _("Export to Xero"), {"default_partner_id": self.id})

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_update(self):
        return self._xero_update_now(self._xero_connection_for_action())

    @xero_role(XERO_USER, current_company=True)
    def action_xero_view(self):
        self.ensure_one()
        return self._xero_view_page(
            self.xero_contact_id, "/Contacts/View/%s", _("%s is not linked to a Xero contact yet.", self.name)
        )

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_link(self):
        self._xero_connection_for_action()
        return open_wizard(
            "xero.partner.link",
            _("Link to Xero Contact"),
            {"default_partner_id": self.id, "default_search": self.ref or self.email or self.name},
        )

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_unlink(self):
        """Forget the link (nothing changes in Xero); the partner can then be linked again."""
        connection = self._xero_connection_for_action()
        links = self._xero_links(connection)
        if links:
            self.message_post(body=_("Unlinked from Xero contact %s.", links.xero_id or "?"))
            links.unlink()
        return True

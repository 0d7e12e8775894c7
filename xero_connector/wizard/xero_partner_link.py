"""Link to Xero contact: find the contact a partner already is, compare, and link."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..access import XERO_USER, xero_role
from ..dialogs import reopen
from ..xero import entities


class XeroPartnerLink(models.TransientModel):
    _name = "xero.partner.link"
    _description = "Link a Partner to a Xero Contact"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True, ondelete="cascade")
    partner_email = fields.Char(related="partner_id.email", string="Email in Odoo")
    partner_ref = fields.Char(related="partner_id.ref", string="Ledger Code in Odoo")
    partner_phone = fields.Char(related="partner_id.phone", string="Phone in Odoo")
    search = fields.Char(help="A name or email (or part of one), or a ledger code.")
    line_ids = fields.One2many("xero.partner.link.line", "link_id", readonly=True)
    searched = fields.Boolean(readonly=True)

    @xero_role(XERO_USER, access="write")
    def action_search(self):
        self.ensure_one()
        term = (self.search or "").strip()
        if not term:
            raise UserError(_("Type a name, an email or a ledger code to look for."))
        connection = self.partner_id._xero_connection_for_action().sudo()
        Line = self.env["xero.partner.link.line"]
        self.write(
            {
                "searched": True,
                "line_ids": [fields.Command.clear()]
                + [fields.Command.create(Line._values_from(c)) for c in connection._xero_find_contacts(term)],
            }
        )
        return self._reopen()

    def _reopen(self):
        return reopen(self, _("Link to Xero Contact"))


class XeroPartnerLinkLine(models.TransientModel):
    _name = "xero.partner.link.line"
    _description = "Xero Contact Found"

    link_id = fields.Many2one("xero.partner.link", ondelete="cascade")
    export_id = fields.Many2one("xero.partner.export", ondelete="cascade")
    xero_id = fields.Char("Xero Contact ID", required=True)
    name = fields.Char("Name in Xero")
    email = fields.Char("Email in Xero")
    ref = fields.Char("Ledger Code in Xero")
    phone = fields.Char("Phone in Xero")

    @api.model
    def _values_from(self, contact):
        phones = {p.get("PhoneType"): p.get("PhoneNumber") for p in contact.get("Phones") or []}
        return {
            "xero_id": contact["ContactID"],
            "name": contact.get("Name"),
            "email": contact.get("EmailAddress"),
            "ref": contact.get("AccountNumber"),
            "phone": phones.get("DEFAULT"),
        }

    @xero_role(XERO_USER, access="write")
    def action_link_keep_xero(self):
        """Link, and take Xero's values into Odoo."""
        return self._link(keep="xero")

    @xero_role(XERO_USER, access="write")
    def action_link_keep_odoo(self):
        """Link, and send Odoo's values to Xero."""
        return self._link(keep="odoo")

    def _link(self, keep):
        self.ensure_one()
        partner = (self.link_id or self.export_id).partner_id
        connection = partner._xero_connection_for_action().sudo()
        Link = self.env["xero.sync.link"].sudo()
        taken = Link._xero_for_ids(connection, entities.CONTACT, [self.xero_id])
        if taken and taken.res_id != partner.id:
            raise UserError(
                _(
                    "This Xero contact is already linked to %s.",
                    self.env["res.partner"].browse(taken.res_id).display_name,
                )
            )
        partner._xero_links(connection).unlink()
        link = Link.create(
            {
                "connection_id": connection.id,
                "entity": entities.CONTACT,
                "res_model": "res.partner",
                "res_id": partner.id,
                "xero_id": self.xero_id,
                "state": "synced",
                "changed_by_id": self.env.uid,
            }
        )
        if keep == "xero":
            connection._xero_refresh_links(link)
        else:
            partner._xero_push_now(connection)
        partner.message_post(
            body=_(
                "Linked to Xero contact %(name)s, keeping %(side)s values.",
                name=self.name,
                side=_("Xero's") if keep == "xero" else _("Odoo's"),
            )
        )
        return {"type": "ir.actions.act_window_close"}

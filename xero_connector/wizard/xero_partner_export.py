"""Export to Xero: a partner becomes a Xero contact, after a look for one it already is."""

from odoo import _, api, fields, models

from ..access import XERO_USER, xero_role
from ..dialogs import reopen
from ..xero import entities


class XeroPartnerExport(models.TransientModel):
    _name = "xero.partner.export"
    _description = "Export a Partner to Xero"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True, ondelete="cascade")
    is_company = fields.Boolean(related="partner_id.is_company")
    contact_person_id = fields.Many2one(
        "res.partner",
        "Main Contact Person",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'contact')]",
        help="Xero shows this person as the contact; the company's other contacts go as contact persons.",
    )
    ref = fields.Char("Ledger Code", help="Xero's account number for this customer.")
    ledger_code_mode = fields.Selection(related="connection_id.ledger_code_mode")
    connection_id = fields.Many2one("xero.connection", compute="_compute_connection")
    existing_ids = fields.One2many("xero.partner.link.line", "export_id", readonly=True)

    @api.depends("partner_id")
    def _compute_connection(self):
        for wizard in self:
            wizard.connection_id = self.env["xero.connection"].sudo()._xero_for_company(self.env.company)

    @api.model
    @xero_role(XERO_USER)
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if partner:
            values.setdefault("ref", partner.ref)
            values.setdefault(
                "contact_person_id",
                (
                    partner.xero_contact_person_id
                    or partner.child_ids.filtered(lambda c: c.type == "contact").sorted("id")[:1]
                ).id,
            )
        return values

    @xero_role(XERO_USER, access="write")
    def action_export(self):
        """Look in Xero first: a contact the partner already is is offered for linking,
        never duplicated. Otherwise the partner goes to Xero when this commits."""
        self.ensure_one()
        partner = self.partner_id
        connection = partner._xero_connection_for_action().sudo()
        partner._xero_check_no_conflict(connection)
        if not self.existing_ids:
            found = self._xero_same_contacts(connection)
            if found:
                self.existing_ids = [
                    fields.Command.create(self.env["xero.partner.link.line"]._values_from(c)) for c in found
                ]
                return self._reopen()
        values = {}
        if self.contact_person_id != partner.xero_contact_person_id:
            values["xero_contact_person_id"] = self.contact_person_id.id
        ref = (self.ref or "").strip()
        if not ref and connection.ledger_code_mode == "sequence":
            ref = self.env["ir.sequence"].sudo().next_by_code("xero_connector.ledger_code")
        if ref != (partner.ref or ""):
            values["ref"] = ref or False
        if values:
            partner.write(values)
        partner._xero_push_now(connection)
        return {"type": "ir.actions.act_window_close"}

    def _xero_same_contacts(self, connection):
        """Active Xero contacts with the partner's ledger code, email or name."""
        partner, ref = self.partner_id, (self.ref or "").strip()
        found = {}
        with connection._xero_clicked(entities.CONTACT) as run:
            for field, value in (("AccountNumber", ref), ("EmailAddress", partner.email), ("Name", partner.name)):
                if not value:
                    continue
                for contact in run.client.active_contacts_with(connection.tenant_id, field, value):
                    found.setdefault(contact["ContactID"], contact)
        return list(found.values())

    def _reopen(self):
        return reopen(self, _("Export to Xero"))

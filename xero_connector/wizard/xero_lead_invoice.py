"""Create Draft Invoice on Xero, from an opportunity: which revenue account it credits."""

from odoo import api, fields, models

from ..access import XERO_USER, check_records, xero_role
from ..xero import entities


class XeroLeadInvoice(models.TransientModel):
    _name = "xero.lead.invoice"
    _description = "Create a Draft Invoice on Xero"

    lead_id = fields.Many2one("crm.lead", required=True, readonly=True, ondelete="cascade")
    connection_id = fields.Many2one("xero.connection", compute="_compute_connection")
    account_id = fields.Many2one(
        "xero.account",
        "Revenue Account",
        required=True,
        domain="[('connection_id', '=', connection_id), ('account_type', 'in', ('REVENUE', 'SALES'))]",
    )
    has_quotation = fields.Boolean(compute="_compute_connection")
    document = fields.Selection([("invoice", "Draft invoice"), ("quote", "Quote")], default="invoice", required=True)

    @api.depends("lead_id")
    def _compute_connection(self):
        for wizard in self:
            wizard.connection_id = self.env["xero.connection"].sudo()._xero_for_company(self.env.company)
            wizard.has_quotation = bool(wizard.lead_id._xero_quotation())

    @api.model
    @xero_role(XERO_USER)
    def default_get(self, fields_list):
        """Xero's revenue accounts, read now; the settings' default proposed."""
        values = super().default_get(fields_list)
        check_records(self.env["crm.lead"].browse(values.get("lead_id")), "write", current_company=True)
        connection = self.env["xero.connection"]._xero_for_user().sudo()
        connection._xero_refresh_accounts()
        code = (
            self.env["crm.lead"].browse(values.get("lead_id")).xero_revenue_account_code
            or connection.default_revenue_account_code
        )
        if code:
            account = self.env["xero.account"].search(
                [
                    ("connection_id", "=", connection.id),
                    ("code", "=", code),
                    ("account_type", "in", ("REVENUE", "SALES")),
                ],
                limit=1,
            )
            values.setdefault("account_id", account.id)
        return values

    @xero_role(XERO_USER, access="write")
    def action_create(self):
        self.ensure_one()
        check_records(self.lead_id, "write", current_company=True)
        connection = self.env["xero.connection"]._xero_for_user()
        self.lead_id.sudo().xero_revenue_account_code = self.account_id.code
        self.lead_id._xero_send(connection, entities.LEAD_QUOTE if self.document == "quote" else entities.LEAD_INVOICE)
        return {"type": "ir.actions.act_window_close"}

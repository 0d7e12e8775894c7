"""``xero.account``: an account of the organisation's chart of accounts, as Xero has it."""

from odoo import api, fields, models


class XeroAccount(models.Model):
    _name = "xero.account"
    _description = "Xero Account"
    _order = "code"
    _rec_names_search = ["code", "name"]

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero ID", required=True)
    code = fields.Char()
    name = fields.Char(required=True)
    account_type = fields.Char("Type")
    active = fields.Boolean(default=True)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for account in self:
            account.display_name = "%s %s" % (account.code or "", account.name)

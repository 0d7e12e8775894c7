"""``xero.account``: an account of the organisation's chart of accounts, as Xero has it."""

from odoo import api, fields, models


class XeroAccount(models.Model):
    _name = "xero.account"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Account"
    _order = "code"
    _rec_names_search = ["code", "name"]

    xero_id = fields.Char("Xero ID", required=True)
    code = fields.Char()
    name = fields.Char(required=True)
    account_type = fields.Char("Type")
    active = fields.Boolean(default=True)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for account in self:
            account.display_name = "%s %s" % (account.code or "", account.name)

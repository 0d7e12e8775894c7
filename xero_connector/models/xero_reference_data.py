"""Xero's reference data, kept per connection for choosing in Odoo: the chart of
accounts, the branding themes and the tracking options, read again on request."""

from odoo import api, fields, models


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    def action_xero_refresh_reference_data(self):
        """Xero's accounts, branding themes and tracking categories, read again."""
        self.ensure_one()
        self._xero_refresh_accounts()
        client = self._xero_client()
        themes = client.accounting_json(self.tenant_id, "get_branding_themes").get("BrandingThemes", [])
        self._xero_store_reference(
            "xero.branding.theme", {theme["BrandingThemeID"]: {"name": theme["Name"]} for theme in themes}
        )
        categories = client.accounting_json(self.tenant_id, "get_tracking_categories").get("TrackingCategories", [])
        self._xero_store_reference(
            "xero.tracking.option",
            {
                option["TrackingOptionID"]: {
                    "category": category["Name"],
                    "name": option["Name"],
                    "active": category.get("Status", "ACTIVE") == "ACTIVE"
                    and option.get("Status", "ACTIVE") == "ACTIVE",
                }
                for category in categories
                for option in category.get("Options") or []
            },
        )
        return True

    def _xero_refresh_accounts(self):
        """Xero's chart of accounts, read again (one call)."""
        self.ensure_one()
        accounts = self._xero_client().accounting_json(self.tenant_id, "get_accounts").get("Accounts", [])
        self._xero_store_reference(
            "xero.account",
            {
                account["AccountID"]: {
                    "code": account.get("Code") or False,
                    "name": account.get("Name") or "",
                    "account_type": account.get("Type") or False,
                    "active": account.get("Status", "ACTIVE") == "ACTIVE",
                }
                for account in accounts
            },
        )

    def _xero_store_reference(self, model, rows):
        """Keep this connection's copy of a Xero list: ``rows`` maps each Xero id to its
        values; known ids are updated, new ones created."""
        Model = self.env[model].with_context(active_test=False)
        known = {record.xero_id: record for record in Model.search([("connection_id", "=", self.id)])}
        for xero_id, values in rows.items():
            if xero_id in known:
                known[xero_id].write(values)
            else:
                Model.create(dict(values, connection_id=self.id, xero_id=xero_id))


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


class XeroBrandingTheme(models.Model):
    _name = "xero.branding.theme"
    _description = "Xero Branding Theme"

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero ID", required=True)
    name = fields.Char(required=True)


class XeroTrackingOption(models.Model):
    _name = "xero.tracking.option"
    _description = "Xero Tracking Option"
    _order = "category, name"

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero ID", required=True)
    category = fields.Char(required=True)
    name = fields.Char("Option", required=True)
    active = fields.Boolean(default=True)

    @api.depends("category", "name")
    def _compute_display_name(self):
        for option in self:
            option.display_name = "%s: %s" % (option.category, option.name)

"""A connection's sales-document options, and Xero's chart of accounts for choosing."""
from odoo import _, api, fields, models

from ..xero import entities
from ..xero.errors import XeroError
from .xero_sync_tools import RunStats


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    push_confirmed_orders = fields.Boolean(
        "Invoice Confirmed Orders", default=True,
        help="Confirming a quotation creates a draft invoice in Xero at once.")
    default_delivery_account_code = fields.Char(
        "Delivery Account", help="Xero account code for delivery and shipping lines, e.g. 220.")
    delivery_product_id = fields.Many2one(
        "product.product", "Delivery Product", help="Lines with this product are delivery lines (lines of "
                                                     "Odoo's Delivery app are recognised without it).")
    default_revenue_account_code = fields.Char(
        "Default Revenue Account", help="Proposed for draft invoices made from opportunities, e.g. 200.")
    xero_account_ids = fields.One2many("xero.account", "connection_id", "Xero Accounts")
    branding_theme_id = fields.Many2one(
        "xero.branding.theme", "Branding Theme", domain="[('connection_id', '=', id)]",
        help="The look of the invoices Odoo creates in Xero (Xero's default when empty).")
    tracking_option_id = fields.Many2one(
        "xero.tracking.option", "Tracking", domain="[('connection_id', '=', id)]",
        help="The tracking category option put on every line of the invoices Odoo creates, e.g. Region: North.")

    def _xero_delete_draft_invoice(self, invoice_id):
        """Delete a draft invoice in Xero; say so, or say what to do by hand."""
        client = self._xero_client()
        try:
            answer = client.accounting_json(self.tenant_id, "update_invoice", invoice_id,
                                            {"Invoices": [{"InvoiceID": invoice_id, "Status": "DELETED"}]})
            self._xero_apply_page(client, entities.get("invoice"), answer.get("Invoices", []), RunStats())
            message, kind = _("Its draft invoice was deleted in Xero."), "success"
        except XeroError as error:
            message = _("Xero did not delete its draft invoice (%s): delete it in Xero.", error.message)
            kind = "warning"
        self.env.user._bus_send("simple_notification", {"type": kind, "title": _("Xero"), "message": message})

    def action_xero_refresh_reference_data(self):
        """Xero's accounts, branding themes and tracking categories, read again."""
        self.ensure_one()
        self._xero_refresh_accounts()
        client = self._xero_client()
        themes = client.accounting_json(self.tenant_id, "get_branding_themes").get("BrandingThemes", [])
        self._xero_store_reference("xero.branding.theme", {
            theme["BrandingThemeID"]: {"name": theme["Name"]} for theme in themes})
        categories = client.accounting_json(self.tenant_id, "get_tracking_categories").get("TrackingCategories", [])
        self._xero_store_reference("xero.tracking.option", {
            option["TrackingOptionID"]: {
                "category": category["Name"], "name": option["Name"],
                "active": category.get("Status", "ACTIVE") == "ACTIVE" and option.get("Status", "ACTIVE") == "ACTIVE"}
            for category in categories for option in category.get("Options") or []})
        return True

    def _xero_refresh_accounts(self):
        """Xero's chart of accounts, read again (one call)."""
        self.ensure_one()
        accounts = self._xero_client().accounting_json(self.tenant_id, "get_accounts").get("Accounts", [])
        self._xero_store_reference("xero.account", {
            account["AccountID"]: {"code": account.get("Code") or False, "name": account.get("Name") or "",
                                   "account_type": account.get("Type") or False,
                                   "active": account.get("Status", "ACTIVE") == "ACTIVE"}
            for account in accounts})

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

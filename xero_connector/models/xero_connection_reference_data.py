"""Xero's reference data, kept per connection for choosing in Odoo: the chart of
accounts, the branding themes and the tracking options, read again on request."""

from odoo import _, models

from ..access import XERO_ADMIN, xero_role


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    @xero_role(XERO_ADMIN, access="write")
    def action_xero_refresh_reference_data(self):
        """Xero's accounts, branding themes and tracking categories, read again."""
        self.ensure_one()
        self._xero_refresh_accounts()
        with self._xero_clicked("reference") as run:
            themes = run.client.branding_themes(self.tenant_id)
            categories = run.client.tracking_categories(self.tenant_id)
        self._xero_store_reference(
            "xero.branding.theme", {theme["BrandingThemeID"]: {"name": theme["Name"]} for theme in themes}
        )
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
        with self._xero_clicked("reference") as run:
            accounts = run.client.accounts(self.tenant_id)
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

    def _xero_branding_theme(self, xero_id):
        """The branding theme Xero knows by ``xero_id`` (none for False). One Odoo has not
        read yet is kept under a provisional name, which the next refresh corrects: no
        call is spent on it, and the customer's theme is not lost meanwhile."""
        self.ensure_one()
        Theme = self.env["xero.branding.theme"].sudo()
        if not xero_id:
            return Theme
        theme = Theme.search([("connection_id", "=", self.id), ("xero_id", "=", xero_id)], limit=1)
        return theme or Theme.create(
            {"connection_id": self.id, "xero_id": xero_id, "name": _("Theme %s (refresh to name it)", xero_id[:8])}
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

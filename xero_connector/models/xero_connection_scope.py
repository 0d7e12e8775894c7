"""What a connection syncs, in which direction, and how often: the admin's switches."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..xero import entities, scopes

DIRECTIONS = [("both", "Both ways"), ("import", "From Xero only"), ("export", "To Xero only"), ("off", "Off")]


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    contacts_only = fields.Boolean(
        help="Sync customers only: for companies whose stock and invoicing run through another system "
        "but who want Xero's ledger codes on their customers."
    )
    customers_direction = fields.Selection(
        DIRECTIONS, "Customers", default="both", required=True, help="Partners and Xero contacts."
    )
    contact_groups = fields.Boolean(
        "Contact Groups as Tags",
        default=True,
        help="Xero's contact groups become partner tags, and a customer's group tags follow its groups both "
        "ways. Xero's groups are read on a quiet schedule: one call, plus one per group.",
    )
    products_direction = fields.Selection(
        DIRECTIONS, "Products", default="both", required=True, help="Product variants and Xero items."
    )
    documents_direction = fields.Selection(
        DIRECTIONS,
        "Sales Documents",
        default="both",
        required=True,
        help="From Xero: invoices, credit notes and purchase orders, for reporting. To Xero: draft invoices "
        "of confirmed quotations and opportunities.",
    )

    scope_set = fields.Selection(
        [
            (scopes.GRANULAR, "Granular scopes (Xero apps created from 2 March 2026)"),
            (scopes.BROAD, "Broad scopes (older Xero apps, until September 2027)"),
        ],
        "Scopes",
        default=scopes.GRANULAR,
        required=True,
        help="Xero apps created on or after 2 March 2026 can ask only for granular scopes "
        "(accounting.invoices instead of accounting.transactions).",
    )
    broad_scopes_warning = fields.Char(compute="_compute_broad_scopes_warning")
    requested_scopes = fields.Char(
        compute="_compute_requested_scopes", help="What Connect asks Xero for, from what this connection syncs."
    )

    @api.depends(
        "scope_set", "auth_mode", "contacts_only", "customers_direction", "products_direction", "documents_direction"
    )
    def _compute_requested_scopes(self):
        for connection in self:
            connection.requested_scopes = connection._xero_requested_scopes()

    @api.depends("scope_set")
    def _compute_broad_scopes_warning(self):
        for connection in self:
            connection.broad_scopes_warning = (
                _(
                    "This connection uses Xero's broad scopes, which Xero ends on %s: switch to granular scopes "
                    "and click Reconnect before then (an app created before March 2026 may use either).",
                    scopes.BROAD_SCOPES_END,
                )
                if connection.scope_set == scopes.BROAD
                else False
            )

    def _xero_requested_scopes(self):
        """The scopes for what this connection syncs: read-only where it only imports."""
        self.ensure_one()
        allowed = {
            (entity.group, direction)
            for entity in entities.all_entities()
            for direction in ("import", "export")
            if self._xero_allows(entity, direction)
        }
        documents = ("documents", "export") in allowed
        # the organisation, tax rates, accounts and tracking categories: read only
        needs = {"settings": "read"}
        # an invoice sent also sends its customer
        if ("customers", "export") in allowed or documents:
            needs["contacts"] = "write"
        elif ("customers", "import") in allowed:
            needs["contacts"] = "read"
        # items are written for products and for the lines of invoices sent; the
        # settings scope, always there, reads them
        if ("products", "export") in allowed or documents:
            needs["items"] = "write"
        if documents:
            needs["documents"] = "write"
        elif ("documents", "import") in allowed:
            needs["documents"] = "read"
        return scopes.requested_scopes(self.scope_set, needs, offline=self.auth_mode == "oauth")

    def _xero_allows(self, entity, direction):
        """Whether this connection syncs ``entity`` in ``direction`` (import or export)."""
        self.ensure_one()
        if self.contacts_only and entity.group != "customers":
            return False
        return self["%s_direction" % entity.group] in ("both", direction)

    def _xero_reads(self, entity):
        """Whether the routine sync reads ``entity`` from Xero for this connection at all:
        a read entity, switched on, and of use to it (quotes only once it makes quotes)."""
        self.ensure_one()
        return (
            entity.pull and self._xero_allows(entity, "import") and self.env[entity.odoo_model]._xero_read_wanted(self)
        )

    def _xero_check_allows(self, entity_name, direction="export"):
        """For buttons: say so when the admin switched this off."""
        entity = entities.get(entity_name)
        if not self._xero_allows(entity, direction):
            raise UserError(
                _(
                    "Sending %(what)s to Xero is switched off on the company's Xero connection.",
                    what=self._fields["%s_direction" % entity.group].string.lower(),
                )
            )

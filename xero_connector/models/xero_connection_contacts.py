"""A connection's customer options: how contacts are classified, created and pushed."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..access import XERO_ADMIN, xero_role
from ..xero import entities, mapping_contacts


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    b2c_classify = fields.Boolean(
        "Tell Private Customers Apart",
        default=True,
        help="Imported contacts are companies unless their name matches the pattern below.",
    )
    b2c_pattern = fields.Char(
        "Private Customer Pattern",
        default=mapping_contacts.DEFAULT_B2C_PATTERN,
        help="A regular expression (case ignored): names it finds are private persons, not companies.",
    )
    push_new_customers = fields.Boolean(default=True, help="A customer created in Odoo is sent to Xero at once.")
    push_changes_now = fields.Boolean(
        "Push Customer Changes at Once",
        help="Changes to a linked customer go to Xero when saved, not with the next routine sync.",
    )
    ledger_code_mode = fields.Selection(
        [("sequence", "Generate from a sequence"), ("blank", "Leave blank")],
        "New Ledger Codes",
        default="sequence",
        required=True,
        help="What a customer exported without a Reference gets as its Xero account number.",
    )
    default_sales_tax_type = fields.Char(help="Xero tax type given to new contacts that have none, e.g. OUTPUT2.")
    template_contact_name = fields.Char(
        "Template Contact",
        help="A Xero contact whose branding theme, payment terms, tracking, "
        "default accounts and tax types new contacts from Odoo inherit.",
    )
    template_contact_xero_id = fields.Char("Template Contact ID", readonly=True, copy=False)
    template_values = fields.Json(readonly=True, copy=False)
    template_summary = fields.Text(compute="_compute_template_summary")

    @api.constrains("b2c_pattern")
    def _check_b2c_pattern(self):
        """Every imported contact's name is matched against it: one that does not
        compile, or can backtrack for ever, would fail or stall each sync run."""
        for connection in self.filtered("b2c_pattern"):
            problem = mapping_contacts.b2c_pattern_problem(connection.b2c_pattern)
            if problem is not None:
                raise ValidationError(problem.translated(self.env._))

    @api.depends("template_values")
    def _compute_template_summary(self):
        for connection in self:
            connection.template_summary = ", ".join(sorted(connection.template_values or {})) or False

    @api.model
    def _xero_for_company(self, company):
        """The company's connection, if it is connected."""
        return self.search([("company_id", "=", company.id), ("state", "=", "connected")], limit=1)

    @api.model
    def _xero_for_user(self):
        connection = self.sudo()._xero_for_company(self.env.company)
        if not connection:
            raise UserError(
                _(
                    "%s is not connected to Xero. An administrator connects it from Sales > Configuration > Xero.",
                    self.env.company.name,
                )
            )
        return connection

    @xero_role(XERO_ADMIN, access="write")
    def action_xero_load_template(self):
        """Find the template contact by name in Xero and keep what it passes on."""
        self.ensure_one()
        name = (self.template_contact_name or "").strip()
        if not name:
            self.write({"template_contact_xero_id": False, "template_values": False})
            return True
        with self._xero_clicked(entities.CONTACT) as run:
            contacts = run.client.contacts_named(self.tenant_id, name)
        if not contacts:
            raise UserError(_("No Xero contact is named %s.", name))
        contact = contacts[0]  # a paged read returns whole contacts
        self.write(
            {
                "template_contact_name": contact["Name"],
                "template_contact_xero_id": contact["ContactID"],
                "template_values": mapping_contacts.template_defaults(contact),
            }
        )
        return True

    def _xero_find_contacts(self, term, limit=20):
        """Active Xero contacts whose name or email contains ``term`` (Xero's search), or
        whose account number is ``term`` (searches leave account numbers out)."""
        with self._xero_clicked(entities.CONTACT) as run:
            found = run.client.search_contacts(self.tenant_id, term, limit)
            by_code = run.client.contacts_with_account_number(self.tenant_id, term, limit)
        unique = {}
        for contact in by_code + found:  # the ledger code's match first
            unique.setdefault(contact["ContactID"], contact)
        return list(unique.values())[:limit]

    def _xero_deep_link(self, path):
        """A link that opens ``path`` in Xero, in this organisation."""
        return "https://go.xero.com/organisationlogin/default.aspx?shortcode=%s&redirecturl=%s" % (
            self.short_code or "",
            path,
        )

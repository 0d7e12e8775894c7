"""``xero.tracking.rule``: where the lines of the documents a connection sends take their
option in one of Xero's tracking categories (Xero allows two active categories): a fixed
option, the document's sales team or salesperson, or the line's analytic account; and
``xero.tracking.mapping``, the table from those Odoo values to Xero's options."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..access import XERO_ADMIN, xero_role
from ..odoo_series import Constraint
from ..xero.mapping_contacts import fold

# Xero allows two active tracking categories per organisation
MAX_CATEGORIES = 2
SOURCES = [
    ("fixed", "A fixed option"),
    ("team", "The sales team"),
    ("user", "The salesperson"),
    ("analytic", "The line's analytic account"),
]
# the mapping's Odoo field for each source, and the model it points to
SOURCE_FIELDS = {
    "team": ("team_id", "crm.team"),
    "user": ("user_id", "res.users"),
    "analytic": ("analytic_account_id", "account.analytic.account"),
}


class XeroTrackingRule(models.Model):
    _name = "xero.tracking.rule"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Tracking Rule"

    category = fields.Char(required=True, help="The Xero tracking category, as Xero names it, e.g. Region.")
    source = fields.Selection(SOURCES, "Option From", required=True, default="fixed")
    fixed_option_id = fields.Many2one(
        "xero.tracking.option",
        "Option",
        check_company=True,
        domain="[('connection_id', '=', connection_id), ('category', '=', category)]",
    )
    analytic_plan_id = fields.Many2one(
        "account.analytic.plan",
        help="The line's analytic account of this plan (any plan when empty; the largest share wins).",
    )
    mapping_ids = fields.One2many("xero.tracking.mapping", "rule_id", "Options by Odoo Value")

    _category_unique = Constraint(
        "unique(connection_id, category)", "Each Xero tracking category has one rule on a connection."
    )

    @api.constrains("connection_id")
    def _check_two_categories(self):
        for connection in self.connection_id:
            if self.search_count([("connection_id", "=", connection.id)]) > MAX_CATEGORIES:
                raise ValidationError(_("Xero allows two tracking categories: a connection has two rules at most."))

    def _option_for(self, document, line=None):
        """``(option, unmapped value)`` of this category for a line of ``document`` (an
        order or an opportunity): the option, or the Odoo value no option is mapped
        to (said on the document before anything is sent), or neither when the line
        has no such value."""
        self.ensure_one()
        if self.source == "fixed":
            return self.fixed_option_id, None
        value = self._value_of(document, line)
        if not value:
            return self.env["xero.tracking.option"], None
        field = SOURCE_FIELDS[self.source][0]
        mapping = self.mapping_ids.filtered(lambda m, value=value, field=field: m[field] == value)[:1]
        return (mapping.option_id, None) if mapping else (self.env["xero.tracking.option"], value)

    def _value_of(self, document, line):
        if self.source == "team":
            return document.team_id
        if self.source == "user":
            return document.user_id
        if not line or not getattr(line, "analytic_distribution", None):
            return self.env["account.analytic.account"]
        shares = {}
        for key, share in line.analytic_distribution.items():
            for account_id in str(key).split(","):
                shares[int(account_id)] = shares.get(int(account_id), 0) + share
        accounts = self.env["account.analytic.account"].browse(list(shares)).exists()
        if self.analytic_plan_id:
            accounts = accounts.filtered(lambda a: a.plan_id == self.analytic_plan_id)
        return accounts.sorted(lambda a: -shares[a.id])[:1]

    @xero_role(XERO_ADMIN, access="write")
    def action_prefill(self):
        """Map each Odoo value to the option of the same name (case and accents aside),
        where it has none yet."""
        for rule in self.filtered(lambda r: r.source in SOURCE_FIELDS):
            field, model = SOURCE_FIELDS[rule.source]
            options = {
                fold(option.name): option
                for option in self.env["xero.tracking.option"].search(
                    [("connection_id", "=", rule.connection_id.id), ("category", "=", rule.category)]
                )
            }
            mapped = set(rule.mapping_ids.mapped(field).ids)
            for record in self.env[model].search([]):
                option = options.get(fold(record.display_name))
                if option and record.id not in mapped:
                    rule.mapping_ids.create({"rule_id": rule.id, field: record.id, "option_id": option.id})
        return True


class XeroTrackingMapping(models.Model):
    _name = "xero.tracking.mapping"
    _description = "Xero Tracking Option of an Odoo Value"
    _check_company_auto = True

    rule_id = fields.Many2one("xero.tracking.rule", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    team_id = fields.Many2one("crm.team", "Sales Team", ondelete="cascade", check_company=True)
    user_id = fields.Many2one("res.users", "Salesperson", ondelete="cascade")
    analytic_account_id = fields.Many2one("account.analytic.account", ondelete="cascade", check_company=True)
    option_id = fields.Many2one(
        "xero.tracking.option",
        "Xero Option",
        required=True,
        ondelete="cascade",
        check_company=True,
        domain="[('category', '=', parent.category)]",
    )

"""A connection's sales-document options: accounts, branding and tracking of the
invoices it creates, whether they are approved and emailed by Xero, and the deletion of
a draft whose order was cancelled."""

from odoo import _, fields, models

from ..xero import entities
from ..xero.errors import XeroError


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    push_confirmed_orders = fields.Boolean(
        "Invoice Confirmed Orders", default=True, help="Confirming a quotation creates a draft invoice in Xero at once."
    )
    push_sent_quotations = fields.Boolean(
        "Quote Sent Quotations",
        help="A quotation sent to the customer becomes a Xero quote (SENT) at once, kept up to date while it "
        "is a quotation; confirmed, it becomes the draft invoice as usual (if Invoice Confirmed Orders is on), "
        "whose reference names the quote. The customer's answer in Xero comes back to the order.",
    )
    opportunity_document = fields.Selection(
        [("invoice", "Draft invoice"), ("quote", "Quote")],
        default="invoice",
        required=True,
        help="What a CRM stage marked Create Xero Document makes of the opportunities entering it.",
    )
    approve_invoices = fields.Boolean(
        help="Invoices of confirmed orders are created approved (AUTHORISED) in Xero instead of as drafts. Odoo "
        "never changes an approved invoice: later changes are made in Xero (a credit note, or void it and invoice "
        "again). Opportunities' invoices stay drafts.",
    )
    email_invoices = fields.Boolean(
        "Email Approved Invoices",
        help="Xero emails each invoice approved this way to the customer (its email address and the contact "
        "persons included in emails), with the organisation's email template: one more call per invoice. A "
        "customer without an email address, or Xero's daily email limit, stops it: the order says so.",
    )
    refuse_over_credit_limit = fields.Boolean(
        "Refuse Orders Over the Credit Limit",
        help="With Odoo's Sales Credit Limit, a quotation whose customer would go over its credit limit (counting "
        "what it owes in Xero) cannot be confirmed by a salesperson; a Sales manager may confirm it anyway, which "
        "the order's chatter records.",
    )
    refuse_overdue_days = fields.Integer(
        "Refuse Orders Overdue Beyond (days)",
        help="A quotation whose customer has an invoice in Xero unpaid this many days past its due date cannot be "
        "confirmed by a salesperson; a Sales manager may confirm it anyway, which the order's chatter records. "
        "0: no such rule.",
    )
    default_delivery_account_code = fields.Char(
        "Delivery Account", help="Xero account code for delivery and shipping lines, e.g. 220."
    )
    delivery_product_id = fields.Many2one(
        "product.product",
        check_company=True,
        help="Lines with this product are delivery lines (lines of Odoo's Delivery app are recognised without it).",
    )
    default_revenue_account_code = fields.Char(
        "Default Revenue Account", help="Proposed for draft invoices made from opportunities, e.g. 200."
    )
    xero_account_ids = fields.One2many("xero.account", "connection_id", "Xero Accounts")
    branding_theme_id = fields.Many2one(
        "xero.branding.theme",
        check_company=True,
        domain="[('connection_id', '=', id)]",
        help="The look of the invoices Odoo creates in Xero (Xero's default when empty).",
    )
    tracking_rule_ids = fields.One2many(
        "xero.tracking.rule",
        "connection_id",
        "Tracking Categories",
        help="For each of Xero's (at most two) tracking categories, where a line's option comes from: a fixed "
        "option, the sales team, the salesperson, or the line's analytic account.",
    )

    def _xero_line_tracking(self, document, line=None):
        """``[[category, option], ...]`` of a line of ``document`` (None: a document's
        single line): each rule's option."""
        self.ensure_one()
        tracking = []
        for rule in self.tracking_rule_ids:
            option, _unmapped = rule._option_for(document, line)
            if option:
                tracking.append([rule.category, option.name])
        return tracking

    def _xero_tracking_problems(self, document, lines):
        """What has no option in a tracking category, said before anything is sent."""
        self.ensure_one()
        problems = []
        for rule in self.tracking_rule_ids:
            for line in lines or [None]:
                _option, unmapped = rule._option_for(document, line)
                if unmapped:
                    problems.append(
                        _(
                            "%(value)s has no option in Xero's tracking category %(category)s: map it on the Xero "
                            "connection (Sales tab, Tracking Categories).",
                            value=unmapped.display_name,
                            category=rule.category,
                        )
                    )
        return problems

    def _xero_delete_draft_invoice(self, invoice_id):
        """Delete a draft invoice in Xero; say so, or say what to do by hand."""
        try:
            with self._xero_clicked(entities.INVOICE, "push") as run:
                run.apply(entities.get(entities.INVOICE), run.client.delete_draft_invoice(self.tenant_id, invoice_id))
            message, kind = _("Its draft invoice was deleted in Xero."), "success"
        except XeroError as error:
            message = _(
                "Xero did not delete its draft invoice (%s): delete it in Xero.", error.user_message(self.env._)
            )
            kind = "warning"
        self.env.user._bus_send("simple_notification", {"type": kind, "title": _("Xero"), "message": message})

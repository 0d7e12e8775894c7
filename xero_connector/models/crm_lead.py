"""Opportunities: a draft invoice in Xero at the click of a button, the customer's
position in Xero, and customers created from them pushed like any other."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..access import XERO_USER, xero_role
from ..dialogs import open_wizard
from ..xero import entities
from ..xero import mapping_documents as mapping
from .xero_invoiced_mixin import customer_figure

# the draft invoice's keys and the opportunity fields each is made from (its latest
# quotation's, when it has one)
INVOICE_SOURCES = {
    "status": (),  # always a draft
    "contact_xero_id": ("partner_id",),
    "date": (),  # Xero's today
    "due_date": (),  # the contact's terms
    "currency": ("order_ids", "company_currency"),
    "reference": ("name",),
    "url": (),
    "line_amount_types": ("order_ids",),
    "lines": ("order_ids", "name", "expected_revenue", "xero_revenue_account_code", "team_id", "user_id"),
    "branding_theme": ("partner_id",),  # the customer's theme, else the connection's
}


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "xero.invoiced.mixin", "xero.quoted.mixin"]

    _xero_entity = entities.LEAD_INVOICE
    _xero_quote_entity = entities.LEAD_QUOTE
    # the quote is sent on a click, like the invoice: these fields are not watched
    _xero_quote_sources = {"status": (), "title": ("name",), "expiry_date": ("date_deadline",)}
    _xero_invoice_sources = INVOICE_SOURCES
    # sent when the salesperson clicks Create or Update Draft Invoice on Xero, not on change
    _xero_watched_fields = ()

    xero_outstanding = customer_figure("xero_outstanding")
    xero_overdue = customer_figure("xero_overdue")
    xero_age_current = customer_figure("xero_age_current")
    xero_age_1_30 = customer_figure("xero_age_1_30")
    xero_age_31_60 = customer_figure("xero_age_31_60")
    xero_age_61_90 = customer_figure("xero_age_61_90")
    xero_age_over_90 = customer_figure("xero_age_over_90")
    xero_revenue_account_code = fields.Char(
        "Xero Revenue Account", readonly=True, help="The account the opportunity's draft invoice credits."
    )

    def _create_customer(self, *args, **kwargs):
        # 19.0 passes with_parent, 18.0 nothing: what Odoo passes goes on unchanged
        partner = super()._create_customer(*args, **kwargs)
        # a customer created from an opportunity is new to Xero whatever its kind; under a
        # company, the company is Xero's contact
        partner.commercial_partner_id._xero_push_new_customers(customers_only=False)
        return partner

    # -- the draft invoice's values ---------------------------------------------------------
    def _xero_quotation(self):
        """The quotation the invoice's lines come from: the confirmed one, else the latest."""
        self.ensure_one()
        orders = self.order_ids.filtered(lambda o: o.state != "cancel")
        return (orders.filtered(lambda o: o.state == "sale") or orders).sorted("id", reverse=True)[:1]

    def _xero_invoiced_lines(self):
        return self.env["sale.order.line"].union(*(lead._xero_quotation().order_line for lead in self))

    def _xero_invoice_values(self, connection):
        quotation = self._xero_quotation()
        account = self.xero_revenue_account_code
        if quotation:
            document_lines = self._xero_document_lines(quotation.order_line, connection, default_account=account)
            currency = quotation.currency_id
        else:
            lines = [
                {
                    "item_code": False,
                    "description": self.name,
                    "quantity": 1,
                    "unit_price": round(self.expected_revenue, mapping.UNIT_DECIMALS),
                    "discount": 0,
                    "tax_type": connection.default_sales_tax_type or False,
                    "account_code": account or False,
                    "tracking": connection._xero_line_tracking(self),
                }
            ]
            document_lines = {"line_amount_types": "Exclusive", "lines": lines}
            currency = self.company_currency or self.company_id.currency_id
        return {
            "status": "DRAFT",
            "date": False,
            "due_date": False,
            "currency": currency.name,
            "reference": self._xero_reference(),
            "url": "%s/odoo/crm.lead/%d" % (self.get_base_url(), self.id),
            **self._xero_customer_values(connection),
            **document_lines,
        }

    def _xero_reference(self):
        return self.name

    def _xero_quote_expiry(self):
        return fields.Date.to_string(self.date_deadline) if self.date_deadline else False

    def _xero_invoice_problems(self, values, connection):
        return self._xero_without_customer() + super()._xero_invoice_problems(values, connection)

    def _xero_quote_problems(self, values, connection):
        return self._xero_without_customer() + super()._xero_quote_problems(values, connection)

    def _xero_without_customer(self):
        return [] if self.partner_id else [_("Choose the opportunity's customer first.")]

    # -- buttons ----------------------------------------------------------------------------
    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_draft_invoice(self):
        """Create Draft Invoice on Xero: choose the revenue account first."""
        self.ensure_one()
        self.check_access("write")
        self.env["xero.connection"]._xero_for_user()._xero_check_allows(entities.LEAD_INVOICE)
        return open_wizard("xero.lead.invoice", _("Create Draft Invoice on Xero"), {"default_lead_id": self.id})

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_quote(self):
        """Create Quote on Xero: the same revenue account as for the invoice; Update Quote
        on Xero: the quote again, while Xero takes changes."""
        self.ensure_one()
        self.check_access("write")
        connection = self.env["xero.connection"]._xero_for_user()
        connection._xero_check_allows(entities.LEAD_QUOTE)
        if not self.xero_quote_id and not self.xero_revenue_account_code:
            action = self.action_xero_draft_invoice()
            action["name"] = _("Create Quote on Xero")
            action["context"] = dict(action["context"], default_document="quote")
            return action
        self._xero_send(connection, entities.LEAD_QUOTE)
        return True

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_update_invoice(self):
        """Update Draft Invoice on Xero, while Xero still takes changes; a new draft if
        Xero's was voided or deleted."""
        self.ensure_one()
        self.check_access("write")
        connection = self.env["xero.connection"]._xero_for_user()
        connection._xero_check_allows(entities.LEAD_INVOICE)
        self._xero_check_editable()
        self._xero_send(connection)
        return True

    def _xero_check_editable(self):
        for lead in self.filtered("xero_transaction_id"):
            transaction = lead.xero_transaction_id
            if transaction.status not in mapping.EDITABLE_STATUSES and not transaction.flag:
                raise UserError(
                    _(
                        "Xero invoice %(number)s of %(lead)s is %(status)s: Xero no longer takes changes to it, and "
                        "it cannot be deleted from Odoo. Void it in Xero (or raise a credit note) first.",
                        number=transaction.number,
                        lead=lead.name,
                        status=transaction.status,
                    )
                )

    def unlink(self):
        """Deleting an opportunity deletes its draft invoice in Xero (after the commit);
        once Xero has authorised the invoice, both are refused."""
        self._xero_check_editable()
        self._xero_withdraw_drafts()
        return super().unlink()

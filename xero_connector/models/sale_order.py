"""Quotations: a confirmed order becomes a draft invoice in Xero; the order shows the
invoice's number, status and amount due, the customer's position, and Xero's stock on
its lines."""

from odoo import _, api, fields, models

from ..access import XERO_USER, xero_role
from ..xero import entities
from .xero_invoiced_mixin import ORDER_LINE_WATCHED, customer_figure, fields_behind

# the draft invoice's keys and the order fields each is made from: all watched, a change
# of any sends the invoice again
INVOICE_SOURCES = {
    "status": (),  # approved at creation when the connection says so, else a draft
    "contact_xero_id": ("partner_id", "partner_invoice_id"),
    "date": ("date_order",),
    "due_date": ("date_order", "payment_term_id"),
    "currency": ("currency_id", "pricelist_id"),
    # else the order's number, which never changes; and the Xero quote's number, if any
    "reference": ("client_order_ref",),
    "url": (),
    "line_amount_types": ("order_line",),
    # the lines' own fields are watched on the lines; their tracking may be the team's or
    # the salesperson's
    "lines": ("order_line", "team_id", "user_id"),
    "branding_theme": ("partner_invoice_id",),  # the customer's theme, else the connection's
}
# the Xero quote's keys: the invoice's (mapping.QUOTE_FIELDS), and these of its own
QUOTE_SOURCES = {
    "status": (),  # SENT once Odoo sent the quotation, else DRAFT
    "title": (),  # the order's number, which never changes
    "expiry_date": ("validity_date",),
}


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "xero.invoiced.mixin", "xero.quoted.mixin"]

    _xero_entity = entities.ORDER_INVOICE
    _xero_quote_entity = entities.ORDER_QUOTE
    _xero_invoice_sources = INVOICE_SOURCES
    _xero_quote_sources = QUOTE_SOURCES
    _xero_watched_fields = fields_behind(INVOICE_SOURCES) + fields_behind(QUOTE_SOURCES)
    # the invoice address's company pays: a parent company, an agency (by default the
    # customer's own company, as Odoo fills it in)
    _xero_customer_field = "partner_invoice_id"

    xero_outstanding = customer_figure("xero_outstanding")
    xero_overdue = customer_figure("xero_overdue")

    def _xero_invoiced_lines(self):
        return self.order_line

    def _xero_invoice_values(self, connection):
        date = fields.Datetime.context_timestamp(self, self.date_order).date() if self.date_order else False
        creating = not self._xero_links(connection).xero_id
        # the invoice of a quoted order names its quote (looked up only when there is one)
        quoted = self._xero_links(connection, self._xero_quote_entity).xero_id
        return {
            "status": "AUTHORISED" if creating and connection.approve_invoices else "DRAFT",
            "date": fields.Date.to_string(date) if date else False,
            # Xero takes one due date: the last instalment's (none: the contact's terms apply)
            "due_date": fields.Date.to_string(max(line._get_due_date(date) for line in self.payment_term_id.line_ids))
            if date and self.payment_term_id.line_ids
            else False,
            "currency": self.currency_id.name,
            "reference": " ".join(filter(None, [self._xero_reference(), quoted and self.xero_quote_number])),
            "url": "%s/odoo/sale.order/%d" % (self.get_base_url(), self.id),
            **self._xero_customer_values(connection),
            **self._xero_document_lines(self.order_line, connection),
        }

    def _xero_quote_problems(self, values, connection):
        if self.state not in ("draft", "sent"):
            return [_("%s is no longer a quotation: its Xero quote is no longer updated.", self.name)]
        return super()._xero_quote_problems(values, connection)

    def _xero_invoice_problems(self, values, connection):
        if self.state != "sale":
            return [_("%s is not a confirmed order: only confirmed orders become invoices in Xero.", self.name)]
        return super()._xero_invoice_problems(values, connection)

    def _xero_reference(self):
        return self.client_order_ref or self.name

    def _xero_quote_status_to_send(self):
        # Odoo sent the quotation to the customer: so is the Xero quote
        return "SENT" if self.state == "sent" else "DRAFT"

    def _xero_quote_expiry(self):
        return fields.Date.to_string(self.validity_date) if self.validity_date else False

    def _xero_mark_changed(self):
        """The invoice's link goes out again; the quote's only while the order is still a
        quotation (afterwards the quote is Xero's and the customer's)."""
        links = self._xero_links()
        quotations = self.filtered(lambda order: order.state in ("draft", "sent"))
        changed = links.filtered(lambda link: link.entity != self._xero_quote_entity or link.res_id in quotations.ids)
        if changed:
            changed._mark_pending()

    def write(self, vals):
        sent = self.filtered(lambda order: order.state == "draft") if vals.get("state") == "sent" else self.browse()
        result = super().write(vals)
        if sent:
            sent._xero_quote_sent_quotations()
        return result

    def _xero_quote_sent_quotations(self):
        """Quotations just sent become Xero quotes (SENT), where the connection wants them."""
        for company, orders in self.grouped("company_id").items():
            connection = self.env["xero.connection"].sudo()._xero_for_company(company)
            if connection and connection.push_sent_quotations:
                orders._xero_send(connection, entities.ORDER_QUOTE)

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_send_quote(self):
        """Send (or send again) the quotation's Xero quote now."""
        self.check_access("write")
        connection = self.env["xero.connection"]._xero_for_user()
        connection._xero_check_allows(entities.ORDER_QUOTE)
        quotations = self.filtered(lambda order: order.state in ("draft", "sent"))
        quotations._xero_send(connection, entities.ORDER_QUOTE)
        return True

    def action_confirm(self):
        connections = {
            company: self.env["xero.connection"].sudo()._xero_for_company(company) for company in self.company_id
        }
        # the credit rules of the company's connection, asked only where it has some
        ruled = self.filtered(
            lambda order: (
                connections[order.company_id].refuse_over_credit_limit
                or connections[order.company_id].refuse_overdue_days
            )
        )
        overridden = ruled._xero_check_credit_rules() if ruled else []
        result = super().action_confirm()
        if overridden:
            ruled._xero_note_credit_overrides(overridden)
        for company, orders in self.grouped("company_id").items():
            connection = connections[company]
            if connection and connection.push_confirmed_orders:
                orders._xero_send(connection)  # a new draft when confirmed again after a cancel
        return result

    def _action_cancel(self):
        """As Odoo cancels an order's draft invoices, its draft invoice in Xero is deleted;
        one Xero has approved stays, and the order says so."""
        for order in self._xero_withdraw_drafts():
            order.message_post(
                body=_(
                    "Xero invoice %(number)s is %(status)s: cancelling the order does not withdraw it. Void it or "
                    "raise a credit note in Xero.",
                    number=order.xero_invoice_number,
                    status=order.xero_invoice_status,
                )
            )
        # an invoice still waiting to be sent is simply not sent
        self._xero_links().filtered(lambda link: not link.xero_id).unlink()
        return super()._action_cancel()

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_send_invoice(self):
        """Send (or send again) the order's draft invoice now; a new one if Xero's was
        voided or deleted."""
        self.check_access("write")
        connection = self.env["xero.connection"]._xero_for_user()
        connection._xero_check_allows(entities.ORDER_INVOICE)
        confirmed = self.filtered(lambda o: o.state == "sale")
        confirmed._xero_send(connection)
        return True


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    xero_tracked = fields.Boolean(related="product_id.xero_tracked")
    xero_qty_on_hand = fields.Float(related="product_id.xero_qty_on_hand", string="Xero On Hand")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get("xero_from_sync"):
            lines.order_id._xero_mark_changed()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("xero_from_sync") and set(vals) & set(ORDER_LINE_WATCHED):
            self.order_id._xero_mark_changed()
        return result

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        orders.exists()._xero_mark_changed()
        return result

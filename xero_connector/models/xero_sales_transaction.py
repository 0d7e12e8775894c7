"""``xero.sales.transaction``: Xero's sales invoices and credit notes, read-only, for
reporting. Credit notes carry negative amounts; voided and deleted documents are kept,
flagged "D", and left out of every revenue figure. Nothing here is an Odoo journal entry:
Xero stays the accounting system of record."""

from odoo import api, fields, models
from odoo.fields import Command

from ..access import XERO_USER, xero_role
from ..xero import entities

COUNTED_STATUSES = ("AUTHORISED", "PAID")  # sales, as opposed to drafts and dead ones


class XeroSalesTransaction(models.Model):
    _name = "xero.sales.transaction"
    _inherit = "xero.document.mixin"
    _description = "Xero Sales Transaction"
    _order = "date desc, id desc"
    _rec_name = "number"

    _xero_entity = entities.INVOICE
    _xero_own_keys = ("kind", "due_date", "amount_paid", "amount_due", "fully_paid_date")

    kind = fields.Selection([("invoice", "Invoice"), ("credit", "Credit")], "Type", required=True, readonly=True)
    counted = fields.Boolean(
        compute="_compute_counted",
        store=True,
        index=True,
        help="A sale: authorised or paid, neither voided nor deleted.",
    )
    due_date = fields.Date(readonly=True)
    amount_paid = fields.Monetary("Paid", readonly=True)
    amount_due = fields.Monetary("Due", readonly=True)
    fully_paid_date = fields.Date(readonly=True)
    online_url = fields.Char(
        "Online Invoice", readonly=True, help="Where the customer sees and pays the invoice (Xero's OnlineInvoice)."
    )
    order_id = fields.Many2one("sale.order", "Sales Order", index=True, readonly=True)
    lead_id = fields.Many2one("crm.lead", "Opportunity", index=True, readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", index=True, readonly=True)
    line_ids = fields.One2many("xero.sales.transaction.line", "transaction_id", readonly=True)
    payment_ids = fields.One2many("xero.sales.payment", "transaction_id", readonly=True)

    @api.depends("flag", "status")
    def _compute_counted(self):
        for transaction in self:
            transaction.counted = not transaction.flag and transaction.status in COUNTED_STATUSES

    @api.model
    def _xero_resolve(self, values_list, connection):
        """Besides partners and currencies: the orders and opportunities the documents
        came from, by the id stored when Odoo created them; a credit note's, by the
        invoices it is allocated to; else by the reference naming an order."""
        resolved = super()._xero_resolve(values_list, connection)
        resolved["orders"], resolved["leads"] = self._xero_made_by(
            values_list, connection, entities.ORDER_INVOICE, entities.LEAD_INVOICE
        )
        resolved["credited"] = self._xero_credited_sources(values_list, connection)
        references = {v["reference"] for v in values_list if v.get("reference")}
        orders = (
            self.env["sale.order"]
            .sudo()
            .search([("name", "in", list(references)), ("company_id", "=", connection.company_id.id)])
            if references
            else []
        )
        resolved["order_names"] = {o.name: o.id for o in orders}
        return resolved

    @api.model
    def _xero_credited_sources(self, values_list, connection):
        """``{invoice's Xero id: (order id, opportunity id)}`` for the invoices these credit
        notes are allocated to: Odoo's invoices by their link, invoices made in Xero by
        the order their reporting copy names."""
        invoice_ids = {i for values in values_list for i in values.get("credited_invoice_ids") or ()}
        if not invoice_ids:
            return {}
        orders, leads = self._xero_made_by(
            [{"xero_id": i} for i in invoice_ids], connection, entities.ORDER_INVOICE, entities.LEAD_INVOICE
        )
        sources = {i: (orders.get(i, False), leads.get(i, False)) for i in invoice_ids}
        copies = self.sudo().search(
            [("connection_id", "=", connection.id), ("kind", "=", "invoice"), ("xero_id", "in", list(invoice_ids))]
        )
        for invoice in copies:
            order_id, lead_id = sources[invoice.xero_id]
            sources[invoice.xero_id] = (order_id or invoice.order_id.id, lead_id or invoice.lead_id.id)
        return sources

    def _xero_values(self, values, connection, resolved):
        vals = self._xero_document_values(values, connection, resolved)
        credited = [resolved["credited"][i] for i in values.get("credited_invoice_ids") or ()]
        order_id = (
            resolved["orders"].get(values.get("xero_id"))
            or next((order_id for order_id, _lead_id in credited if order_id), False)
            or resolved["order_names"].get(values["reference"])
        )
        lead_id = resolved["leads"].get(values.get("xero_id")) or next(
            (lead_id for _order_id, lead_id in credited if lead_id), False
        )
        order = self.env["sale.order"].sudo().browse(order_id) if order_id else None
        lead = self.env["crm.lead"].sudo().browse(lead_id) if lead_id else (order.opportunity_id if order else None)
        partner = self.env["res.partner"].sudo().browse(vals["partner_id"])
        vals.update(
            {
                "xero_id": values.get("xero_id") or self.xero_id,
                "order_id": order_id or False,
                "lead_id": lead.id if lead else False,
                "user_id": (order and order.user_id.id) or (lead and lead.user_id.id) or partner.user_id.id or False,
                "line_ids": self._xero_line_commands(values["lines"], amount_tax="tax_amount"),
                "payment_ids": [Command.clear()] + [Command.create(payment) for payment in values["payments"]],
            }
        )
        return vals

    @xero_role(XERO_USER)
    def action_xero_view(self):
        self.ensure_one()
        path = (
            "/AccountsReceivable/View.aspx?InvoiceID=%s"
            if self.kind == "invoice"
            else "/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=%s"
        ) % self.xero_id
        return self._xero_open_in_xero(path)


class XeroSalesTransactionLine(models.Model):
    _name = "xero.sales.transaction.line"
    _inherit = "xero.document.line.mixin"
    _description = "Xero Sales Transaction Line"

    transaction_id = fields.Many2one("xero.sales.transaction", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="transaction_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="transaction_id.user_id", store=True, index=True)
    currency_id = fields.Many2one(related="transaction_id.currency_id")
    amount_tax = fields.Monetary("Tax")


class XeroSalesPayment(models.Model):
    _name = "xero.sales.payment"
    _description = "Payment Applied in Xero"

    transaction_id = fields.Many2one("xero.sales.transaction", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="transaction_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="transaction_id.user_id", store=True, index=True)
    currency_id = fields.Many2one(related="transaction_id.currency_id")
    xero_id = fields.Char("Xero ID")
    date = fields.Date()
    amount = fields.Monetary()
    reference = fields.Char()

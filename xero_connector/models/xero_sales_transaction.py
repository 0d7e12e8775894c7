"""``xero.sales.transaction``: Xero's sales invoices and credit notes, read-only, for
reporting. Credit notes carry negative amounts; voided and deleted documents are kept,
flagged "D", and left out of every revenue figure. Nothing here is an Odoo journal entry:
Xero stays the accounting system of record."""

from odoo import api, fields, models
from odoo.fields import Command

from ..xero import entities

# what every document line from Xero has, under the same name on both sides
LINE_KEYS = ("item_code", "description", "quantity", "unit_price", "tax_type", "amount", "account_code")
COUNTED_STATUSES = ("AUTHORISED", "PAID")  # sales, as opposed to drafts and dead ones


class XeroDocumentMixin(models.AbstractModel):
    """What Xero's documents share when they come to Odoo: who, which currency, lines."""

    _name = "xero.document.mixin"
    _inherit = "xero.synced.mixin"
    _description = "Document Imported from Xero"

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True, index=True)
    xero_id = fields.Char("Xero ID", required=True, index=True, readonly=True)
    number = fields.Char(readonly=True)
    reference = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", index=True, readonly=True)
    date = fields.Date(readonly=True, index=True)
    status = fields.Char("Xero Status", readonly=True)
    flag = fields.Char(readonly=True, help="D: voided or deleted in Xero, left out of every figure.")
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_untaxed = fields.Monetary("Untaxed", readonly=True)
    amount_tax = fields.Monetary("Tax", readonly=True)
    amount_total = fields.Monetary("Total", readonly=True)

    def _xero_line_commands(self, lines, **own_keys):
        """Commands replacing the document's lines with Xero's: the fields every
        document's lines have, and the model's own (``own_keys``: field -> value key)."""
        keys = dict({key: key for key in LINE_KEYS}, **own_keys)
        return [Command.clear()] + [Command.create({field: line[key] for field, key in keys.items()}) for line in lines]

    def _xero_document_values(self, values, connection, resolved):
        """Odoo values of one document; ``resolved``: the page's partners and currencies."""
        return {
            "connection_id": connection.id,
            "number": values["number"],
            "reference": values["reference"],
            "partner_id": resolved["partners"].get(values["contact_xero_id"], False),
            "date": values["date"] or False,
            "status": values["status"],
            "flag": values["flag"],
            "currency_id": resolved["currencies"].get(values["currency"]) or connection.company_id.currency_id.id,
            "amount_untaxed": values["amount_untaxed"],
            "amount_tax": values["amount_tax"],
            "amount_total": values["amount_total"],
        }

    @api.model
    def _xero_before_page(self, run, values_list):
        """Documents of contacts Odoo has no partner for (deleted in Odoo, or not read
        yet): those contacts are read first, by id, so that no document comes in
        without its customer."""
        contact = entities.get("contact")
        connection = run.connection
        contact_ids = {v["contact_xero_id"] for v in values_list if v.get("contact_xero_id")}
        if not contact_ids or not connection._xero_allows(contact, "import"):
            return
        linked = set(
            self.env["xero.sync.link"]
            .sudo()
            .search(
                [
                    ("connection_id", "=", connection.id),
                    ("entity", "=", contact.name),
                    ("xero_id", "in", list(contact_ids)),
                ]
            )
            .mapped("xero_id")
        )
        missing = sorted(contact_ids - linked)
        if missing:
            run.apply(contact, run.read_by_ids(contact, missing))

    @api.model
    def _xero_resolve(self, values_list, connection):
        """The partners and currencies a page of documents names: two queries a page."""
        contact_ids = {v["contact_xero_id"] for v in values_list if v.get("contact_xero_id")}
        links = (
            self.env["xero.sync.link"]
            .sudo()
            .search(
                [
                    ("connection_id", "=", connection.id),
                    ("entity", "=", "contact"),
                    ("xero_id", "in", list(contact_ids)),
                ]
            )
        )
        codes = {v["currency"] for v in values_list if v.get("currency")}
        currencies = self.env["res.currency"].with_context(active_test=False).search([("name", "in", list(codes))])
        return {
            "partners": {link.xero_id: link.res_id for link in links},
            "currencies": {c.name: c.id for c in currencies},
        }

    @api.model
    def _xero_create_from(self, values_list, connection=None):
        resolved = self._xero_resolve(values_list, connection)
        return self.sudo().create([self._xero_values(v, connection, resolved) for v in values_list]).sudo(False)

    def _xero_apply_values(self, values, connection=None):
        self.sudo().write(self._xero_values(values, connection, self._xero_resolve([values], connection)))

    def _xero_values(self, values, connection, resolved):
        raise NotImplementedError


class XeroSalesTransaction(models.Model):
    _name = "xero.sales.transaction"
    _inherit = "xero.document.mixin"
    _description = "Xero Sales Transaction"
    _order = "date desc, id desc"
    _rec_name = "number"

    _xero_entity = "invoice"

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
        came from, by the id stored when Odoo created them, else by the reference."""
        resolved = super()._xero_resolve(values_list, connection)
        links = (
            self.env["xero.sync.link"]
            .sudo()
            .search(
                [
                    ("connection_id", "=", connection.id),
                    ("entity", "in", ("order_invoice", "lead_invoice")),
                    ("xero_id", "in", [v["xero_id"] for v in values_list if v.get("xero_id")]),
                ]
            )
        )
        resolved["orders"] = {link.xero_id: link.res_id for link in links if link.entity == "order_invoice"}
        resolved["leads"] = {link.xero_id: link.res_id for link in links if link.entity == "lead_invoice"}
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

    def _xero_values(self, values, connection, resolved):
        vals = self._xero_document_values(values, connection, resolved)
        order_id = resolved["orders"].get(values.get("xero_id")) or resolved["order_names"].get(values["reference"])
        lead_id = resolved["leads"].get(values.get("xero_id"))
        order = self.env["sale.order"].sudo().browse(order_id) if order_id else None
        lead = self.env["crm.lead"].sudo().browse(lead_id) if lead_id else (order.opportunity_id if order else None)
        partner = self.env["res.partner"].sudo().browse(vals["partner_id"])
        vals.update(
            {
                "xero_id": values.get("xero_id") or self.xero_id,
                "kind": values["kind"],
                "due_date": values["due_date"] or False,
                "amount_paid": values["amount_paid"],
                "amount_due": values["amount_due"],
                "fully_paid_date": values["fully_paid_date"] or False,
                "order_id": order_id or False,
                "lead_id": lead.id if lead else False,
                "user_id": (order and order.user_id.id) or (lead and lead.user_id.id) or partner.user_id.id or False,
                "line_ids": self._xero_line_commands(values["lines"], discount="discount", amount_tax="tax_amount"),
                "payment_ids": [Command.clear()] + [Command.create(payment) for payment in values["payments"]],
            }
        )
        return vals

    def action_xero_view(self):
        self.ensure_one()
        path = (
            "/AccountsReceivable/View.aspx?InvoiceID=%s"
            if self.kind == "invoice"
            else "/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=%s"
        ) % self.xero_id
        return {"type": "ir.actions.act_url", "target": "new", "url": self.connection_id._xero_deep_link(path)}


class XeroDocumentLineMixin(models.AbstractModel):
    """What the lines of Xero's documents share when they come to Odoo."""

    _name = "xero.document.line.mixin"
    _description = "Xero Document Line"

    currency_id = fields.Many2one("res.currency")  # each line model relates it to its document's
    item_code = fields.Char()
    description = fields.Text()
    quantity = fields.Float(digits=(16, 4))
    unit_price = fields.Float(digits=(16, 4))
    tax_type = fields.Char("Xero Tax Type")
    amount = fields.Monetary()
    account_code = fields.Char()


class XeroSalesTransactionLine(models.Model):
    _name = "xero.sales.transaction.line"
    _inherit = "xero.document.line.mixin"
    _description = "Xero Sales Transaction Line"

    transaction_id = fields.Many2one("xero.sales.transaction", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="transaction_id.currency_id")
    discount = fields.Float("Discount (%)")
    amount_tax = fields.Monetary("Tax")


class XeroSalesPayment(models.Model):
    _name = "xero.sales.payment"
    _description = "Payment Applied in Xero"

    transaction_id = fields.Many2one("xero.sales.transaction", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="transaction_id.currency_id")
    xero_id = fields.Char("Xero ID")
    date = fields.Date()
    amount = fields.Monetary()
    reference = fields.Char()

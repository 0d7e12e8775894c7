"""Odoo's sales screens agree with Xero: an order's lines count what its Xero invoices
invoice, less the credit notes allocated to them (or whose reference is the order's
number), so *Invoice Status*, *Orders to Invoice* and the customer's credit to invoice
are right; and Odoo does not invoice a second time what the connection invoices in Xero."""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

# the documents that invoice (Odoo counts its own drafts in qty_invoiced too), and those
# that are posted, for the figures Odoo takes from posted invoices only
INVOICING_STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED", "PAID")
POSTED_STATUSES = ("AUTHORISED", "PAID")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # what the order's figures below are computed from; not shown (the reporting views are)
    xero_transaction_ids = fields.One2many("xero.sales.transaction", "order_id", "Xero Documents", readonly=True)

    def _create_invoices(self, *args, **kwargs):
        """Refused for orders whose company invoices confirmed orders in Xero: Xero holds
        their invoice, and a second one in Odoo would bill the customer twice."""
        for order in self:
            connection = self.env["xero.connection"].sudo()._xero_for_company(order.company_id)
            if connection and connection.push_confirmed_orders and order.state == "sale":
                raise UserError(
                    _(
                        "%(order)s is invoiced in Xero (%(invoice)s), as the company's Xero connection invoices "
                        "confirmed orders: change that invoice, or credit it, in Xero. Odoo does not invoice the "
                        "order a second time.",
                        order=order.name,
                        invoice=order.xero_invoice_number or _("its draft is on its way"),
                    )
                )
        return super()._create_invoices(*args, **kwargs)


def _xero_quantity(label, help_text):
    """A quantity of the line's that Xero's documents make, stored."""
    return fields.Float(
        label, compute="_compute_xero_invoiced", store=True, digits="Product Unit of Measure", help=help_text
    )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    xero_qty_invoiced = _xero_quantity(
        "Invoiced in Xero", "What the order's invoices in Xero invoice of this line, less its credit notes there."
    )
    xero_qty_invoiced_posted = _xero_quantity(
        "Approved in Xero", "The part of what Xero invoices that the accounts team approved."
    )
    xero_untaxed_invoiced = fields.Monetary("Untaxed Approved in Xero", compute="_compute_xero_invoiced", store=True)

    @api.depends(
        "order_id.xero_transaction_ids.flag",
        "order_id.xero_transaction_ids.status",
        "order_id.xero_transaction_ids.amount_untaxed",
        "order_id.xero_transaction_ids.line_ids.quantity",
        "order_id.xero_transaction_ids.line_ids.amount",
        "order_id.xero_transaction_ids.line_ids.item_code",
        "order_id.xero_transaction_ids.line_ids.description",
    )
    def _compute_xero_invoiced(self):
        figures = defaultdict(lambda: [0.0, 0.0, 0.0])
        for order in self.sudo().order_id:
            for transaction in order.xero_transaction_ids:
                if transaction.flag or transaction.status not in INVOICING_STATUSES:
                    continue
                posted = transaction.status in POSTED_STATUSES
                # Xero's line amounts include the tax when the document's prices do
                lines_total = sum(transaction.line_ids.mapped("amount"))
                prices_include_tax = not float_is_zero(
                    lines_total - transaction.amount_untaxed, precision_rounding=transaction.currency_id.rounding
                )
                for order_line, xero_line in _matched_lines(order.order_line, transaction.line_ids):
                    # credit notes come with negative amounts, and positive quantities
                    sign = -1 if transaction.kind == "credit" else 1
                    untaxed = xero_line.amount - (xero_line.amount_tax if prices_include_tax else 0.0)
                    counted = figures[order_line.id]
                    counted[0] += sign * xero_line.quantity
                    counted[1] += sign * xero_line.quantity if posted else 0.0
                    counted[2] += untaxed if posted else 0.0
        for line in self:
            line.xero_qty_invoiced, line.xero_qty_invoiced_posted, line.xero_untaxed_invoiced = figures[line.id]

    def _xero_add_xero_figure(self, odoo_field, xero_field, compute_odoo_figure):
        """Odoo's figure of these lines (``compute_odoo_figure``: Odoo's own compute), plus
        what Xero invoices. Odoo 19.0 keeps a figure it finds when a line has no Odoo
        invoice, so the lines of orders with Xero documents start from nothing: Xero's
        part is never counted twice."""
        with_xero_documents = self.filtered(lambda line: line.sudo().order_id.xero_transaction_ids)
        for line in with_xero_documents:
            line[odoo_field] = 0.0
        result = compute_odoo_figure()
        for line in with_xero_documents:
            line[odoo_field] += line[xero_field]
        return result

    @api.depends("xero_qty_invoiced")
    def _compute_qty_invoiced(self):
        return self._xero_add_xero_figure("qty_invoiced", "xero_qty_invoiced", super()._compute_qty_invoiced)

    @api.depends("xero_qty_invoiced_posted")
    def _compute_qty_invoiced_posted(self):
        return self._xero_add_xero_figure(
            "qty_invoiced_posted", "xero_qty_invoiced_posted", super()._compute_qty_invoiced_posted
        )

    @api.depends("xero_untaxed_invoiced")
    def _compute_untaxed_amount_invoiced(self):
        return self._xero_add_xero_figure(
            "untaxed_amount_invoiced", "xero_untaxed_invoiced", super()._compute_untaxed_amount_invoiced
        )


def _matched_lines(order_lines, xero_lines):
    """``(order line, Xero line)`` pairs: each Xero line to the first order line not yet
    taken with the same item code and description, else the same item code, else the
    same description. A line the accounts team added in Xero matches none."""
    free = list(order_lines.filtered(lambda line: not line.display_type))
    keys = (
        lambda order_line, xero_line: (
            (order_line.product_id.default_code or False) == (xero_line.item_code or False)
            and order_line.name == xero_line.description
        ),
        lambda order_line, xero_line: xero_line.item_code and order_line.product_id.default_code == xero_line.item_code,
        lambda order_line, xero_line: order_line.name == xero_line.description,
    )
    pairs = []
    for xero_line in xero_lines:
        for same in keys:
            match = next((line for line in free if same(line, xero_line)), None)
            if match:
                free.remove(match)
                pairs.append((match, xero_line))
                break
    return pairs

"""``xero.invoiced.mixin``: a sales document (an order, an opportunity) that becomes a
draft invoice in Xero, and shows that invoice's number, status and amount due."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..xero import entities
from ..xero import mapping_documents as mapping


class XeroInvoicedMixin(models.AbstractModel):
    """A sales document that becomes a draft invoice in Xero (orders, opportunities)."""
    _name = "xero.invoiced.mixin"
    _inherit = "xero.synced.mixin"
    _description = "Invoiced in Xero"

    _xero_fields = mapping.INVOICE_FIELDS

    xero_transaction_id = fields.Many2one("xero.sales.transaction", "Xero Invoice",
                                          compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_number = fields.Char("Xero Invoice Number", compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_status = fields.Char("Xero Status", compute="_compute_xero_invoice", compute_sudo=True)
    xero_amount_due = fields.Monetary("Xero Amount Due", compute="_compute_xero_invoice", compute_sudo=True,
                                      currency_field="xero_invoice_currency_id")
    xero_invoice_currency_id = fields.Many2one("res.currency", "Xero Invoice Currency",
                                               compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_error = fields.Text("Xero Error", compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_pending = fields.Boolean(compute="_compute_xero_invoice", compute_sudo=True)

    @api.depends_context("company")
    def _compute_xero_invoice(self):
        links = self.filtered("id")._xero_links()
        by_record = {link.res_id: link for link in links}
        transactions = self.env["xero.sales.transaction"].sudo().search([
            ("xero_id", "in", [link.xero_id for link in links if link.xero_id]),
            ("connection_id", "in", links.connection_id.ids)]) if links else []
        by_xero_id = {t.xero_id: t for t in transactions}
        for record in self:
            link = by_record.get(record.id)
            transaction = by_xero_id.get(link.xero_id) if link else None
            record.xero_transaction_id = transaction or False
            record.xero_invoice_number = transaction.number if transaction else False
            record.xero_invoice_status = transaction.status if transaction else False
            record.xero_amount_due = transaction.amount_due if transaction else 0.0
            record.xero_invoice_currency_id = transaction.currency_id if transaction else False
            record.xero_invoice_error = link.last_error if link else False
            record.xero_invoice_pending = bool(link) and link.state in ("pending", "error")

    # -- the invoice's values ---------------------------------------------------------------
    def _xero_invoice_lines(self, order_lines, connection, default_account=False):
        """Xero lines of order lines: sections and notes left out; delivery lines with the
        delivery account; the product's account, else ``default_account``, else the
        connection's."""
        lines = []
        in_xero = set(order_lines.product_id._xero_links(connection).filtered("xero_id").mapped("res_id"))
        for line in order_lines.filtered(lambda l: not l.display_type):
            product = line.product_id
            is_delivery = getattr(line, "is_delivery", False) or (
                connection.delivery_product_id and product == connection.delivery_product_id)
            account = (connection.default_delivery_account_code if is_delivery else False) \
                or product.xero_sales_account_code or default_account or connection.default_sales_account_code
            lines.append({
                "item_code": product.default_code if product.id in in_xero else False,
                "description": line.name, "quantity": line.product_uom_qty,
                "unit_price": round(line.price_unit, mapping.UNIT_DECIMALS), "discount": line.discount or 0,
                "tax_type": connection._xero_tax_type(line.tax_id)[0] or False,
                "account_code": account or False,
                "tracking": [[connection.tracking_option_id.category, connection.tracking_option_id.name]]
                if connection.tracking_option_id else [],
            })
        return lines

    def _xero_document_check(self, values, order_lines, connection):
        """What stops a draft invoice before it is sent; empty when it can go."""
        errors = []
        link = self._xero_links(connection)
        transaction = self.xero_transaction_id
        if link.xero_id and transaction and transaction.status not in mapping.EDITABLE_STATUSES:
            errors.append(_("Xero invoice %(number)s is %(status)s: Xero takes no more changes from Odoo. Change "
                            "it in Xero (a credit note, or void it and invoice again).",
                            number=transaction.number, status=transaction.status))
        if not values["contact_xero_id"]:
            customer_link = self.partner_id.commercial_partner_id._xero_links(connection)
            errors.append(_("The customer %(name)s could not be sent to Xero: %(why)s",
                            name=self.partner_id.commercial_partner_id.display_name,
                            why=customer_link.last_error or _("see its Xero tab.")))
        if not values["lines"]:
            errors.append(_("There is nothing to invoice: no lines."))
        if not values["line_amount_types"]:
            errors.append(_("Some lines have prices including tax and others excluding it; Xero needs one or "
                            "the other on an invoice."))
        for line in order_lines.filtered(lambda l: not l.display_type and l.tax_id):
            _type, _left_out, unmapped = connection._xero_tax_type(line.tax_id)
            if unmapped:
                errors.append(connection._xero_unmapped_message(unmapped))
        return list(dict.fromkeys(errors))

    def _xero_contact_id(self, partner, connection):
        link = partner.commercial_partner_id._xero_links(connection)
        return link.xero_id or False

    def _xero_before_push(self, connection, client):
        """The customers, and the products with a code, go to Xero before the invoices."""
        partners = self.mapped("partner_id.commercial_partner_id")
        products = self._xero_invoiced_lines().product_id.filtered("default_code")
        for records in (partners, products):
            in_xero = set(records._xero_links(connection).filtered("xero_id").mapped("res_id"))
            missing = records.filtered(lambda r: r.id not in in_xero)
            if missing:
                connection._xero_push(client, entities.get(missing._xero_entity), missing._xero_ensure_links(connection))

    def _xero_invoiced_lines(self):
        raise NotImplementedError

    @api.model
    def _xero_explain_error(self, message):
        if "not subscribed to currency" in message:
            message += " " + _("Enable the currency in Xero (Settings > Currencies), or quote in one Xero has.")
        return message

    def action_xero_view_invoice(self):
        self.ensure_one()
        if not self.xero_transaction_id:
            raise UserError(_("There is no Xero invoice for %s yet.", self.display_name))
        return self.xero_transaction_id.action_xero_view()

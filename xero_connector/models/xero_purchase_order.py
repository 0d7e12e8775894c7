"""``xero.purchase.order``: Xero's purchase orders, read-only, with their lines."""

from odoo import fields, models

from ..access import XERO_USER, xero_role
from ..xero import entities


class XeroPurchaseOrder(models.Model):
    _name = "xero.purchase.order"
    _inherit = "xero.document.mixin"
    _description = "Xero Purchase Order"
    _order = "date desc, id desc"
    _rec_name = "number"

    _xero_entity = entities.PURCHASE_ORDER
    _xero_own_keys = ("delivery_date",)

    partner_id = fields.Many2one(string="Supplier")
    delivery_date = fields.Date(readonly=True)
    line_ids = fields.One2many("xero.purchase.order.line", "order_id", readonly=True)

    def _xero_values(self, values, connection, resolved):
        vals = self._xero_document_values(values, connection, resolved)
        vals.update(
            {
                "xero_id": values["xero_id"],
                "line_ids": self._xero_line_commands(values["lines"]),
            }
        )
        return vals

    @xero_role(XERO_USER)
    def action_xero_view(self):
        self.ensure_one()
        return self._xero_open_in_xero("/Accounts/Payable/PurchaseOrders/View/%s/" % self.xero_id)


class XeroPurchaseOrderLine(models.Model):
    _name = "xero.purchase.order.line"
    _inherit = "xero.document.line.mixin"
    _description = "Xero Purchase Order Line"

    order_id = fields.Many2one("xero.purchase.order", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")

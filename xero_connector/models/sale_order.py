"""Quotations: the customer's position in Xero, and Xero's stock on their lines."""
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    xero_outstanding = fields.Float(related="partner_id.commercial_partner_id.xero_outstanding")
    xero_overdue = fields.Float(related="partner_id.commercial_partner_id.xero_overdue")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    xero_tracked = fields.Boolean(related="product_id.xero_tracked")
    xero_qty_on_hand = fields.Float(related="product_id.xero_qty_on_hand", string="Xero On Hand")

"""Quotations: the customer's position in Xero."""
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    xero_outstanding = fields.Float(related="partner_id.commercial_partner_id.xero_outstanding")
    xero_overdue = fields.Float(related="partner_id.commercial_partner_id.xero_overdue")

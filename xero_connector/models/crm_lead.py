"""Opportunities: the customer's position in Xero, and customers created from them."""
from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    xero_outstanding = fields.Float(related="partner_id.commercial_partner_id.xero_outstanding")
    xero_overdue = fields.Float(related="partner_id.commercial_partner_id.xero_overdue")

    def _create_customer(self):
        partner = super()._create_customer()
        # a customer created from an opportunity is new to Xero whatever its kind; under a
        # company, the company is Xero's contact
        partner.commercial_partner_id._xero_push_new_customers(customers_only=False)
        return partner

"""News for the salesperson from the routine sync: the invoice of their order or
opportunity was paid in Xero (a note that notifies them), or it is overdue (a to-do to
follow up, once, closed by itself when the invoice is paid or voided)."""

import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    invoice_news = fields.Boolean(
        "Payment News",
        default=True,
        help="When Xero says the invoice of an order or opportunity is paid, its salesperson is told in the "
        "chatter; when it is overdue, they get a to-do to follow up, closed by itself once it is paid.",
    )

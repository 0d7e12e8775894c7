"""``crm.stage``: a stage may make the Xero document of each opportunity entering it."""

from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    xero_create_document = fields.Boolean(
        "Create Xero Document",
        help="An opportunity entering this stage gets its document in Xero at once (a draft invoice or a quote, "
        "as the company's Xero connection says), the same way as its button: one that has it already has it "
        "updated, never a second one.",
    )

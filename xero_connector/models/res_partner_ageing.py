"""A customer's receivables in Xero by age, on its form: from the invoices the routine
sync reads (``xero.receivable.ageing``), no call of its own."""

from odoo import api, models

from .res_partner import xero_figure
from .xero_receivable_ageing import AGE_BUCKETS

AGE_FIELDS = {bucket: "xero_age_%s" % bucket for bucket, _label in AGE_BUCKETS}


def _age_field(label):
    return xero_figure(
        label,
        "_compute_xero_ageing",
        "What the customer owes in Xero on approved invoices of this age (days past their due date).",
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    xero_age_current = _age_field("Not Due (Xero)")
    xero_age_1_30 = _age_field("1-30 Days (Xero)")
    xero_age_31_60 = _age_field("31-60 Days (Xero)")
    xero_age_61_90 = _age_field("61-90 Days (Xero)")
    xero_age_over_90 = _age_field("Over 90 Days (Xero)")

    @api.depends_context("company")
    def _compute_xero_ageing(self):
        """One grouped query for the whole recordset, in the current company."""
        partners = self.filtered("id")
        owed = (
            self.env["xero.receivable.ageing"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id", "bucket"],
                ["amount_due:sum"],
            )
            if partners
            else []
        )
        by_partner = {(partner.id, bucket): amount for partner, bucket, amount in owed}
        for partner in self:
            for bucket, field_name in AGE_FIELDS.items():
                partner[field_name] = by_partner.get((partner._origin.id, bucket), 0.0)

"""The tax mapping of a connection: prefilled from Xero's tax rates, read by products
and sales documents."""

from odoo import _, api, fields, models

from ..access import XERO_ADMIN, xero_role


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    tax_mapping_ids = fields.One2many(
        "xero.tax.mapping",
        "connection_id",
    )

    @xero_role(XERO_ADMIN, access="write")
    def action_xero_prefill_tax_mapping(self):
        """Map each unmapped percentage tax of the company to the active Xero tax rate
        with the same rate that applies to its side (revenue or expenses)."""
        self.ensure_one()
        with self._xero_clicked("reference") as run:
            rates = run.client.tax_rates(self.tenant_id)
        # the company's taxes, read for the administrator: Xero administrators are often
        # accountants with no rights on Odoo's accounting
        mapped = self.sudo().tax_mapping_ids.tax_id
        taxes = (
            self.env["account.tax"]
            .sudo()
            .search(
                [
                    ("company_id", "parent_of", self.company_id.id),
                    ("amount_type", "=", "percent"),
                    ("type_tax_use", "in", ("sale", "purchase")),
                    ("id", "not in", mapped.ids),
                ]
            )
        )
        created = []
        for tax in taxes:
            side = "CanApplyToRevenue" if tax.type_tax_use == "sale" else "CanApplyToExpenses"
            fits = [
                r
                for r in rates
                if r.get("Status", "ACTIVE") == "ACTIVE"
                and r.get(side)
                and abs(float(r.get("EffectiveRate") or 0) - tax.amount) < 0.0001
            ]
            if fits:
                created.append({"connection_id": self.id, "tax_id": tax.id, "xero_tax_type": fits[0]["TaxType"]})
        self.env["xero.tax.mapping"].sudo().create(created)
        return True

    def _xero_tax_type(self, taxes):
        """The Xero tax type for a line or product with ``taxes``: ``(type, left_out,
        unmapped)``. Xero takes one tax type: the first mapped one, with the others
        left out; taxes none of which is mapped are ``unmapped``."""
        by_tax = {m.tax_id: m.xero_tax_type for m in self.tax_mapping_ids if m.xero_tax_type}
        mapped = taxes.filtered(lambda t: t in by_tax)
        if not mapped:
            return False, taxes.browse(), taxes
        return by_tax[mapped[0]], taxes - mapped[0], taxes.browse()

    def _xero_taxes_of_type(self, tax_type, use):
        """The Odoo tax a Xero tax type is, on the given side (sale or purchase)."""
        return self.tax_mapping_ids.filtered(lambda m: m.xero_tax_type == tax_type and m.tax_use == use)[:1].tax_id

    @api.model
    def _xero_unmapped_message(self, taxes):
        return _(
            "No Xero tax type is mapped for %s: map it on the Xero connection (Products tab).",
            ", ".join(taxes.mapped("name")),
        )

"""Odoo's credit limit counts what the customer owes in Xero, where its receivables are:
the approved invoices it has not paid (less unused credit), and the draft invoices
there that no order of Odoo's counts already (an order whose Xero invoice is a draft
is still Odoo's credit to invoice, as Odoo counts posted invoices only)."""

from collections import defaultdict

from odoo import fields, models

OWED_STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _compute_credit_to_invoice(self):
        result = super()._compute_credit_to_invoice()
        company = self.env.company
        customers = self.commercial_partner_id & self
        if customers and company.account_use_credit_limit:
            owed = customers._xero_owed(company)
            for customer in customers:
                customer.credit_to_invoice += sum(owed.get(customer.id, (0.0, 0.0)))
        return result

    def _xero_owed(self, company):
        """``{partner id: (approved and unpaid, in draft invoices of no order)}`` in
        ``company``'s currency: from the Xero documents read for the partner, else from
        the balances Xero gives its contact (which know no drafts)."""
        Transaction = self.env["xero.sales.transaction"].sudo()
        domain = [("partner_id", "in", self.ids), ("company_id", "=", company.id), ("flag", "=", False)]
        groups = Transaction._read_group(
            domain
            + [
                ("status", "in", OWED_STATUSES),
                "|",
                ("status", "=", "AUTHORISED"),
                ("order_id", "=", False),
            ],
            ["partner_id", "currency_id", "status"],
            ["amount_due:sum", "amount_total:sum"],
        )
        today = fields.Date.context_today(self)
        owed = defaultdict(lambda: [0.0, 0.0])
        for partner, currency, status, amount_due, amount_total in groups:
            approved = status == "AUTHORISED"
            amount = amount_due if approved else amount_total
            if currency and currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, today)
            owed[partner.id][0 if approved else 1] += amount
        with_documents = {partner.id for [partner] in Transaction._read_group(domain, ["partner_id"])}
        for partner in self.sudo().with_company(company):
            if partner.id not in with_documents and partner.xero_balance_outstanding:
                owed[partner.id][0] += partner.xero_balance_outstanding
        return {partner_id: tuple(amounts) for partner_id, amounts in owed.items()}

"""The credit limit on orders, with Xero's figures: Odoo's own warning on a quotation
names what the customer owes in Xero, and a connection may refuse to confirm an order
for a customer over its limit or overdue in Xero, unless a Sales manager confirms it
(the order's confirmation, in ``sale_order.py``, asks only where the connection has a
rule: a connection without any pays nothing for it)."""

import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _compute_partner_credit_warning(self):
        result = super()._compute_partner_credit_warning()
        for order in self.filtered("partner_credit_warning"):
            customer = order.partner_id.commercial_partner_id
            approved, drafts = customer._xero_owed(order.company_id).get(customer.id, (0.0, 0.0))
            if approved or drafts:
                currency = order.company_id.currency_id
                order.partner_credit_warning += "\n" + _(
                    "Of which owed in Xero: %(owed)s (%(approved)s approved and unpaid, %(drafts)s in draft invoices).",
                    owed=formatLang(self.env, approved + drafts, currency_obj=currency),
                    approved=formatLang(self.env, approved, currency_obj=currency),
                    drafts=formatLang(self.env, drafts, currency_obj=currency),
                )
        return result

    def _xero_check_credit_rules(self):
        """Before these quotations are confirmed: refused where the company's credit rules
        say so, unless a Sales manager confirms (or Odoo itself, e.g. an order paid
        online). Returns ``[(order, reasons)]`` confirmed anyway, for the chatter."""
        may_override = self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        overridden = []
        for order in self:
            reasons = order._xero_credit_refusals()
            if reasons and not may_override:
                raise UserError(
                    _(
                        "%(order)s cannot be confirmed: %(reasons)s A Sales manager can confirm it anyway.",
                        order=order.name,
                        reasons=" ".join(reasons),
                    )
                )
            if reasons:
                overridden.append((order, reasons))
        return overridden

    def _xero_note_credit_overrides(self, overridden):
        """Each order confirmed despite the credit rules says so, with the reasons."""
        for order, reasons in overridden:
            order.message_post(
                body=_(
                    "Confirmed by %(manager)s despite the company's credit rules: %(reasons)s",
                    manager=self.env.user.name,
                    reasons=" ".join(reasons),
                )
            )

    def _xero_credit_refusals(self):
        """Why the company's Xero connection refuses to confirm this quotation: its
        customer over the credit limit, or overdue in Xero beyond the connection's days."""
        self.ensure_one()
        connection = self.env["xero.connection"].sudo()._xero_for_company(self.company_id)
        if self.state not in ("draft", "sent"):
            return []
        reasons = []
        if connection.refuse_over_credit_limit and self.sudo().partner_credit_warning:
            reasons.append(_("the customer would go over its credit limit (counting what it owes in Xero)."))
        if connection.refuse_overdue_days:
            today = fields.Date.context_today(self)
            late = (
                self.env["xero.sales.transaction"]
                .sudo()
                .search(
                    [
                        ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                        ("company_id", "=", self.company_id.id),
                        ("kind", "=", "invoice"),
                        ("status", "=", "AUTHORISED"),
                        ("flag", "=", False),
                        ("amount_due", ">", 0),
                        ("due_date", "<", today - datetime.timedelta(days=connection.refuse_overdue_days)),
                    ],
                    order="due_date",
                    limit=1,
                )
            )
            if late:
                reasons.append(
                    _(
                        "Xero invoice %(number)s is %(days)s days overdue (the limit is %(limit)s).",
                        number=late.number,
                        days=(today - late.due_date).days,
                        limit=connection.refuse_overdue_days,
                    )
                )
        return reasons

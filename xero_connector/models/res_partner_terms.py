"""A customer's sales payment terms as Xero has them: Odoo's payment term of the same
rule, found or made once; terms only one side can express stay on that side."""

from odoo import _, api, models
from odoo.fields import Command

from ..xero import mapping_contacts as mapping


def terms_values(term):
    """The Xero terms of an Odoo payment term (False for none)."""
    if not term:
        return False
    lines = [
        {
            "value": line.value,
            "value_amount": line.value_amount,
            "delay_type": line.delay_type,
            "nb_days": line.nb_days,
            "days_next_month": line.days_next_month,
        }
        for line in term.line_ids
    ]
    return mapping.terms_of_odoo(lines, term.early_discount)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _xero_same_value(self, name, odoo_value, xero_value):
        if name == "payment_terms":
            if not (mapping.terms_exchanged(odoo_value) and mapping.terms_exchanged(xero_value)):
                return True  # terms only one side can hold stay there; the partner says so
            # links agreed before terms were synced have none recorded: that is no terms
            return (odoo_value or False) == (xero_value or False)
        return super()._xero_same_value(name, odoo_value, xero_value)

    @api.model
    def _xero_payment_term(self, terms, connection):
        """Odoo's payment term for Xero's ``terms`` (none for none): an existing one of
        the same rule, else one made for it, shared by the companies."""
        Term = self.env["account.payment.term"].sudo()
        if not terms:
            return Term
        company = connection.company_id if connection else self.env.company
        for term in Term.search([("company_id", "in", [False, company.id]), ("early_discount", "=", False)]):
            if terms_values(term) == terms:
                return term
        return Term.create(
            {
                "name": self._xero_terms_words(terms),
                "line_ids": [Command.create(mapping.odoo_line_of_terms(terms))],
            }
        )

    @api.model
    def _xero_terms_words(self, terms):
        if not terms:
            return False
        day, kind = terms["day"], terms["type"]
        if kind == mapping.AFTER_INVOICE_DATE:
            return _("%s days after the invoice date", day) if day else _("Immediate Payment")
        if kind == mapping.AFTER_INVOICE_MONTH:
            return _("%s days after the end of the invoice month", day)
        if kind == mapping.OF_FOLLOWING_MONTH:
            return _("Day %s of the following month", day)
        return _("Day %s of the invoice month (Odoo has no such payment terms: the partner's are kept)", day)

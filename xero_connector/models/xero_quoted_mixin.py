"""``xero.quoted.mixin``: a sales document (an order, an opportunity) that becomes a Xero
quote besides its invoice: a second entity on the same model. The quote carries the
invoice's lines, taxes, accounts, discounts, currency, customer and branding theme; it is
updated while Xero takes changes (DRAFT, SENT), and shows its number and status."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..access import XERO_USER, xero_role
from ..xero import mapping_documents as mapping


class XeroQuotedMixin(models.AbstractModel):
    _name = "xero.quoted.mixin"
    _description = "Quoted in Xero"

    # set by each model: the name of its quote entity in the registry, and the keys of the
    # quote that are not the invoice's with the model's fields behind each
    _xero_quote_entity = None
    _xero_quote_sources = {}

    xero_quote_id = fields.Many2one("xero.quote", compute="_compute_xero_quote", compute_sudo=True)
    xero_quote_number = fields.Char(compute="_compute_xero_quote", compute_sudo=True)
    xero_quote_status = fields.Char(compute="_compute_xero_quote", compute_sudo=True)
    xero_quote_error = fields.Text(compute="_compute_xero_quote", compute_sudo=True)

    @api.depends_context("company")
    def _compute_xero_quote(self):
        by_record = self.env["xero.sync.link"]._xero_by_record(self, entity_name=self._xero_quote_entity)
        links = by_record.values()
        quotes = {
            (quote.connection_id.id, quote.xero_id): quote
            for quote in self.env["xero.quote"]
            .sudo()
            .search([("xero_id", "in", [link.xero_id for link in links if link.xero_id])])
        }
        for record in self:
            link = by_record.get(record.id)
            quote = quotes.get((link.connection_id.id, link.xero_id)) if link and link.xero_id else None
            record.xero_quote_id = quote or False
            record.xero_quote_number = quote.number if quote else False
            record.xero_quote_status = quote.status if quote else False
            record.xero_quote_error = link.last_error if link else False

    def _xero_quote_values(self, connection):
        """The quote's values: the invoice's, less what a quote has not, with its expiry
        date and the status it goes with."""
        invoice = self._xero_invoice_values(connection)
        values = {key: invoice.get(key, False) for key in mapping.QUOTE_FIELDS}
        values.update(
            # the document's own reference: the invoice's also names the quote
            reference=self._xero_reference(),
            status=self._xero_quote_status_to_send(),
            expiry_date=self._xero_quote_expiry(),
            title=self.display_name,
        )
        return values

    def _xero_reference(self):
        return self.display_name

    def _xero_quote_status_to_send(self):
        return "DRAFT"

    def _xero_quote_expiry(self):
        return False

    def _xero_quote_problems(self, values, connection):
        return self._xero_quote_check(values, self._xero_invoiced_lines(), connection)

    def _xero_quote_check(self, values, order_lines, connection):
        """What stops the quote before it is sent: Xero no longer takes changes to it, or
        its content would be refused."""
        errors = []
        link = self._xero_links(connection, self._xero_quote_entity)
        quote = self.xero_quote_id
        if link.xero_id and quote and quote.status not in mapping.QUOTE_EDITABLE_STATUSES:
            errors.append(
                _(
                    "Xero quote %(number)s is %(status)s: Xero takes no more changes to it from Odoo.",
                    number=quote.number,
                    status=quote.status,
                )
            )
        return list(dict.fromkeys(errors + self._xero_content_check(values, order_lines, connection)))

    def _xero_find_quote_created(self, run, payload):
        """The quote this document's create made, if it reached Xero though its answer did
        not: the customer's quote of the same title (the document's name) that no link
        has yet."""
        if not payload.get("Title"):
            return None
        quotes = run.client.customer_quotes(run.connection.tenant_id, payload["Contact"]["ContactID"])
        linked = self.env["xero.sync.link"]._xero_linked_ids(
            run.connection, self._xero_quote_entity, [q["QuoteID"] for q in quotes]
        )
        return next(
            (
                q["QuoteID"]
                for q in quotes
                if q.get("Title") == payload["Title"] and q["QuoteID"] not in linked and q["Status"] != "DELETED"
            ),
            None,
        )

    @xero_role(XERO_USER)
    def action_xero_view_quote(self):
        self.ensure_one()
        if not self.xero_quote_id:
            raise UserError(_("There is no Xero quote for %s yet.", self.display_name))
        return self.xero_quote_id.action_xero_view()

"""``xero.quote``: Xero's quotes, read-only, with their lines: the copies the orders and
opportunities that made them show. What the customer decides in Xero comes back: an
accepted quote is said on its order or opportunity, a declined one also gives the
salesperson a to-do."""

from markupsafe import escape

from odoo import _, api, fields, models

from ..access import XERO_USER, xero_role
from ..xero import entities

# statuses the salesperson hears of
ACCEPTED, DECLINED = "ACCEPTED", "DECLINED"


class XeroQuote(models.Model):
    _name = "xero.quote"
    _inherit = "xero.document.mixin"
    _description = "Xero Quote"
    _order = "date desc, id desc"
    _rec_name = "number"

    _xero_entity = entities.QUOTE
    _xero_own_keys = ("expiry_date",)

    expiry_date = fields.Date(readonly=True)
    order_id = fields.Many2one("sale.order", "Sales Order", index=True, readonly=True)
    lead_id = fields.Many2one("crm.lead", "Opportunity", index=True, readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", index=True, readonly=True)
    line_ids = fields.One2many("xero.quote.line", "quote_id", readonly=True)

    @api.model
    def _xero_read_wanted(self, connection):
        """Quotes are read for the orders and opportunities that make them: once the
        connection makes quotes (an idle organisation's day stays under its budget)."""
        if connection.push_sent_quotations or connection.opportunity_document == "quote":
            return True
        return self.env["xero.sync.link"]._xero_any(connection, (entities.ORDER_QUOTE, entities.LEAD_QUOTE))

    def _xero_resolve(self, values_list, connection):
        """Besides partners and currencies: the orders and opportunities that made the
        quotes, by the id stored when Odoo created them."""
        resolved = super()._xero_resolve(values_list, connection)
        resolved["orders"], resolved["leads"] = self._xero_made_by(
            values_list, connection, entities.ORDER_QUOTE, entities.LEAD_QUOTE
        )
        return resolved

    def _xero_values(self, values, connection, resolved):
        vals = self._xero_document_values(values, connection, resolved)
        order = self.env["sale.order"].sudo().browse(resolved["orders"].get(values.get("xero_id")))
        lead = self.env["crm.lead"].sudo().browse(resolved["leads"].get(values.get("xero_id"))) or order.opportunity_id
        vals.update(
            {
                "xero_id": values.get("xero_id") or self.xero_id,
                "order_id": order.id,
                "lead_id": lead.id,
                "user_id": (order.user_id or lead.user_id).id,
                "line_ids": self._xero_line_commands(values["lines"]),
            }
        )
        return vals

    def _xero_apply_values(self, values, connection=None, entity=None):
        """Xero's latest; a quote the customer accepted or declined since is said on the
        order or opportunity that made it."""
        before = self.status
        result = super()._xero_apply_values(values, connection, entity=entity)
        if before != self.status and self.status in (ACCEPTED, DECLINED):
            self._xero_tell_salesperson()
        return result

    def _xero_tell_salesperson(self):
        record = self.order_id or self.lead_id
        if not record:
            return
        if self.status == ACCEPTED:
            record.message_post(body=_("The customer accepted Xero quote %s.", self.number))
            return
        record.message_post(body=_("The customer declined Xero quote %s.", self.number))
        record.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Quote %s declined", self.number),
            # the note is HTML and the number is Xero's text: escaped, it shows as typed
            note=escape(_("The customer declined Xero quote %s: follow up.", self.number)),
            user_id=(self.user_id or record.user_id).id or self.env.uid,
        )

    @xero_role(XERO_USER)
    def action_xero_view(self):
        self.ensure_one()
        return self._xero_open_in_xero("/Accounts/Receivable/Quotes/View/%s" % self.xero_id)


class XeroQuoteLine(models.Model):
    _name = "xero.quote.line"
    _inherit = "xero.document.line.mixin"
    _description = "Xero Quote Line"

    quote_id = fields.Many2one("xero.quote", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="quote_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="quote_id.user_id", store=True, index=True)
    currency_id = fields.Many2one(related="quote_id.currency_id")

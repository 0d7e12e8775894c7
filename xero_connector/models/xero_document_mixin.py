"""``xero.document.mixin`` and ``xero.document.line.mixin``: what every document read
from Xero for reporting shares (sales transactions, purchase orders): its contact, its
lines replaced by Xero's, its status."""

from odoo import api, fields, models
from odoo.fields import Command

from ..xero import entities

# what every document from Xero has, under the same name in the mapping and on the
# model (its customer, currency and lines are resolved in code)
DOCUMENT_KEYS = ("number", "reference", "date", "status", "flag", "amount_untaxed", "amount_tax", "amount_total")
# and every document line
LINE_KEYS = tuple("item_code description quantity unit_price discount tax_type amount account_code tracking".split())


class XeroDocumentMixin(models.AbstractModel):
    """What Xero's documents share when they come to Odoo: who, which currency, lines."""

    _name = "xero.document.mixin"
    _inherit = ["xero.synced.mixin", "xero.per.connection.mixin"]
    _description = "Document Imported from Xero"

    # each model's own plain keys, besides DOCUMENT_KEYS: same name on both sides
    _xero_own_keys = ()

    connection_id = fields.Many2one(readonly=True)
    xero_id = fields.Char("Xero ID", required=True, index=True, readonly=True)
    number = fields.Char(readonly=True)
    reference = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", index=True, readonly=True)
    date = fields.Date(readonly=True, index=True)
    status = fields.Char("Xero Status", readonly=True)
    flag = fields.Char(readonly=True, help="D: voided or deleted in Xero, left out of every figure.")
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_untaxed = fields.Monetary("Untaxed", readonly=True)
    amount_tax = fields.Monetary("Tax", readonly=True)
    amount_total = fields.Monetary("Total", readonly=True)

    def _xero_line_commands(self, lines, **own_keys):
        """Commands replacing the document's lines with Xero's: the fields every
        document's lines have, and the model's own (``own_keys``: field -> value key)."""
        keys = dict({key: key for key in LINE_KEYS}, **own_keys)
        return [Command.clear()] + [Command.create({field: line[key] for field, key in keys.items()}) for line in lines]

    def _xero_document_values(self, values, connection, resolved):
        """Odoo values of one document; ``resolved``: the page's partners and currencies."""
        return {
            **{key: values[key] for key in (*DOCUMENT_KEYS, *self._xero_own_keys)},
            "connection_id": connection.id,
            "partner_id": resolved["partners"].get(values["contact_xero_id"], False),
            "currency_id": resolved["currencies"].get(values["currency"]) or connection.company_id.currency_id.id,
        }

    @api.model
    def _xero_before_page(self, run, values_list, entity=None):
        """Documents of contacts Odoo has no partner for (deleted in Odoo, or not read
        yet): those contacts are read first, by id, so that no document comes in
        without its customer."""
        contact = entities.get(entities.CONTACT)
        connection = run.connection
        contact_ids = {v["contact_xero_id"] for v in values_list if v.get("contact_xero_id")}
        if not contact_ids or not connection._xero_allows(contact, "import"):
            return
        linked = self.env["xero.sync.link"]._xero_linked_ids(connection, contact.name, contact_ids)
        missing = sorted(contact_ids - linked)
        if missing:
            run.apply(contact, run.read_by_ids(contact, missing))

    @api.model
    def _xero_resolve(self, values_list, connection):
        """The partners and currencies a page of documents names: two queries a page."""
        contact_ids = {v["contact_xero_id"] for v in values_list if v.get("contact_xero_id")}
        partners = self.env["xero.sync.link"]._xero_record_ids(connection, entities.CONTACT, contact_ids)
        codes = {v["currency"] for v in values_list if v.get("currency")}
        currencies = self.env["res.currency"].with_context(active_test=False).search([("name", "in", list(codes))])
        return {
            "partners": partners,
            "currencies": {c.name: c.id for c in currencies},
        }

    @api.model
    def _xero_made_by(self, values_list, connection, order_entity, lead_entity):
        """The orders and opportunities that made these documents, by the id stored when
        Odoo created them: ``({xero id: order id}, {xero id: opportunity id})``."""
        links = self.env["xero.sync.link"]._xero_for_ids(
            connection, (order_entity, lead_entity), [v["xero_id"] for v in values_list if v.get("xero_id")]
        )
        return (
            {link.xero_id: link.res_id for link in links if link.entity == order_entity},
            {link.xero_id: link.res_id for link in links if link.entity == lead_entity},
        )

    @api.model
    def _xero_create_from(self, values_list, connection=None, entity=None):
        resolved = self._xero_resolve(values_list, connection)
        return self.sudo().create([self._xero_values(v, connection, resolved) for v in values_list]).sudo(False)

    def _xero_apply_values(self, values, connection=None, entity=None):
        self.sudo().write(self._xero_values(values, connection, self._xero_resolve([values], connection)))

    def _xero_values(self, values, connection, resolved):
        raise NotImplementedError

    def _xero_open_in_xero(self, path):
        """The action opening this document's page in Xero (``path`` on Xero's site)."""
        return {"type": "ir.actions.act_url", "target": "new", "url": self.connection_id._xero_deep_link(path)}


class XeroDocumentLineMixin(models.AbstractModel):
    """What the lines of Xero's documents share when they come to Odoo."""

    _name = "xero.document.line.mixin"
    _description = "Xero Document Line"

    currency_id = fields.Many2one("res.currency")  # each line model relates it to its document's
    item_code = fields.Char()
    description = fields.Text()
    quantity = fields.Float(digits=(16, 4))
    unit_price = fields.Float(digits=(16, 4))
    tax_type = fields.Char("Xero Tax Type")
    amount = fields.Monetary()
    discount = fields.Float("Discount (%)")
    account_code = fields.Char()
    tracking = fields.Char(help="The line's tracking options in Xero, e.g. Region: North.")

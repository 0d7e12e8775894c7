"""``xero.invoiced.mixin``: a sales document (an order, an opportunity) that becomes a
draft invoice in Xero, and shows that invoice's number, status and amount due."""

import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..access import XERO_USER, xero_role
from ..odoo_series import ORDER_LINE_TAXES
from ..xero import entities
from ..xero import mapping_documents as mapping

# Xero's message for a line whose item code it does not know (the item may be deleted)
INVALID_ITEM_CODE = re.compile(r"Item code '(.+?)' is not valid")

# each key of a Xero invoice line (mapping.INVOICE_LINE_FIELDS) and the order line
# fields it is made from; a change of any of them, or of whether the line is a section
# or a note, sends the invoice again
ORDER_LINE_SOURCES = {
    "item_code": ("product_id",),
    "description": ("name",),
    "quantity": ("product_uom_qty",),
    "unit_price": ("price_unit",),
    "discount": ("discount",),
    "tax_type": (ORDER_LINE_TAXES,),
    "account_code": ("product_id",),
    "tracking": ("analytic_distribution",),  # and the document's team or salesperson, by rule
}


def fields_behind(sources):
    """The Odoo fields of a ``{Xero key: Odoo fields}`` table, each once, in order."""
    return tuple(dict.fromkeys(name for names in sources.values() for name in names))


def customer_figure(field_name):
    """A field of the document showing its customer's (the commercial partner's) figure
    ``field_name`` from Xero, for Xero users."""
    return fields.Float(
        related="partner_id.commercial_partner_id.%s" % field_name, groups="xero_connector.group_xero_user"
    )


ORDER_LINE_WATCHED = (*fields_behind(ORDER_LINE_SOURCES), "display_type")


class XeroInvoicedMixin(models.AbstractModel):
    """A sales document that becomes a draft invoice in Xero (orders, opportunities)."""

    _name = "xero.invoiced.mixin"
    _inherit = "xero.synced.mixin"
    _description = "Invoiced in Xero"

    _xero_fields = mapping.INVOICE_FIELDS
    # the field naming who the document goes to in Xero: that partner's company is the contact
    _xero_customer_field = "partner_id"
    # each model's {invoice key: the model's fields it is made from}, one entry for every
    # key of mapping.INVOICE_FIELDS; a model that sends on change watches them all
    _xero_invoice_sources = {}

    xero_transaction_id = fields.Many2one(
        "xero.sales.transaction", "Xero Invoice", compute="_compute_xero_invoice", compute_sudo=True
    )
    xero_invoice_number = fields.Char(compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_status = fields.Char("Xero Status", compute="_compute_xero_invoice", compute_sudo=True)
    xero_amount_due = fields.Monetary(
        compute="_compute_xero_invoice", compute_sudo=True, currency_field="xero_invoice_currency_id"
    )
    xero_invoice_currency_id = fields.Many2one("res.currency", compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_error = fields.Text("Xero Error", compute="_compute_xero_invoice", compute_sudo=True)
    xero_online_invoice_url = fields.Char("Xero Invoice Link", compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_pending = fields.Boolean(compute="_compute_xero_invoice", compute_sudo=True)
    xero_invoice_voided = fields.Boolean(
        "Voided or Deleted in Xero", compute="_compute_xero_invoice", compute_sudo=True
    )

    @api.depends_context("company")
    def _compute_xero_invoice(self):
        by_record = self.env["xero.sync.link"]._xero_by_record(self, entity_name=self._xero_entity)
        links = self.env["xero.sync.link"].sudo().union(*by_record.values())
        transactions = (
            self.env["xero.sales.transaction"]
            .sudo()
            .search(
                [
                    ("xero_id", "in", [link.xero_id for link in links if link.xero_id]),
                    ("connection_id", "in", links.connection_id.ids),
                ]
            )
            if links
            else []
        )
        by_xero_id = {t.xero_id: t for t in transactions}
        for record in self:
            link = by_record.get(record.id)
            transaction = by_xero_id.get(link.xero_id) if link else None
            record.xero_transaction_id = transaction or False
            record.xero_invoice_number = transaction.number if transaction else False
            record.xero_invoice_status = transaction.status if transaction else False
            record.xero_amount_due = transaction.amount_due if transaction else 0.0
            record.xero_invoice_currency_id = transaction.currency_id if transaction else False
            record.xero_invoice_error = link.last_error if link else False
            record.xero_online_invoice_url = transaction.online_url if transaction else False
            record.xero_invoice_pending = bool(link) and link._xero_record_state() in ("pending", "error")
            record.xero_invoice_voided = bool(transaction and transaction.flag)

    # -- the invoice's values ---------------------------------------------------------------
    def _xero_customer_values(self, connection):
        """What the document's customer gives it: the Xero contact it goes to, and the
        theme it is drawn in (the customer's own, else the connection's default; none:
        Xero's standard theme)."""
        customer = self[self._xero_customer_field].commercial_partner_id.with_company(connection.company_id)
        return {
            "contact_xero_id": customer._xero_links(connection).xero_id or False,
            "branding_theme": (customer.xero_branding_theme_id or connection.branding_theme_id).xero_id or False,
        }

    def _xero_document_lines(self, order_lines, connection, default_account=False):
        """The document's Xero lines from order lines, and Xero's LineAmountTypes for
        their taxes (None when they mix tax-included and tax-excluded prices). Sections
        and notes are left out; delivery lines take the delivery account; the others the
        product's Xero account, else the Xero account of the product's income account (the
        connection's account mapping), else ``default_account``, else the connection's."""
        line_types, _problem = mapping.line_amount_types(
            [[tax.price_include for tax in line[ORDER_LINE_TAXES]] for line in order_lines if not line.display_type]
        )
        lines = []
        in_xero = set(order_lines.product_id._xero_links(connection).filtered("xero_id").mapped("res_id"))
        mapped_accounts = {m.account_id: m.xero_account_code for m in connection.account_mapping_ids}
        for line in order_lines.filtered(lambda link: not link.display_type):
            product = line.product_id
            is_delivery = getattr(line, "is_delivery", False) or (
                connection.delivery_product_id and product == connection.delivery_product_id
            )
            income_account = (
                product.product_tmpl_id.sudo().with_company(connection.company_id)._get_product_accounts()["income"]
                if mapped_accounts
                else None
            )
            account = (
                (connection.default_delivery_account_code if is_delivery else False)
                or product.xero_sales_account_code
                or mapped_accounts.get(income_account)
                or default_account
                or connection.default_sales_account_code
            )
            lines.append(
                {
                    "item_code": product.default_code if product.id in in_xero else False,
                    "description": line.name,
                    "quantity": line.product_uom_qty,
                    "unit_price": round(line.price_unit, mapping.UNIT_DECIMALS),
                    "discount": line.discount or 0,
                    "tax_type": connection._xero_tax_type(line[ORDER_LINE_TAXES])[0] or False,
                    "account_code": account or False,
                    "tracking": connection._xero_line_tracking(self, line) if connection.tracking_rule_ids else [],
                }
            )
        return {"line_amount_types": line_types, "lines": lines}

    def _xero_invoice_problems(self, values, connection):
        """What stops a draft invoice before it is sent (the model adds its own): its
        status in Xero, if it is there, and its content."""
        errors = []
        link = self._xero_links(connection)
        # a document not in Xero yet has no status there (and no reporting copy to look up)
        transaction = link.xero_id and self.xero_transaction_id
        if transaction and transaction.flag:
            errors.append(
                _(
                    "Xero invoice %(number)s was %(status)s in Xero and takes no more changes. Send the "
                    "invoice to Xero again to make a new draft for this record.",
                    number=transaction.number,
                    status=transaction.status.lower(),
                )
            )
        elif transaction and transaction.status not in mapping.EDITABLE_STATUSES:
            errors.append(
                _(
                    "Xero invoice %(number)s is %(status)s: Xero takes no more changes from Odoo. Change "
                    "it in Xero (a credit note, or void it and invoice again).",
                    number=transaction.number,
                    status=transaction.status,
                )
            )
        content = self._xero_content_check(values, self._xero_invoiced_lines(), connection)
        return list(dict.fromkeys(errors + content))

    def _xero_content_check(self, values, order_lines, connection):
        """What stops a document (an invoice or a quote) whatever its status in Xero: its
        customer, its lines and their taxes."""
        errors = []
        customer = self[self._xero_customer_field].commercial_partner_id
        if not values["contact_xero_id"]:
            errors.append(
                _(
                    "The customer %(name)s could not be sent to Xero: %(why)s",
                    name=customer.display_name,
                    why=customer._xero_links(connection).last_error or _("see its Xero tab."),
                )
            )
        elif not customer.active:
            errors.append(
                _(
                    "The customer %s is archived: Xero takes no invoices for archived contacts. Restore "
                    "it (in Odoo or in Xero), then send the invoice again.",
                    customer.display_name,
                )
            )
        if not values["lines"]:
            errors.append(_("There is nothing to send: no lines."))
        if not values["line_amount_types"]:
            errors.append(
                _(
                    "Some lines have prices including tax and others excluding it; Xero needs one or "
                    "the other on the whole document."
                )
            )
        if connection.tracking_rule_ids:
            errors += connection._xero_tracking_problems(self, order_lines.filtered(lambda line: not line.display_type))
        for line in order_lines.filtered(lambda link: not link.display_type and link[ORDER_LINE_TAXES]):
            _type, _left_out, unmapped = connection._xero_tax_type(line[ORDER_LINE_TAXES])
            if unmapped:
                errors.append(connection._xero_unmapped_message(unmapped))
        return list(dict.fromkeys(errors))

    def _xero_send(self, connection, entity_name=None):
        """The one way a sales document goes to Xero from a button, a wizard, a stage or
        a confirmation: as ``entity_name`` (its invoice by default, or its quote), made
        anew where Xero's was voided or deleted, pushed once this transaction commits."""
        self._xero_start_over(connection, entity_name)
        return self._xero_push_now(connection, entity_name)

    def _xero_start_over(self, connection, entity_name=None):
        """Records whose Xero document of ``entity_name`` was voided or deleted in Xero
        start over: the next push makes a new one (the old stays in the reporting copy,
        flagged). Returns them."""
        entity = entities.get(entity_name or self._xero_entity)
        links = self._xero_links(connection, entity.name).filtered("xero_id")
        if not links:
            return self.browse()  # nothing in Xero yet: nothing to start over
        copies = self.env[entities.get(entity.mirror_entity).odoo_model].sudo()
        dead_ids = set(
            copies.search(
                [
                    ("connection_id", "=", connection.id),
                    ("xero_id", "in", links.mapped("xero_id")),
                    ("flag", "!=", False),
                ]
            ).mapped("xero_id")
        )
        dead = links.filtered(lambda link: link.xero_id in dead_ids)
        if dead:
            dead.write({"xero_id": False, "synced_values": None, "xero_updated_date": False})
        return self.browse(dead.mapped("res_id"))

    def _xero_withdraw_drafts(self):
        """These records are going (deleted, cancelled): their invoices Xero still has as
        drafts are deleted there once this transaction commits. Returns the records
        whose invoice Xero has approved, which Odoo cannot withdraw."""
        entity = entities.get(self._xero_entity)
        links = self._xero_links(entity_name=self._xero_entity).filtered(
            lambda link: link.xero_id and link.connection_id._xero_allows(entity, "export")
        )
        transactions = {
            (t.connection_id.id, t.xero_id): t
            for t in self.env["xero.sales.transaction"].sudo().search([("xero_id", "in", links.mapped("xero_id"))])
        }
        drafts, approved = [], self.browse()
        for link in links:
            transaction = transactions.get((link.connection_id.id, link.xero_id))
            if transaction and transaction.flag:
                continue
            if transaction and transaction.status not in mapping.EDITABLE_STATUSES:
                approved |= self.browse(link.res_id)
                continue
            drafts.append((link.connection_id.id, link.xero_id))
        if drafts:
            uid, registry = self.env.uid, self.env.registry

            @self.env.cr.postcommit.add
            def delete_drafts():
                with registry.cursor() as cr:
                    env = self.env(cr=cr, user=uid)
                    for connection_id, invoice_id in drafts:
                        env["xero.connection"].sudo().browse(connection_id)._xero_delete_draft_invoice(invoice_id)

        return approved

    def _xero_before_push(self, run, entity=None):
        """The customers, and the products with a code, go to Xero before the invoices."""
        connection = run.connection
        partners = self.mapped(self._xero_customer_field).commercial_partner_id
        products = self._xero_invoiced_lines().product_id.filtered("default_code")
        for records in (partners, products):
            in_xero = set(records._xero_links(connection).filtered("xero_id").mapped("res_id"))
            missing = records.filtered(lambda r, done=in_xero: r.id not in done)
            if missing:
                run.push(entities.get(missing._xero_entity), missing._xero_ensure_links(connection))

    def _xero_after_refusal(self, run, links):
        """Xero calls an item code not valid when the item was deleted there: the
        products it names are checked, and the order says which were deleted and what a
        retry does."""
        codes = {code.casefold() for link in links for code in INVALID_ITEM_CODE.findall(link.last_error or "")}
        if not codes:
            return
        products = self._xero_invoiced_lines().product_id.filtered(lambda p: (p.default_code or "").casefold() in codes)
        gone = run.forget_deleted(entities.get(entities.ITEM), products._xero_links(run.connection).filtered("xero_id"))
        deleted = self.env["product.product"].browse(gone.mapped("res_id"))
        for link in links:
            lost = self.browse(link.res_id)._xero_invoiced_lines().product_id & deleted
            if lost:
                link.last_error += "\n" + _(
                    "%(products)s was deleted in Xero. Send this invoice again to re-create it there as a new "
                    "item, or take it off the lines first.",
                    products=", ".join(lost.mapped("display_name")),
                )

    def _xero_invoiced_lines(self):
        raise NotImplementedError

    @api.model
    def _xero_explain_error(self, message):
        message = super()._xero_explain_error(message)
        if "not subscribed to currency" in message:
            message += " " + _("Enable the currency in Xero (Settings > Currencies), or quote in one Xero has.")
        if "has been archived" in message and "un-archived" in message:
            message += " " + _(
                "The customer is archived in Xero: restore it there (Contacts > Archived), then send the invoice again."
            )
        return message

    # -- the engine's hooks, each served by the handler of the entity's kind ---------------------
    # A sales document syncs as two entities (``_xero_entity``, its invoice, and
    # ``_xero_quote_entity``, its quote): the kind is the Xero document the entity makes
    # (its mirror, "invoice" or "quote"), and each hook calls that kind's handler:
    # ``_xero_<kind>_values``, ``_xero_<kind>_problems``, ``_xero_find_<kind>_created``.
    def _xero_read_values(self, connection=None, entity=None):
        self.ensure_one()
        kind = (entity or entities.get(self._xero_entity)).mirror_entity
        return getattr(self, "_xero_%s_values" % kind)(connection)

    def _xero_check_values(self, values, connection=None, entity=None, link=None):
        kind = (entity or entities.get(self._xero_entity)).mirror_entity
        return getattr(self, "_xero_%s_problems" % kind)(values, connection), []

    @api.model
    def _xero_find_created(self, run, payload, entity=None):
        kind = (entity or entities.get(self._xero_entity)).mirror_entity
        return getattr(self, "_xero_find_%s_created" % kind)(run, payload)

    def _xero_invoice_values(self, connection):
        """The draft invoice's values (mapping.INVOICE_FIELDS)."""
        raise NotImplementedError

    @api.model
    def _xero_find_invoice_created(self, run, payload):
        """The draft this document's create made: the customer's drafts carry the link
        back to the Odoo document (``Url``), which no other document has."""
        if not payload.get("Url"):
            return None
        drafts = run.client.customer_drafts(run.connection.tenant_id, payload["Contact"]["ContactID"])
        return next((d["InvoiceID"] for d in drafts if d.get("Url") == payload["Url"]), None)

    @xero_role(XERO_USER)
    def action_xero_view_invoice(self):
        self.ensure_one()
        if not self.xero_transaction_id:
            raise UserError(_("There is no Xero invoice for %s yet.", self.display_name))
        return self.xero_transaction_id.action_xero_view()

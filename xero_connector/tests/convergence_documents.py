"""Sales orders in the randomized convergence test.

A salesperson makes quotations, sends some (each becomes a Xero quote) and confirms some
(each becomes a draft invoice), and keeps changing their lines and references. The
accounts team meanwhile edits those documents in Xero as each status allows: a draft or
submitted invoice takes a new due date, is submitted or approved; a draft or sent quote
takes a new expiry date, is accepted or (once sent) declined.

What must hold at the end, for each order: Xero has one document of each kind for it,
never two; the order shows the status Xero has; Xero's lines and reference are the
order's, or the order says why Xero no longer takes them (its status, an archived
customer, a deleted item); and the accounts team's own edits are what Xero keeps."""

import datetime as dt
import re

from odoo.exceptions import UserError

from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES
from odoo.addons.xero_connector.xero.mapping_documents import EDITABLE_STATUSES, QUOTE_EDITABLE_STATUSES

INVOICE, QUOTE = "order_invoice", "order_quote"
# per kind of document: Xero's collection, its id, its status field on the order, the
# statuses whose content Odoo may change, and the header date the accounts team edits
KINDS = {
    INVOICE: ("Invoices", "InvoiceID", "xero_invoice_status", "xero_invoice_error", EDITABLE_STATUSES, "DueDate"),
    QUOTE: ("Quotes", "QuoteID", "xero_quote_status", "xero_quote_error", QUOTE_EDITABLE_STATUSES, "ExpiryDate"),
}
# what the accounts team may do to a document of each status (Xero's rules: the emulator
# refuses the rest, see docs/xero-fidelity.md)
XERO_MOVES = {
    (INVOICE, "DRAFT"): ("date", "date", "SUBMITTED", "AUTHORISED"),
    (INVOICE, "SUBMITTED"): ("date", "AUTHORISED"),
    (QUOTE, "DRAFT"): ("date", "date", "ACCEPTED"),
    (QUOTE, "SENT"): ("date", "ACCEPTED", "DECLINED"),
}


class Documents:
    """The orders one seed follows, by label, and what was done to them."""

    def __init__(self, case):
        self.case = case
        self.env = case.env
        self.orders = {}  # label -> sale.order id
        self.xero_dates = {}  # (label, kind) -> Xero's last date typed by the accounts team
        self.done = {}  # what happened, counted: shown with the seed's figures

    def count(self, what):
        self.done[what] = self.done.get(what, 0) + 1

    def order(self, label):
        return self.env["sale.order"].browse(self.orders[label])

    def links(self, label, kind):
        return self.order(label)._xero_links(self.case.connection, kind)

    # -- the salesperson ---------------------------------------------------------------------
    def new_quotation(self, rng, label, customers, products):
        """A quotation of one to three lines for an active customer, by the salesperson."""
        products = [p for p in products if p.active and p.sale_ok]
        customers = [c for c in customers if c.active]
        if not customers or not products:
            return None
        Order = self.env["sale.order"].with_user(self.case.salesperson)
        order = Order.create(
            {
                "partner_id": rng.choice(customers).id,
                "client_order_ref": "PO %s" % label,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": rng.randint(1, 9),
                            "price_unit": round(rng.uniform(10, 400), 2),
                            ORDER_LINE_TAXES: [(6, 0, self.case.gst.ids)],
                        },
                    )
                    for product in rng.sample(products, min(len(products), rng.randint(1, 3)))
                ],
            }
        )
        self.orders[label] = order.id
        self.count("quotations")
        return order

    def click(self, rng):
        """Send a quotation (a Xero quote) or confirm one (a draft invoice)."""
        quotations = [label for label in self.orders if self.order(label).state in ("draft", "sent")]
        if not quotations:
            return
        order = self.order(rng.choice(quotations)).with_user(self.case.salesperson)
        try:
            with self.env.cr.savepoint():
                if order.state == "draft" and rng.random() < 0.5:
                    order.action_quotation_sent()
                    self.count("sent")
                else:
                    order.action_confirm()
                    self.count("confirmed")
        except UserError:
            self.count("refused")  # Odoo refuses (an archived product): nothing happened
            return
        self.case.run_after_commit()

    def odoo_edit(self, rng, tag):
        """The salesperson changes a line or the reference of an order whose document
        Xero has (or is about to have)."""
        labels = [label for label in self.orders if self.order(label).state in ("draft", "sent", "sale")]
        if not labels:
            return
        order = self.order(rng.choice(labels)).with_user(self.case.salesperson)
        lines = order.order_line.filtered(lambda line: not line.display_type)
        what = rng.random()
        with self.env.cr.savepoint():
            if what < 0.45:
                rng.choice(lines).product_uom_qty = rng.randint(1, 9)
            elif what < 0.9:
                rng.choice(lines).price_unit = round(rng.uniform(10, 400), 2)
            else:
                order.client_order_ref = "PO %s" % tag
        self.count("changed in Odoo")

    # -- the accounts team -------------------------------------------------------------------
    def xero_edit(self, rng, today):
        """The accounts team edits, approves or answers one document as its status allows."""
        found = []
        for label in self.orders:
            for kind in (INVOICE, QUOTE):
                link = self.links(label, kind)
                if link.xero_id:
                    found.append((label, kind, link.xero_id))
        if not found:
            return
        label, kind, xero_id = rng.choice(found)
        collection, id_field, _status, _error, _editable, date_field = KINDS[kind]
        document = self.xero_document(kind, xero_id)
        moves = XERO_MOVES.get((kind, document["Status"]))
        if not moves:
            return
        move = rng.choice(moves)
        element = {id_field: xero_id}
        if move == "date" or move == "AUTHORISED":
            # Xero approves an invoice with a due date only
            day = today + dt.timedelta(days=rng.randint(7, 60))
            element[date_field] = day.isoformat()
        if move != "date":
            element["Status"] = move
        answer = self.case.emulator_admin(
            "POST", "tenants/%s/ui/%s" % (self.case.tenant_id, collection), **{collection: [element]}
        )
        if answer[collection][0]["StatusAttributeString"] != "OK":
            # Xero refuses it too (a line's item was deleted there): nothing happened
            self.count("refused by Xero")
            return
        if date_field in element:
            self.xero_dates[label, kind] = element[date_field]
        self.count("%s in Xero" % (move if move != "date" else date_field))

    def xero_document(self, kind, xero_id):
        collection, id_field = KINDS[kind][:2]
        found = [d for d in self.case.xero_records(collection) if d[id_field] == xero_id]
        return found[0] if found else None

    # -- the checks ----------------------------------------------------------------------------
    def check(self, seed):
        """What must hold for every order at the end (the module's docstring)."""
        problems = []
        documents = {kind: self.case.xero_records(KINDS[kind][0]) for kind in KINDS}
        urls = [i.get("Url") for i in documents[INVOICE] if i["Status"] not in ("DELETED", "VOIDED") and i.get("Url")]
        titles = [q.get("Title") for q in documents[QUOTE] if q["Status"] != "DELETED" and q.get("Title")]
        for label in sorted(self.orders):
            order = self.order(label)
            order.invalidate_recordset()
            for kind in (INVOICE, QUOTE):
                problems += self._check_one(label, order, kind, urls, titles)
        self.case.assertFalse(problems, "seed %s: orders and Xero disagree:\n%s" % (seed, "\n".join(problems)))

    def _check_one(self, label, order, kind, urls, titles):
        collection, id_field, status_field, error_field, editable, date_field = KINDS[kind]
        link = self.links(label, kind)
        expected = order.state == "sale" if kind == INVOICE else bool(link)
        if not expected:
            return []
        if not link.xero_id:
            if link.state == "error" and self.excused(order, link.last_error, None, editable):
                return []  # the order says why Xero has none (an archived customer, a deleted item)
            return ["order %s: no Xero %s (%s)" % (label, collection, link.last_error)]
        if kind == INVOICE:
            twice = urls.count("%s/odoo/sale.order/%d" % (order.get_base_url(), order.id))
        else:
            twice = titles.count(order.display_name)
        if twice != 1:
            return ["order %s: %s documents in Xero's %s" % (label, twice, collection)]
        document = self.xero_document(kind, link.xero_id)
        problems = []
        if order[status_field] != document["Status"]:
            problems.append("order %s shows %s %s, Xero has %s" % (label, collection, order[status_field], document))
        typed = self.xero_dates.get((label, kind))
        if typed and xero_date(document.get(date_field)) != typed:
            problems.append("order %s: Xero's %s %s became %s" % (label, date_field, typed, document.get(date_field)))
        if kind == QUOTE and order.state not in ("draft", "sent"):
            return problems  # a confirmed order's quote is the customer's: left alone
        ours = [
            (round(line.product_uom_qty, 4), round(line.price_unit, 2))
            for line in order.order_line
            if not line.display_type
        ]
        theirs = [(round(float(li["Quantity"]), 4), round(float(li["UnitAmount"]), 2)) for li in document["LineItems"]]
        reference = order._xero_reference()
        if ours == theirs and (document.get("Reference") or "").startswith(reference):
            return problems
        why = order[error_field] or ""
        if link.state != "error" or not self.excused(order, why, document, editable):
            problems.append(
                "order %s: Xero's %s has %s %r, the order %s %r, and the order says %r"
                % (label, collection, theirs, document.get("Reference"), ours, reference, why)
            )
        return problems

    def excused(self, order, why, document, editable):
        """Whether the order's message is a reason Xero does not have its content, and
        true: the document's status, the customer archived, an item deleted in Xero."""
        why = why or ""
        if "takes no more changes" in why or "can only change its status" in why:
            return bool(document) and document["Status"] not in editable
        if "no longer a quotation" in why:
            return order.state not in ("draft", "sent")
        # a customer restored or an item made again since is not enough: the order says
        # to send it again, which is a person's decision
        if "archived" in why:
            return self.case.was_archived(order.partner_id.commercial_partner_id)
        if "deleted in Xero" in why:
            return any(self.case.was_deleted_in_xero(product) for product in order.order_line.product_id)
        return False


def xero_date(value):
    """A date as Xero's JSON writes it (``/Date(milliseconds+0000)/``), ISO formatted."""
    found = re.match(r"/Date\((-?\d+)", value or "")
    if not found:
        return (value or "")[:10]
    return dt.datetime.fromtimestamp(int(found.group(1)) / 1000, dt.timezone.utc).date().isoformat()

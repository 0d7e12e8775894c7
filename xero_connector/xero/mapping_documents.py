"""Sales documents: what Xero's invoices, credit notes and purchase orders become in
Odoo (read-only, for reporting), and the draft invoices Odoo's orders and opportunities
become in Xero. Pure functions; the models gather and apply the values.

Amounts come back signed: a credit note's are negative, so sums of invoices and credit
notes are net sales. Voided and deleted documents are kept, flagged "D".
"""

from . import entities
from .xerodates import parse_timestamp

UNIT_DECIMALS = 4
DEAD_STATUSES = ("VOIDED", "DELETED")
EDITABLE_STATUSES = ("DRAFT", "SUBMITTED")  # Xero takes changes to these only
EMAILABLE_STATUSES = ("SUBMITTED", "AUTHORISED", "PAID")  # Xero emails these only
QUOTE_EDITABLE_STATUSES = ("DRAFT", "SENT")  # a quote's lines change in these only
QUOTE_TITLE_LIMIT = 100  # Quote.Title's maxLength
# a quote spells its line amount types in capitals (QuoteLineAmountTypes)
QUOTE_LINE_AMOUNT_TYPES = {"Exclusive": "EXCLUSIVE", "Inclusive": "INCLUSIVE", "NoTax": "NOTAX"}


# -- Xero -> Odoo (reporting) ------------------------------------------------------------------
def invoice_from_xero(invoice):
    return _document_from_xero(invoice, "invoice", "InvoiceID", "InvoiceNumber", sign=1, due=invoice.get("AmountDue"))


def credit_note_from_xero(credit_note):
    values = _document_from_xero(
        credit_note, "credit", "CreditNoteID", "CreditNoteNumber", sign=-1, due=credit_note.get("RemainingCredit")
    )
    # the invoices the accounts team took the credit off: what the credit note credits
    values["credited_invoice_ids"] = [
        allocation["Invoice"]["InvoiceID"]
        for allocation in credit_note.get("Allocations") or []
        if (allocation.get("Invoice") or {}).get("InvoiceID") and not allocation.get("IsDeleted")
    ]
    return values


def purchase_order_from_xero(order):
    values = _document_from_xero(order, "purchase", "PurchaseOrderID", "PurchaseOrderNumber", sign=1, due=None)
    values["delivery_date"] = _date(order.get("DeliveryDateString") or order.get("DeliveryDate"))
    for key in ("amount_paid", "amount_due", "fully_paid_date", "payments", "kind"):
        values.pop(key)
    return values


def quote_from_xero(quote):
    values = _document_from_xero(quote, "quote", "QuoteID", "QuoteNumber", sign=1, due=None)
    values["expiry_date"] = _date(quote.get("ExpiryDateString") or quote.get("ExpiryDate"))
    for key in ("amount_paid", "amount_due", "fully_paid_date", "payments", "kind", "due_date"):
        values.pop(key)
    return values


def _document_from_xero(document, kind, id_field, number_field, sign, due):
    status = document.get("Status") or "DRAFT"
    return {
        "xero_id": document.get(id_field),
        "kind": kind,
        "number": document.get(number_field) or False,
        "reference": document.get("Reference") or False,
        "contact_xero_id": (document.get("Contact") or {}).get("ContactID") or False,
        "date": _date(document.get("DateString") or document.get("Date")),
        "due_date": _date(document.get("DueDateString") or document.get("DueDate")),
        "status": status,
        "flag": "D" if status in DEAD_STATUSES else False,
        "currency": document.get("CurrencyCode") or False,
        "amount_untaxed": sign * _amount(document.get("SubTotal")),
        "amount_tax": sign * _amount(document.get("TotalTax")),
        "amount_total": sign * _amount(document.get("Total")),
        "amount_paid": sign * _amount(document.get("AmountPaid")),
        "amount_due": sign * _amount(due),
        "fully_paid_date": _date(document.get("FullyPaidOnDate")),
        "lines": [_line_from_xero(line, sign) for line in document.get("LineItems") or []],
        "payments": [
            {
                "xero_id": p.get("PaymentID"),
                "date": _date(p.get("Date")),
                "amount": sign * _amount(p.get("Amount")),
                "reference": p.get("Reference") or False,
            }
            for p in document.get("Payments") or []
        ],
    }


def _line_from_xero(line, sign):
    return {
        "item_code": line.get("ItemCode") or False,
        "description": line.get("Description") or False,
        "quantity": _amount(line.get("Quantity"), UNIT_DECIMALS),
        "unit_price": _amount(line.get("UnitAmount"), UNIT_DECIMALS),
        "discount": _amount(line.get("DiscountRate")),
        "tax_type": line.get("TaxType") or False,
        "tax_amount": sign * _amount(line.get("TaxAmount")),
        "amount": sign * _amount(line.get("LineAmount")),
        "account_code": line.get("AccountCode") or False,
        # as Xero shows it: "Region: North, Team: B2B"
        "tracking": ", ".join("%s: %s" % (t.get("Name"), t.get("Option")) for t in line.get("Tracking") or []) or False,
    }


# -- Odoo -> Xero (draft invoices) ----------------------------------------------------------------
# the values a sales document gives its draft invoice, and each of its lines
INVOICE_FIELDS = (
    "status",
    "contact_xero_id",
    "date",
    "due_date",
    "currency",
    "reference",
    "url",
    "line_amount_types",
    "branding_theme",
    "lines",
)
INVOICE_LINE_FIELDS = (
    "item_code",
    "description",
    "quantity",
    "unit_price",
    "discount",
    "tax_type",
    "account_code",
    "tracking",
)


def invoice_to_xero(values):
    """``values``: a sales document to invoice: status (DRAFT unless AUTHORISED is said),
    contact_xero_id, date, due_date, currency, reference, url, line_amount_types,
    branding_theme (an id) and lines of item_code, description, quantity, unit_price,
    discount, tax_type, account_code and tracking ((category, option) pairs)."""
    payload = {
        "Type": "ACCREC",
        "Status": values.get("status") or "DRAFT",
        "Contact": {"ContactID": values["contact_xero_id"]},
        "LineAmountTypes": values.get("line_amount_types") or "Exclusive",
        "Reference": values.get("reference") or "",
        "LineItems": [_line_to_xero(line) for line in values.get("lines") or []],
    }
    for key, field in (("date", "Date"), ("due_date", "DueDate")):
        if values.get(key):
            payload[field] = values[key]
    if values.get("currency"):
        payload["CurrencyCode"] = values["currency"]
    if values.get("url"):
        payload["Url"] = values["url"]
    if values.get("branding_theme"):
        payload["BrandingThemeID"] = values["branding_theme"]
    return payload


# the values a sales document gives its Xero quote (an invoice's, less what a quote has
# not: no due date, no Url; an expiry date instead)
QUOTE_FIELDS = (
    "status",
    "title",
    "contact_xero_id",
    "date",
    "expiry_date",
    "currency",
    "reference",
    "line_amount_types",
    "branding_theme",
    "lines",
)


def quote_to_xero(values):
    """``values``: QUOTE_FIELDS of a sales document; the lines as an invoice's."""
    payload = {
        "Status": values.get("status") or "DRAFT",
        "Contact": {"ContactID": values["contact_xero_id"]},
        "LineAmountTypes": QUOTE_LINE_AMOUNT_TYPES[values.get("line_amount_types") or "Exclusive"],
        "Reference": values.get("reference") or "",
        "LineItems": [_line_to_xero(line) for line in values.get("lines") or []],
    }
    if values.get("title"):
        # the order's number or the opportunity's name: how a lost create is found again
        payload["Title"] = values["title"][:QUOTE_TITLE_LIMIT]
    for key, field in (("date", "Date"), ("expiry_date", "ExpiryDate")):
        if values.get(key):
            payload[field] = values[key]
    if values.get("currency"):
        payload["CurrencyCode"] = values["currency"]
    if values.get("branding_theme"):
        payload["BrandingThemeID"] = values["branding_theme"]
    return payload


def _line_to_xero(line):
    out = {
        "Description": line.get("description") or "",
        "Quantity": line.get("quantity") or 0,
        "UnitAmount": round(float(line.get("unit_price") or 0), UNIT_DECIMALS),
    }
    if line.get("item_code"):
        out["ItemCode"] = line["item_code"]
    if line.get("discount"):
        out["DiscountRate"] = line["discount"]
    if line.get("tax_type"):
        out["TaxType"] = line["tax_type"]
    if line.get("account_code"):
        out["AccountCode"] = line["account_code"]
    if line.get("tracking"):
        out["Tracking"] = [{"Name": category, "Option": option} for category, option in line["tracking"]]
    return out


def line_amount_types(lines_taxes):
    """Xero's LineAmountTypes for lines' taxes, each a list of (price_include) flags:
    ``(value, problem)``; a mix of tax-included and tax-excluded prices is a problem."""
    flags = {flag for taxes in lines_taxes for flag in taxes}
    if not flags:
        return "NoTax", None
    if len(flags) > 1:
        return None, "mixed"
    return ("Inclusive" if flags.pop() else "Exclusive"), None


# -- helpers -------------------------------------------------------------------------------------
def _date(value):
    moment = parse_timestamp(value) if value else None
    return moment.date().isoformat() if moment else False


def _amount(value, places=2):
    return round(float(value or 0), places)


entities.register(
    entities.Entity(
        name=entities.INVOICE,
        group="documents",
        odoo_model="xero.sales.transaction",
        collection="Invoices",
        id_field="InvoiceID",
        list_operation="get_invoices",
        write_operation="update_or_create_invoices",
        to_xero=None,
        from_xero=invoice_from_xero,
        push=False,
        webhook_category="INVOICE",
        list_kwargs={"where": 'Type=="ACCREC"', "unitdp": UNIT_DECIMALS},
        accepts=lambda invoice: invoice.get("Type") == "ACCREC",
    )
)
entities.register(
    entities.Entity(
        name=entities.CREDIT_NOTE,
        group="documents",
        odoo_model="xero.sales.transaction",
        collection="CreditNotes",
        id_field="CreditNoteID",
        list_operation="get_credit_notes",
        write_operation="update_or_create_credit_notes",
        to_xero=None,
        from_xero=credit_note_from_xero,
        push=False,
        webhook_category="CREDITNOTE",
        list_kwargs={"where": 'Type=="ACCRECCREDIT"', "unitdp": UNIT_DECIMALS},
        get_operation="get_credit_note",
        get_kwargs={"unitdp": UNIT_DECIMALS},
        # a webhook names supplier credits too; read by id, they must not reach sales reporting
        accepts=lambda credit_note: credit_note.get("Type") == "ACCRECCREDIT",
    )
)
entities.register(
    entities.Entity(
        name=entities.QUOTE,
        group="documents",
        odoo_model="xero.quote",
        collection="Quotes",
        id_field="QuoteID",
        list_operation="get_quotes",
        write_operation="update_or_create_quotes",
        get_operation="get_quote",
        sized_pages=False,
        to_xero=None,
        from_xero=quote_from_xero,
        push=False,
    )
)
entities.register(
    entities.Entity(
        name=entities.PURCHASE_ORDER,
        group="documents",
        odoo_model="xero.purchase.order",
        collection="PurchaseOrders",
        id_field="PurchaseOrderID",
        list_operation="get_purchase_orders",
        write_operation="update_or_create_purchase_orders",
        to_xero=None,
        from_xero=purchase_order_from_xero,
        push=False,
    )
)


def _sent_as(name, odoo_model, mirror):
    """Orders and opportunities become draft invoices or quotes: pushed only, Xero's
    answer lands on the reporting copy (``mirror``: the invoice's or the quote's)."""
    invoice = mirror == entities.INVOICE
    return entities.register(
        entities.Entity(
            name=name,
            group="documents",
            odoo_model=odoo_model,
            collection="Invoices" if invoice else "Quotes",
            id_field="InvoiceID" if invoice else "QuoteID",
            list_operation="get_invoices" if invoice else "get_quotes",
            write_operation="update_or_create_invoices" if invoice else "update_or_create_quotes",
            to_xero=invoice_to_xero if invoice else quote_to_xero,
            from_xero=None,
            pull=False,
            # Xero's quote operations take no unitdp: their prices keep 2 decimals
            write_kwargs={"unitdp": UNIT_DECIMALS} if invoice else {},
            mirror_entity=mirror,
            create_operation="create_invoices" if invoice else "create_quotes",
        )
    )


_sent_as(entities.ORDER_INVOICE, "sale.order", entities.INVOICE)
_sent_as(entities.LEAD_INVOICE, "crm.lead", entities.INVOICE)
_sent_as(entities.ORDER_QUOTE, "sale.order", entities.QUOTE)
_sent_as(entities.LEAD_QUOTE, "crm.lead", entities.QUOTE)

"""Per-tenant indexes of the values Xero keeps unique (contact names, account and
contact numbers, item codes), so that checking one element of a batch costs a lookup,
not a scan of the organisation. Built on first use, kept up to date by every store and
delete of the accounting API."""

from .query import fold

# index name -> (collection, the record's key in it, or None)
INDEXES = {
    "contact_name": ("Contacts", lambda r: r.get("_name_key") or fold(r.get("Name") or "")),
    "account_number": ("Contacts", lambda r: fold(r.get("AccountNumber") or "") or None),
    "contact_number": ("Contacts", lambda r: r.get("ContactNumber") or None),
    "item_code": ("Items", lambda r: fold(r.get("Code") or "") or None),
    "invoice_number": ("Invoices", lambda r: r.get("InvoiceNumber") or None),
    "credit_note_number": ("CreditNotes", lambda r: r.get("CreditNoteNumber") or None),
    "purchase_order_number": ("PurchaseOrders", lambda r: r.get("PurchaseOrderNumber") or None),
    "quote_number": ("Quotes", lambda r: r.get("QuoteNumber") or None),
}
NUMBER_INDEX = {
    "Invoices": "invoice_number",
    "CreditNotes": "credit_note_number",
    "PurchaseOrders": "purchase_order_number",
    "Quotes": "quote_number",
}


def lookup(tenant, index, key):
    """The records of ``tenant`` whose ``index`` value is ``key``."""
    collection, _value = INDEXES[index]
    store = tenant.records[collection]
    return [store[record_key] for record_key in _built(tenant, index).get(key, ()) if record_key in store]


def replace(tenant, collection, record_key, old, new):
    """``old`` (or None) is replaced by ``new`` (or None) under ``record_key``."""
    for index, (indexed, value) in INDEXES.items():
        built = _indexes(tenant).get(index)
        if indexed != collection or built is None:
            continue
        if old is not None and value(old) is not None:
            built.get(value(old), set()).discard(record_key)
        if new is not None and value(new) is not None:
            built.setdefault(value(new), set()).add(record_key)


def _indexes(tenant):
    if getattr(tenant, "indexes", None) is None:
        tenant.indexes = {}  # a tenant saved before indexes existed
    return tenant.indexes


def _built(tenant, index):
    indexes = _indexes(tenant)
    if index not in indexes:
        collection, value = INDEXES[index]
        built = {}
        for record_key, record in tenant.records[collection].items():
            key = value(record)
            if key is not None:
                built.setdefault(key, set()).add(record_key)
        indexes[index] = built
    return indexes[index]

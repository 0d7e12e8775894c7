"""The business rules of each Accounting API collection: how an incoming element is
validated, merged into what is stored and completed with what Xero computes.

Each ``write_*`` function takes the tenant, the incoming element (already parsed
from JSON, decimals as ``Decimal``) and the stored record it updates (or None), and
returns ``(record, errors)``; on errors nothing is stored. Messages follow Xero's
wording where it is known.
"""

import copy
from decimal import ROUND_HALF_UP, Decimal

from . import indexes
from .query import fold
from .xerojson import new_id, parse_date

ZERO = Decimal("0")
CENT = Decimal("0.01")

DOCUMENT_DATE_FIELDS = (
    "Date",
    "DueDate",
    "ExpiryDate",
    "DeliveryDate",
    "ExpectedArrivalDate",
    "ExpectedPaymentDate",
    "PlannedPaymentDate",
)
# fields the SDK fills with defaults on every model and Xero ignores on input
IGNORED_INPUT = (
    "HasAttachments",
    "HasErrors",
    "HasValidationErrors",
    "ValidationErrors",
    "StatusAttributeString",
    "Warnings",
    "UpdatedDateUTC",
    "IsDiscounted",
)


# Xero's wording, as reported in public (sources in docs/xero-fidelity.md)
ARCHIVED_CONTACT_ON_DOCUMENT = (
    "The contact with the specified contact details has been archived. The contact must be "
    "un-archived before creating new invoices or credit notes."
)
# PaymentTermType of Xero's OpenAPI spec
PAYMENT_TERM_TYPES = ("DAYSAFTERBILLDATE", "DAYSAFTERBILLMONTH", "OFCURRENTMONTH", "OFFOLLOWINGMONTH")
ACCOUNT_NUMBER_TAKEN = "The Account Number already exists. Please enter a different Account Number."
WEBSITE_INVALID = "Website must be valid."
ARCHIVED_CONTACT_UPDATE = (
    "The specified contact details matched an archived contact. Archived contacts cannot currently be edited "
    "via the API."
)
ARCHIVED_GROUP_MEMBER = "Unable to assign an Archived contact."
# emailing a sales invoice (POST /Invoices/{id}/Email; docs/xero-fidelity.md): Xero sends
# submitted, approved and paid invoices only, to the contact's email address and its
# persons included in emails, and only so many a day
EMAILABLE_STATUSES = ("SUBMITTED", "AUTHORISED", "PAID")
EMAIL_NOT_APPROVED = "Invoice must be approved before it can be emailed."
EMAIL_NO_RECIPIENT = "The contact has no email address to send the invoice to."
EMAIL_DAY_LIMIT = "The daily limit of emails sent from this organisation has been reached. Try again tomorrow."


class WriteError(Exception):
    """An element-level validation failure that aborts the whole element."""


def money(value, places=CENT):
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def _clean(element):
    return {k: v for k, v in element.items() if k not in IGNORED_INPUT and v is not None}


def _check_length(errors, record, field, limit, label=None):
    value = record.get(field)
    if value is not None and len(str(value)) > limit:
        errors.append("%s must not be more than %d characters long." % (label or field, limit))


def _merge_typed(existing, incoming, type_field):
    """Addresses and Phones are merged per type: a sent type replaces the stored one."""
    by_type = {entry.get(type_field): entry for entry in existing or []}
    for entry in incoming:
        by_type[entry.get(type_field)] = dict(entry)
    return list(by_type.values())


# -- contacts ----------------------------------------------------------------------------
def write_contact(tenant, element, existing, from_ui=False):
    """``from_ui``: typed in Xero's own screens, which check less than the API does."""
    element = _clean(element)
    if (
        existing
        and existing.get("ContactStatus") == "ARCHIVED"
        and not from_ui
        and element.get("ContactStatus") != "ACTIVE"
    ):
        # an archived contact takes no change through the API, not even its own status
        # sent again, until it is restored (ContactStatus ACTIVE)
        return existing, [ARCHIVED_CONTACT_UPDATE]
    record = (
        copy.deepcopy(existing)
        if existing
        else {
            "ContactID": new_id(),
            "ContactStatus": "ACTIVE",
            "Addresses": [],
            "Phones": [],
            "ContactPersons": [],
            "IsSupplier": False,
            "IsCustomer": False,
        }
    )
    for field, value in element.items():
        if field == "ContactID":
            continue
        if field == "Addresses":
            record[field] = _merge_typed(record.get(field), value, "AddressType")
        elif field == "Phones":
            record[field] = _merge_typed(record.get(field), value, "PhoneType")
        elif field in ("IsSupplier", "IsCustomer", "Balances", "MergedToContactID"):
            continue  # read-only on Xero
        elif field == "BrandingTheme" and not from_ui:
            continue  # Xero's API takes no theme for a contact, silently (docs/xero-fidelity.md)
        elif field == "PaymentTerms" and isinstance(value, dict):
            # sales and bills terms are set apart: sending one keeps the other; Xero's
            # screens can empty one (the API's way, if any, is not known)
            record[field] = dict(record.get(field) or {}, **value)
            if from_ui:
                record[field] = {kind: terms for kind, terms in record[field].items() if terms}
        else:
            record[field] = value
    errors = []
    name = (record.get("Name") or "").strip()
    if not name:
        errors.append("The contact name must be specified.")
    _check_length(errors, record, "Name", 255, "The contact name")
    for field in ("EmailAddress", "FirstName", "LastName"):
        _check_length(errors, record, field, 255)
    for field in ("ContactNumber", "AccountNumber", "TaxNumber", "CompanyNumber"):
        _check_length(errors, record, field, 50)
    email = record.get("EmailAddress")
    if email and not _looks_like_email(email):
        errors.append("Email address must be valid.")
    if len(record.get("ContactPersons") or []) > 5:
        errors.append("A contact can have a maximum of 5 contact persons.")
    for person in record.get("ContactPersons") or []:
        if person.get("EmailAddress") and not _looks_like_email(person["EmailAddress"]):
            errors.append("Email address must be valid.")
    for terms in (record.get("PaymentTerms") or {}).values():
        if (terms or {}).get("Type") not in PAYMENT_TERM_TYPES:
            errors.append("Payment terms type must be one of %s." % ", ".join(PAYMENT_TERM_TYPES))
        elif terms["Type"].startswith("OF") and not 0 <= int(terms.get("Day") or 0) <= 31:
            # a day of a month; the "days after" types count days
            errors.append("Payment terms day must be between 0 and 31.")
    if record.get("ContactStatus") not in ("ACTIVE", "ARCHIVED", "GDPRREQUEST"):
        errors.append("ContactStatus must be ACTIVE or ARCHIVED.")
    currency = record.get("DefaultCurrency")
    if currency and not currency_enabled(tenant, currency):
        errors.append("Organisation is not subscribed to currency %s" % currency)
    record["_name_key"] = fold(name)  # kept with the record: uniqueness checks stay cheap

    def others(index, key):
        return [c for c in indexes.lookup(tenant, index, key) if c["ContactID"] != record["ContactID"]]

    if name and record["ContactStatus"] == "ACTIVE":
        if any(c["ContactStatus"] == "ACTIVE" for c in others("contact_name", record["_name_key"])):
            errors.append(
                "The contact name %s is already assigned to another contact. The contact name "
                "must be unique across all active contacts." % name
            )
    website = record.get("Website")
    if website and not from_ui and not _looks_like_url(website):
        # the screens take "www.example.com"; the API then refuses every update of the
        # contact until the website is fixed (XeroAPI/Xero-NetStandard#623)
        errors.append(WEBSITE_INVALID)
    number = record.get("AccountNumber")
    if number and others("account_number", fold(number)):
        errors.append(ACCOUNT_NUMBER_TAKEN)
    code = record.get("ContactNumber")
    if code and others("contact_number", code):
        errors.append("The Contact Number %s is already assigned to another contact." % code)
    return record, errors


def _looks_like_url(text):
    scheme, _, rest = str(text).partition("://")
    return scheme.lower() in ("http", "https") and "." in rest and " " not in rest


def _looks_like_email(text):
    local, _, domain = str(text).partition("@")
    return bool(local) and "." in domain and " " not in text and not domain.startswith(".")


# -- items -------------------------------------------------------------------------------
def write_item(tenant, element, existing, unitdp=2):
    element = _clean(element)
    record = (
        copy.deepcopy(existing)
        if existing
        else {
            "ItemID": new_id(),
            "IsSold": True,
            "IsPurchased": True,
        }
    )
    for field, value in element.items():
        if field in ("ItemID", "IsTrackedAsInventory", "QuantityOnHand", "TotalCostPool"):
            continue
        record[field] = value
    places = Decimal(1).scaleb(-unitdp)
    for details in ("SalesDetails", "PurchaseDetails"):
        if record.get(details) and record[details].get("UnitPrice") is not None:
            record[details]["UnitPrice"] = money(record[details]["UnitPrice"], places)
    record["IsTrackedAsInventory"] = bool(record.get("InventoryAssetAccountCode"))
    if record["IsTrackedAsInventory"]:
        record.setdefault("QuantityOnHand", ZERO)
        record.setdefault("TotalCostPool", ZERO)
    errors = []
    code = record.get("Code") or ""
    if not code.strip():
        errors.append("Item code must be specified.")
    elif len(code) > 30:
        errors.append("The item code must not be more than 30 characters long.")
    elif any(i["ItemID"] != record["ItemID"] for i in indexes.lookup(tenant, "item_code", fold(code))):
        errors.append("Price List Item with Code '%s' already exists" % code)
    _check_length(errors, record, "Name", 50, "The item name")
    _check_length(errors, record, "Description", 4000)
    _check_length(errors, record, "PurchaseDescription", 4000)
    for details in ("SalesDetails", "PurchaseDetails"):
        detail = record.get(details) or {}
        _check_account(errors, tenant, detail.get("AccountCode"))
        _check_tax_type(errors, tenant, detail.get("TaxType"), detail.get("AccountCode"))
    return record, errors


# -- documents: invoices, credit notes, purchase orders --------------------------------------
class DocumentKind:
    def __init__(
        self,
        collection,
        key,
        number_field,
        prefixes,
        statuses,
        frozen,
        label,
        transitions=None,
        line_amount_types=("Exclusive", "Inclusive", "NoTax"),
        sales=False,
        content_statuses=None,
    ):
        self.collection = collection
        self.key = key
        self.number_field = number_field
        self.prefixes = prefixes  # Type -> number prefix
        self.statuses = statuses
        self.frozen = frozen  # statuses that refuse every change
        self.label = label
        self.transitions = transitions  # status -> statuses it may move to (None: _TRANSITIONS)
        self.line_amount_types = line_amount_types  # the first is the default
        self.sales = sales  # a sales document whatever its Type (quotes have none)
        # statuses whose contact and lines may still change (None: every status not frozen)
        self.content_statuses = content_statuses


INVOICE = DocumentKind(
    "Invoices",
    "InvoiceID",
    "InvoiceNumber",
    {"ACCREC": "INV", "ACCPAY": "BILL"},
    ("DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED"),
    ("PAID", "VOIDED", "DELETED"),
    "Invoice",
)
CREDIT_NOTE = DocumentKind(
    "CreditNotes",
    "CreditNoteID",
    "CreditNoteNumber",
    {"ACCRECCREDIT": "CN", "ACCPAYCREDIT": "CN"},
    ("DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED"),
    ("PAID", "VOIDED", "DELETED"),
    "Credit note",
)
PURCHASE_ORDER = DocumentKind(
    "PurchaseOrders",
    "PurchaseOrderID",
    "PurchaseOrderNumber",
    {None: "PO"},
    ("DRAFT", "SUBMITTED", "AUTHORISED", "BILLED", "DELETED"),
    ("BILLED", "DELETED"),
    "Purchase order",
)

# Quotes (docs/xero-fidelity.md): no Type, uppercase LineAmountTypes, their own statuses.
# A quote's contact and lines change while it is a draft or sent; accepted and declined
# quotes only change status; an invoiced or deleted one not at all. Xero refuses DRAFT to
# DECLINED and ACCEPTED to DECLINED (XeroAPI/xero-mcp-server#309)
QUOTE = DocumentKind(
    "Quotes",
    "QuoteID",
    "QuoteNumber",
    {None: "QU"},
    ("DRAFT", "SENT", "DECLINED", "ACCEPTED", "INVOICED", "DELETED"),
    ("INVOICED", "DELETED"),
    "Quote",
    transitions={
        None: {"DRAFT", "SENT"},
        "DRAFT": {"DRAFT", "SENT", "ACCEPTED", "DELETED"},
        "SENT": {"DRAFT", "SENT", "ACCEPTED", "DECLINED", "INVOICED", "DELETED"},
        "ACCEPTED": {"ACCEPTED", "SENT", "INVOICED", "DELETED"},
        "DECLINED": {"DECLINED", "SENT", "ACCEPTED", "DELETED"},
    },
    line_amount_types=("EXCLUSIVE", "INCLUSIVE", "NOTAX"),
    sales=True,
    content_statuses=("DRAFT", "SENT"),
)
QUOTE_NEEDS_LINES = "A quote must have at least one line item."
QUOTE_CONTENT_LOCKED = "A quote that is %s can only change its status."

# status a document may move to from each status (system-set PAID aside)
_TRANSITIONS = {
    None: {"DRAFT", "SUBMITTED", "AUTHORISED"},
    "DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "SUBMITTED": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "AUTHORISED": {"AUTHORISED", "VOIDED", "BILLED"},
}


def write_document(tenant, kind, element, existing, unitdp=2):
    element = _clean(element)
    old_status = existing.get("Status") if existing else None
    if existing and old_status in kind.frozen:
        raise WriteError("%s not of valid status for modification" % kind.label)
    record = (
        copy.deepcopy(existing)
        if existing
        else {
            kind.key: new_id(),
            "Status": "DRAFT",
            "LineAmountTypes": kind.line_amount_types[0],
            "LineItems": [],
            "AmountPaid": ZERO,
            "AmountCredited": ZERO,
            "Payments": [],
            "CurrencyCode": tenant.base_currency,
            "CurrencyRate": Decimal(1),
        }
    )
    errors = []
    new_status = element.get("Status", old_status or "DRAFT")
    if new_status not in kind.statuses:
        errors.append("Status '%s' is not valid." % new_status)
    elif new_status not in (kind.transitions or _TRANSITIONS).get(old_status, set()) and new_status != old_status:
        errors.append("%s not of valid status for modification" % kind.label)
    locked = kind.content_statuses is not None and old_status and old_status not in kind.content_statuses
    if locked and ({"LineItems", "Contact", "LineAmountTypes", "CurrencyCode"} & set(element)):
        errors.append(QUOTE_CONTENT_LOCKED % old_status)
    settled = record.get("AmountPaid", ZERO) > 0 or record.get("AmountCredited", ZERO) > 0 or record.get("Allocations")
    if old_status == "AUTHORISED" and settled and (new_status == "VOIDED" or "LineItems" in element):
        errors.append("This document cannot be edited as it has a payment or credit note allocated to it.")
    if errors:
        return record, errors

    for field, value in element.items():
        if field in (
            kind.key,
            "LineItems",
            "Contact",
            "Payments",
            "AmountPaid",
            "AmountDue",
            "AmountCredited",
            "SubTotal",
            "TotalTax",
            "Total",
            "TotalDiscount",
        ):
            continue
        record[field] = parse_date(value) if field in DOCUMENT_DATE_FIELDS else value
    if None not in kind.prefixes and record.get("Type") not in kind.prefixes:
        errors.append("Type must be one of %s." % ", ".join(kind.prefixes))
    if "Contact" in element or not existing:
        contact, problem = _resolve_contact(tenant, element.get("Contact"))
        if problem:
            errors.append(problem)
        else:
            record["Contact"] = {"ContactID": contact["ContactID"], "Name": contact["Name"]}
            if contact.pop("_new", False):
                record["_new_contact"] = contact
    if not currency_enabled(tenant, record["CurrencyCode"]):
        errors.append("Organisation is not subscribed to currency %s" % record["CurrencyCode"])
    if record.get("LineAmountTypes") not in kind.line_amount_types:
        errors.append("LineAmountTypes must be %s." % ", ".join(kind.line_amount_types))
    if "LineItems" in element:
        record["LineItems"] = _merge_lines(record["LineItems"], element["LineItems"])
    if kind is QUOTE and not record["LineItems"]:
        errors.append(QUOTE_NEEDS_LINES)
    if not record.get("Date"):
        record["Date"] = tenant_today(tenant)
    lock = tenant.period_lock_date
    if lock and new_status in ("AUTHORISED",) and record["Date"] <= lock:
        errors.append("The document date cannot be before the period lock date, %s." % lock.strftime("%d %b %Y"))
    number = record.get(kind.number_field)
    if number:
        clash = any(
            doc[kind.key] != record[kind.key] and doc.get("Type") == record.get("Type")
            for doc in indexes.lookup(tenant, indexes.NUMBER_INDEX[kind.collection], number)
        )
        if clash:
            errors.append(
                "%s # must be unique." % kind.label if kind is not PURCHASE_ORDER else "Order number must be unique"
            )
    errors.extend(_complete_lines(tenant, record, unitdp, kind.sales))
    if errors:
        return record, errors
    if not number:
        record[kind.number_field] = tenant.next_number(kind.prefixes.get(record.get("Type"), kind.prefixes.get(None)))
    record["Status"] = new_status
    _compute_totals(record)
    return record, []


def _resolve_contact(tenant, reference):
    if not reference:
        return None, "A Contact must be specified for this type of transaction"
    contacts = tenant.records["Contacts"]
    contact_id = (reference.get("ContactID") or "").lower()
    if contact_id:
        contact = contacts.get(contact_id)
        if not contact:
            return None, "Contact with ID %s could not be found" % contact_id
        if contact["ContactStatus"] == "ARCHIVED":
            return None, ARCHIVED_CONTACT_ON_DOCUMENT
        return contact, None
    name = reference.get("Name")
    if not name:
        return None, "A Contact must be specified for this type of transaction"
    for contact in contacts.values():
        if contact["ContactStatus"] == "ACTIVE" and fold(contact["Name"]) == fold(name):
            return contact, None
    # like Xero, a document naming an unknown contact creates it; the caller stores the
    # new contact only if the document itself is valid
    contact, errors = write_contact(tenant, {"Name": name}, None)
    if errors:
        return None, errors[0]
    contact["_new"] = True
    return contact, None


def _merge_lines(stored, incoming):
    """Lines with a LineItemID update that line, others are added, omitted ones go."""
    by_id = {line["LineItemID"]: line for line in stored}
    merged = []
    for line in incoming:
        line = _clean(line)
        line_id = (line.get("LineItemID") or "").lower()
        base = copy.deepcopy(by_id.get(line_id, {})) if line_id else {}
        base.update(line)
        base["LineItemID"] = line_id if line_id in by_id else new_id()
        merged.append(base)
    return merged


def _complete_lines(tenant, record, unitdp, sales=False):
    errors = []
    places = Decimal(1).scaleb(-unitdp)
    sales = sales or record.get("Type") in ("ACCREC", "ACCRECCREDIT")
    for line in record["LineItems"]:
        code = line.get("ItemCode")
        if code:
            item = next(iter(indexes.lookup(tenant, "item_code", fold(code))), None)
            if not item:
                errors.append("Item code '%s' is not valid" % code)
                continue
            details = item.get("SalesDetails" if sales else "PurchaseDetails") or {}
            line.setdefault("Description", item.get("Description") or item.get("Name"))
            line.setdefault("UnitAmount", details.get("UnitPrice", ZERO))
            line.setdefault("AccountCode", details.get("AccountCode"))
            line.setdefault("TaxType", details.get("TaxType"))
        if not (line.get("Description") or "").strip():
            errors.append("Description needs to be at least 1 character long")
        line["Quantity"] = Decimal(str(line.get("Quantity", 1)))
        line["UnitAmount"] = money(line.get("UnitAmount") or ZERO, places)
        if line.get("DiscountRate") is not None and not sales:
            errors.append("Discounts are only supported on sales documents")
        _check_account(errors, tenant, line.get("AccountCode"))
        _check_tax_type(errors, tenant, line.get("TaxType"), line.get("AccountCode"))
        line["_rate"] = (tax_rate(tenant, line["TaxType"]) if line.get("TaxType") else None) or ZERO
    return errors


def _compute_totals(record):
    # quotes spell the line amount types in capitals: the arithmetic is the same
    mode = {"EXCLUSIVE": "Exclusive", "INCLUSIVE": "Inclusive", "NOTAX": "NoTax"}.get(
        record.get("LineAmountTypes"), record.get("LineAmountTypes", "Exclusive")
    )
    sub_total = total_tax = total_discount = ZERO
    for line in record["LineItems"]:
        gross = line["Quantity"] * line["UnitAmount"]
        discount = Decimal(str(line.get("DiscountRate") or 0))
        amount = money(gross * (1 - discount / 100))
        line["LineAmount"] = amount
        total_discount += money(gross) - amount
        rate = line.pop("_rate")
        if mode == "NoTax":
            line["TaxAmount"] = ZERO
        elif line.get("TaxAmount") is None or line.get("_computed_tax"):
            if mode == "Exclusive":
                line["TaxAmount"] = money(amount * rate / 100)
            else:
                line["TaxAmount"] = money(amount - amount / (1 + rate / 100))
            line["_computed_tax"] = True
        total_tax += line["TaxAmount"]
        sub_total += amount if mode != "Inclusive" else amount - line["TaxAmount"]
    record["SubTotal"] = sub_total
    record["TotalTax"] = total_tax
    record["Total"] = sub_total + total_tax
    record["TotalDiscount"] = total_discount
    _refresh_due(record)


def _refresh_due(record):
    if record.get("Type", "").endswith("CREDIT"):
        allocated = sum((allocation["Amount"] for allocation in record.get("Allocations") or []), ZERO)
        record["RemainingCredit"] = record["Total"] - record.get("AmountPaid", ZERO) - allocated
    elif "AmountPaid" in record:
        record["AmountDue"] = record["Total"] - record["AmountPaid"] - record.get("AmountCredited", ZERO)


def _check_account(errors, tenant, code):
    if not code:
        return
    accounts = tenant.records["Accounts"].values()
    if not any(a["Code"] == code and a["Status"] == "ACTIVE" for a in accounts):
        errors.append("Account code '%s' is not a valid code for this document." % code)


# the account class a tax rate must allow: TaxRates' CanApplyTo* flags
_APPLIES_TO = {
    "REVENUE": "CanApplyToRevenue",
    "EXPENSE": "CanApplyToExpenses",
    "ASSET": "CanApplyToAssets",
    "EQUITY": "CanApplyToEquity",
    "LIABILITY": "CanApplyToLiabilities",
}


def _check_tax_type(errors, tenant, tax_type, account_code=None):
    if not tax_type:
        return
    rate = next(
        (r for r in tenant.records["TaxRates"].values() if r["TaxType"] == tax_type and r["Status"] == "ACTIVE"), None
    )
    if rate is None:
        errors.append("The TaxType code '%s' does not exist or cannot be used for this type of transaction." % tax_type)
        return
    account = (
        next(
            (a for a in tenant.records["Accounts"].values() if a["Code"] == account_code and a["Status"] == "ACTIVE"),
            None,
        )
        if account_code
        else None
    )
    if account and not rate.get(_APPLIES_TO.get(account["Class"]), True):
        # Xero's wording (XeroAPI/Xero-Java#336), e.g. a sales tax on an expense account
        errors.append("The TaxType code '%s' cannot be used with account code '%s'." % (tax_type, account_code))


def tax_rate(tenant, tax_type):
    for rate in tenant.records["TaxRates"].values():
        if rate["TaxType"] == tax_type and rate["Status"] == "ACTIVE":
            return Decimal(str(rate["EffectiveRate"]))
    return None


def currency_enabled(tenant, code):
    return code == tenant.base_currency or code in tenant.records["Currencies"]


def tenant_today(tenant):
    """Xero fills a missing document date with the organisation's today."""
    return tenant.clock.now().date()


# -- payments ------------------------------------------------------------------------------
def write_payment(tenant, element, existing):
    element = _clean(element)
    if existing:
        if element.get("Status") != "DELETED":
            raise WriteError("A payment can only be deleted, not edited.")
        if existing["Status"] == "DELETED":
            raise WriteError("Payment not of valid status for modification")
        record = copy.deepcopy(existing)
        record["Status"] = "DELETED"
        return record, []
    errors = []
    document, kind = _payment_target(tenant, element)
    if document is None:
        return element, ["You must specify an Invoice or a Credit Note to pay."]
    account = _payment_account(tenant, element.get("Account") or {})
    if account is None:
        errors.append("The account specified for the payment is not a valid bank account.")
    if document["Status"] != "AUTHORISED":
        errors.append("Payment can only be made against Authorised documents.")
    amount = money(element.get("Amount") or ZERO)
    due = document.get("AmountDue", document.get("RemainingCredit", ZERO))
    if amount <= 0:
        errors.append("Payment amount must be greater than zero.")
    elif amount > due:
        errors.append("Payment amount exceeds the amount outstanding on this document.")
    if errors:
        return element, errors
    record = {
        "PaymentID": new_id(),
        "Date": parse_date(element.get("Date")) or tenant_today(tenant),
        "Amount": amount,
        "Reference": element.get("Reference", ""),
        "Status": "AUTHORISED",
        "PaymentType": "ACCRECPAYMENT" if document.get("Type") in ("ACCREC", "ACCRECCREDIT") else "ACCPAYPAYMENT",
        "Account": {"AccountID": account["AccountID"], "Code": account["Code"]},
        "IsReconciled": False,
        "CurrencyRate": Decimal(1),
    }
    record[kind.label.replace(" note", "Note").replace(" ", "")] = {
        kind.key: document[kind.key],
        kind.number_field: document[kind.number_field],
    }
    return record, []


def _payment_target(tenant, element):
    for kind, field in ((INVOICE, "Invoice"), (CREDIT_NOTE, "CreditNote")):
        reference = element.get(field) or {}
        doc_id = (reference.get(kind.key) or "").lower()
        if doc_id and doc_id in tenant.records[kind.collection]:
            return tenant.records[kind.collection][doc_id], kind
        number = reference.get(kind.number_field)
        if number:
            for doc in indexes.lookup(tenant, indexes.NUMBER_INDEX[kind.collection], number):
                return doc, kind
    return None, None


def _payment_account(tenant, reference):
    for account in tenant.records["Accounts"].values():
        if account["Status"] != "ACTIVE":
            continue
        if reference.get("AccountID", "").lower() == account["AccountID"] or (
            reference.get("Code") and reference.get("Code") == account["Code"]
        ):
            return account
    return None


def apply_payment(tenant, payment, sign=1):
    """Move a document's paid and due amounts by a payment (sign -1 undoes it)."""
    for kind, field in ((INVOICE, "Invoice"), (CREDIT_NOTE, "CreditNote")):
        if field not in payment:
            continue
        doc = tenant.records[kind.collection][payment[field][kind.key]]
        doc["AmountPaid"] = doc.get("AmountPaid", ZERO) + sign * payment["Amount"]
        summary = {
            "PaymentID": payment["PaymentID"],
            "Date": payment["Date"],
            "Amount": payment["Amount"],
            "Reference": payment.get("Reference", ""),
        }
        doc["Payments"] = [p for p in doc.get("Payments", []) if p["PaymentID"] != payment["PaymentID"]]
        if sign > 0:
            doc["Payments"].append(summary)
        _refresh_due(doc)
        remaining = doc.get("AmountDue", doc.get("RemainingCredit"))
        if remaining == 0 and sign > 0:
            doc["Status"] = "PAID"
            doc["FullyPaidOnDate"] = payment["Date"]
        elif sign < 0 and doc["Status"] == "PAID":
            doc["Status"] = "AUTHORISED"
            doc.pop("FullyPaidOnDate", None)
        return doc, kind
    return None, None


# -- credit notes allocated to invoices (docs/xero-fidelity.md) --------------------------------
ALLOCATION_NOT_APPROVED = "Credit can only be allocated between documents that are approved and awaiting payment."
ALLOCATION_OTHER_CONTACT = "The credit note and the invoice must be for the same contact."
ALLOCATION_OTHER_CURRENCY = "The credit note and the invoice must be in the same currency."
ALLOCATION_TOO_MUCH = (
    "The amount allocated must be more than zero and no more than the credit remaining or the amount due."
)


def allocation_errors(credit_note, invoice, amount):
    """Why Xero refuses to allocate ``amount`` of this credit note to this invoice."""
    if credit_note["Status"] != "AUTHORISED" or invoice["Status"] != "AUTHORISED":
        return [ALLOCATION_NOT_APPROVED]
    if credit_note["Contact"]["ContactID"] != invoice["Contact"]["ContactID"]:
        return [ALLOCATION_OTHER_CONTACT]
    if credit_note.get("CurrencyCode") != invoice.get("CurrencyCode"):
        return [ALLOCATION_OTHER_CURRENCY]
    if amount <= 0 or amount > credit_note["RemainingCredit"] or amount > invoice["AmountDue"]:
        return [ALLOCATION_TOO_MUCH]
    return []


def apply_allocation(credit_note, invoice, amount, date):
    """The allocation as both documents show it afterwards: the credit note lists it and
    has less credit left, the invoice is credited and owes less; either is paid at zero."""
    allocation = {
        "AllocationID": new_id(),
        "Amount": amount,
        "Date": date,
        "Invoice": {"InvoiceID": invoice["InvoiceID"], "InvoiceNumber": invoice.get("InvoiceNumber", "")},
    }
    credit_note.setdefault("Allocations", []).append(allocation)
    invoice["AmountCredited"] = invoice.get("AmountCredited", ZERO) + amount
    invoice.setdefault("CreditNotes", []).append(
        {
            "CreditNoteID": credit_note["CreditNoteID"],
            "CreditNoteNumber": credit_note.get("CreditNoteNumber", ""),
            "AppliedAmount": amount,
            "Total": credit_note["Total"],
        }
    )
    for document in (credit_note, invoice):
        _refresh_due(document)
        if document.get("AmountDue", document.get("RemainingCredit")) == 0:
            document["Status"] = "PAID"
            document["FullyPaidOnDate"] = date
    return allocation

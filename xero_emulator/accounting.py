"""The Accounting API (``/api.xro/2.0/...``): list and read with Xero's query
parameters, and batched create/update with ``summarizeErrors`` semantics."""

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from . import contact_groups, indexes, invoice_output, rules, webhooks
from .query import QueryError, fold, matches, page_slice, parse_bool, parse_where, sort_records
from .xerojson import parse_date, parse_timestamp

ZERO = Decimal(0)


@dataclass
class Collection:
    name: str
    key: str
    paged: bool = False
    alt_key: str = None  # also addressable by this field (ContactNumber, Code, ...)
    writable: bool = True
    history: bool = False
    deletable: bool = False  # DELETE /{Collection}/{id} removes the record for good


COLLECTIONS = {
    c.name: c
    for c in (
        Collection("Contacts", "ContactID", paged=True, alt_key="ContactNumber", history=True),
        Collection("Items", "ItemID", alt_key="Code", history=True, deletable=True),
        Collection("Invoices", "InvoiceID", paged=True, alt_key="InvoiceNumber", history=True),
        Collection("CreditNotes", "CreditNoteID", paged=True, alt_key="CreditNoteNumber", history=True),
        Collection("PurchaseOrders", "PurchaseOrderID", paged=True, alt_key="PurchaseOrderNumber", history=True),
        Collection("Quotes", "QuoteID", paged=True, alt_key="QuoteNumber", history=True),
        Collection("Payments", "PaymentID", paged=True),
        Collection("TaxRates", "TaxType", writable=False),
        Collection("Accounts", "AccountID", alt_key="Code", writable=False),
        Collection("BrandingThemes", "BrandingThemeID", writable=False),
        Collection("TrackingCategories", "TrackingCategoryID", writable=False),
        Collection("Currencies", "Code"),
        Collection("ContactGroups", "ContactGroupID"),
    )
}

CONTACT_SUMMARY_DROPS = (
    "Addresses",
    "Balances",
    "ContactGroups",
    "ContactPersons",
    "IsCustomer",
    "IsSupplier",
    "SalesDefaultAccountCode",
    "PurchasesDefaultAccountCode",
    "SalesTrackingCategories",
    "PurchasesTrackingCategories",
    "PaymentTerms",
)


class ApiError(Exception):
    def __init__(self, status, payload):
        super().__init__(payload)
        self.status = status
        self.payload = payload


def validation_error(message, elements=None):
    return ApiError(
        400,
        {
            "ErrorNumber": 10,
            "Type": "ValidationException",
            "Message": "A validation exception occurred",
            "Elements": elements if elements is not None else [{"ValidationErrors": [{"Message": message}]}],
        },
    )


def query_parse_error(message):
    """Xero's answer to a ``where`` filter it cannot parse."""
    return ApiError(400, {"ErrorNumber": 16, "Type": "QueryParseException", "Message": message})


def not_found(what):
    return ApiError(404, {"Title": "Not Found", "Status": 404, "Detail": "%s not found" % what})


class AccountingApi:
    def __init__(self, state):
        self.state = state

    # -- reading ------------------------------------------------------------------------
    def organisation(self, tenant):
        return {
            "Organisations": [
                {
                    "OrganisationID": tenant.tenant_id,
                    "Name": tenant.name,
                    "LegalName": tenant.name,
                    "ShortCode": tenant.short_code,
                    "BaseCurrency": tenant.base_currency,
                    "CountryCode": tenant.country,
                    "OrganisationType": "COMPANY",
                    "Version": tenant.country,
                    "OrganisationStatus": "ACTIVE",
                    "IsDemoCompany": False,
                    "PaysTax": True,
                    "SalesTaxBasis": "INVOICE",
                    "SalesTaxPeriod": "TWOMONTHS",
                    "FinancialYearEndDay": 31,
                    "FinancialYearEndMonth": 3,
                    "Timezone": "NEWZEALANDSTANDARDTIME",
                    "OrganisationEntityType": "COMPANY",
                    "Class": "STANDARD",
                    "Edition": "BUSINESS",
                    "PeriodLockDate": tenant.period_lock_date,
                }
            ]
        }

    def list(self, tenant, collection, args, headers):
        spec = COLLECTIONS[collection]
        records = list(tenant.records[collection].values())
        if collection == "Contacts" and not parse_bool(args.get("includeArchived")):
            records = [r for r in records if r.get("ContactStatus") != "ARCHIVED"]
        if collection == "ContactGroups":
            records = [r for r in records if r["Status"] == "ACTIVE"]  # deleted ones are not read back
        if args.get("IDs"):
            wanted = {i.strip().lower() for i in args["IDs"].split(",")}
            records = [r for r in records if str(r[spec.key]).lower() in wanted]
        # getQuotes takes one Status, QuoteNumber and ContactID where the others take lists
        for param, field in (
            ("Statuses", "Status"),
            ("InvoiceNumbers", "InvoiceNumber"),
            ("Status", "Status"),
            ("QuoteNumber", "QuoteNumber"),
        ):
            if args.get(param):
                wanted = {v.strip() for v in args[param].split(",")}
                records = [r for r in records if r.get(field) in wanted]
        contact_ids = args.get("ContactIDs") or args.get("ContactID")
        if contact_ids:
            wanted = {v.strip().lower() for v in contact_ids.split(",")}
            records = [r for r in records if r.get("Contact", {}).get("ContactID") in wanted]
        since = headers.get("If-Modified-Since")
        if since:
            try:
                moment = parse_timestamp(since)
            except ValueError:
                raise validation_error("If-Modified-Since is not a valid date") from None
            records = [r for r in records if r.get("UpdatedDateUTC") and r["UpdatedDateUTC"] > moment]
        if args.get("where"):
            try:
                conditions = parse_where(args["where"])
                records = [r for r in records if matches(r, conditions)]
            except QueryError as error:
                raise query_parse_error(str(error)) from None
        if args.get("searchTerm"):
            term = args["searchTerm"].casefold()
            fields = ("Name", "FirstName", "LastName", "ContactNumber", "EmailAddress", "InvoiceNumber", "Reference")
            records = [r for r in records if any(term in str(r.get(f) or "").casefold() for f in fields)]
        records = sort_records(records, args.get("order"), spec.key)
        summary = parse_bool(args.get("summaryOnly"))
        paged = spec.paged and ("page" in args or summary)
        envelope = {}
        if paged:
            try:
                page, size = int(args.get("page", 1)), int(args.get("pageSize", 100))
            except ValueError:
                raise validation_error("page and pageSize must be whole numbers") from None
            if self.state.max_page_size:
                size = min(size, self.state.max_page_size)
            records, envelope["pagination"] = page_slice(records, page, size)
        context = self._render_context(tenant, collection)
        envelope[collection] = [
            self.render(collection, r, context, summary=summary, whole=paged or not spec.paged) for r in records
        ]
        return envelope

    def get(self, tenant, collection, record_id, headers=None):
        record = self._find(tenant, collection, record_id)
        if record is None:
            raise not_found(collection[:-1])
        since = (headers or {}).get("If-Modified-Since")
        if since and record.get("UpdatedDateUTC"):
            try:
                unchanged = record["UpdatedDateUTC"] <= parse_timestamp(since)
            except ValueError:
                raise validation_error("If-Modified-Since is not a valid date") from None
            if unchanged:
                raise ApiError(304, None)
        context = self._render_context(tenant, collection)
        out = self.render(collection, record, context, whole=True)
        if collection == "ContactGroups":
            out["Contacts"] = contact_groups.members(tenant, record)  # only on a read by id
        return {collection: [out]}

    def _find(self, tenant, collection, record_id):
        spec = COLLECTIONS[collection]
        store = tenant.records[collection]
        found = store.get(record_id) or store.get(str(record_id).lower())
        if found is None and spec.alt_key:
            found = next((r for r in store.values() if r.get(spec.alt_key) == record_id), None)
        return found

    def _render_context(self, tenant, collection):
        if collection != "Contacts":
            return None
        balances, customers, suppliers = {}, set(), set()
        today = self.state.clock.now().date()
        for invoice in tenant.records["Invoices"].values():
            contact_id = invoice["Contact"]["ContactID"]
            (customers if invoice["Type"] == "ACCREC" else suppliers).add(contact_id)
            if invoice["Status"] != "AUTHORISED":
                continue
            side = "AccountsReceivable" if invoice["Type"] == "ACCREC" else "AccountsPayable"
            entry = balances.setdefault(
                contact_id,
                {
                    "AccountsReceivable": {"Outstanding": ZERO, "Overdue": ZERO},
                    "AccountsPayable": {"Outstanding": ZERO, "Overdue": ZERO},
                },
            )[side]
            entry["Outstanding"] += invoice["AmountDue"]
            if invoice.get("DueDate") and invoice["DueDate"] < today:
                entry["Overdue"] += invoice["AmountDue"]
        return balances, customers, suppliers

    def render(self, collection, record, context=None, summary=False, whole=True):
        out = _public(record)
        if collection == "Contacts":
            balances, customers, suppliers = context
            contact_id = record["ContactID"]
            out["IsCustomer"] = contact_id in customers
            out["IsSupplier"] = contact_id in suppliers
            out["Balances"] = balances.get(
                contact_id,
                {
                    "AccountsReceivable": {"Outstanding": ZERO, "Overdue": ZERO},
                    "AccountsPayable": {"Outstanding": ZERO, "Overdue": ZERO},
                },
            )
            if summary:
                for field in CONTACT_SUMMARY_DROPS:
                    out.pop(field, None)
            elif not whole:
                out.pop("ContactPersons", None)
        elif collection == "ContactGroups":
            out.pop("UpdatedDateUTC", None)
            out["Contacts"] = []
        elif collection in ("Invoices", "CreditNotes", "PurchaseOrders", "Quotes"):
            if summary or not whole:
                out.pop("LineItems", None)
            for field in ("Date", "DueDate", "ExpiryDate"):
                if record.get(field):
                    out[field + "String"] = record[field].isoformat() + "T00:00:00"
        return out

    # -- writing ------------------------------------------------------------------------
    # not an Odoo model's write: Xero's POST or PUT of a collection, nothing to call super on
    # pylint: disable-next=method-required-super
    def write(self, tenant, collection, method, body, args, record_id=None, from_ui=False):
        spec = COLLECTIONS.get(collection)
        if spec is None or not spec.writable:
            raise ApiError(
                405,
                {
                    "Title": "Method Not Allowed",
                    "Status": 405,
                    "Detail": "%s cannot be written through the API" % collection,
                },
            )
        elements = body.get(collection) if isinstance(body, dict) else None
        if not isinstance(elements, list):
            raise validation_error("The request body must hold a %s array." % collection)
        if record_id is not None:
            if self._find(tenant, collection, record_id) is None:
                raise not_found(collection[:-1])
            elements = [dict(elements[0] if elements else {}, **{spec.key: record_id})]
        summarize = parse_bool(args.get("summarizeErrors"), default=True)
        unitdp = 4 if str(args.get("unitdp", "")) == "4" else 2
        results, failed, written = [], [], []
        for element in elements:
            result = self._write_one(tenant, spec, method, element, unitdp, from_ui)
            results.append(result)
            if result.get("StatusAttributeString") == "OK":
                written.append(len(results) - 1)
            if result.get("StatusAttributeString") == "ERROR":
                failed.append(result)
        if failed and summarize:
            raise validation_error(None, failed)
        # rendered once the whole batch is in: balances are computed once per request
        context = self._render_context(tenant, collection)
        for index in written:
            stored = tenant.records[collection][results[index]["_key"]]
            results[index] = dict(self.render(collection, stored, context), StatusAttributeString="OK")
        return {collection: results}

    def _write_one(self, tenant, spec, method, element, unitdp, from_ui=False):
        collection = spec.name
        if not isinstance(element, dict):
            return _failed(collection, {}, ["Each element must be an object."])
        existing = None
        given_id = element.get(spec.key)
        if given_id:
            existing = self._find(tenant, collection, str(given_id))
            if existing is None and collection != "Currencies":
                return _failed(collection, element, ["%s with ID %s could not be found" % (collection[:-1], given_id)])
        elif spec.alt_key and element.get(spec.alt_key) and method == "POST":
            existing = self._find(tenant, collection, element[spec.alt_key])
        if existing is None and not given_id and collection == "Contacts" and method == "POST" and element.get("Name"):
            # POST /Contacts updates the contact that already has this name (an active one
            # first); only PUT is sure to create (docs/xero-fidelity.md)
            existing = self._contact_named(tenant, element["Name"])
        if existing is not None and method == "PUT" and collection != "Currencies":
            return _failed(collection, element, ["This %s already exists; use POST to update it." % collection[:-1]])
        try:
            record, errors = self._apply(tenant, collection, element, existing, unitdp, from_ui)
        except rules.WriteError as error:
            record, errors = element, [str(error)]
        if errors:
            return _failed(collection, element, errors)
        self._store(tenant, spec, record, created=existing is None)
        key = record[spec.key] if collection == "Currencies" else str(record[spec.key]).lower()
        return {"StatusAttributeString": "OK", "_key": key}

    @staticmethod
    def _contact_named(tenant, name):
        named = indexes.lookup(tenant, "contact_name", fold(name.strip()))
        return next((c for c in named if c["ContactStatus"] == "ACTIVE"), named[0] if named else None)

    def _apply(self, tenant, collection, element, existing, unitdp, from_ui=False):
        if collection == "Contacts":
            return rules.write_contact(tenant, element, existing, from_ui)
        if collection == "Items":
            return rules.write_item(tenant, element, existing, unitdp)
        if collection == "Payments":
            return rules.write_payment(tenant, element, existing)
        if collection == "ContactGroups":
            return contact_groups.write_group(tenant, element, existing)
        if collection == "Currencies":
            if not element.get("Code"):
                return element, ["Currency code must be specified."]
            return {"Code": element["Code"], "Description": element.get("Description", element["Code"])}, []
        kind = {
            "Invoices": rules.INVOICE,
            "CreditNotes": rules.CREDIT_NOTE,
            "PurchaseOrders": rules.PURCHASE_ORDER,
            "Quotes": rules.QUOTE,
        }[collection]
        record, errors = rules.write_document(tenant, kind, element, existing, unitdp)
        new_contact = record.pop("_new_contact", None)
        if new_contact and not errors:
            self._store(tenant, COLLECTIONS["Contacts"], new_contact, created=True)
        return record, errors

    def _store(self, tenant, spec, record, created):
        now = self.state.clock.now()
        last = tenant.last_write
        if last and now <= last:
            # keep UpdatedDateUTC strictly increasing within a tenant, as a cursor expects
            now = last + dt.timedelta(milliseconds=1)
        tenant.last_write = now
        if spec.name != "Currencies":
            record["UpdatedDateUTC"] = now
        key = record[spec.key] if spec.name == "Currencies" else str(record[spec.key]).lower()
        previous = tenant.records[spec.name].get(key)
        indexes.replace(tenant, spec.name, key, previous, record)
        tenant.records[spec.name][key] = record
        if spec.history:
            tenant.history.setdefault(key, []).append(
                {
                    "Changes": "Created" if created else "Edited",
                    "DateUTC": now,
                    "User": "System Generated",
                    "Details": "",
                }
            )
        webhooks.record_event(self.state, tenant, spec.name, record, created)
        if spec.name == "Payments":
            sign = -1 if previous and record["Status"] == "DELETED" else 1
            document, kind = rules.apply_payment(tenant, record, sign)
            if document is not None:
                self._store(tenant, COLLECTIONS[kind.collection], document, created=False)

    def delete(self, tenant, collection, record_id):
        """Xero deletes items outright: they leave every list, and reads by id find nothing."""
        spec = COLLECTIONS.get(collection)
        if spec is None or not spec.deletable:
            raise ApiError(405, {"Title": "Method Not Allowed", "Status": 405, "Detail": "Not supported"})
        record = self._find(tenant, collection, record_id)
        if record is None:
            raise not_found(collection[:-1])
        key = str(record[spec.key]).lower()
        indexes.replace(tenant, collection, key, record, None)
        del tenant.records[collection][key]

    # -- contact groups' members ----------------------------------------------------------
    def _active_group(self, tenant, group_id):
        group = self._find(tenant, "ContactGroups", group_id)
        if group is None or group["Status"] != "ACTIVE":
            raise not_found("ContactGroup")
        return group

    def add_group_contacts(self, tenant, group_id, body):
        group = self._active_group(tenant, group_id)
        elements = body.get("Contacts") if isinstance(body, dict) else None
        if not isinstance(elements, list) or not all(isinstance(e, dict) and e.get("ContactID") for e in elements):
            raise validation_error("The request body must hold a Contacts array of ContactIDs.")
        wanted = [str(e["ContactID"]).lower() for e in elements]
        contacts = tenant.records["Contacts"]
        if any(contacts.get(c, {}).get("ContactStatus") == "ARCHIVED" for c in wanted):
            raise validation_error(rules.ARCHIVED_GROUP_MEMBER)
        missing = contact_groups.add_members(tenant, group, wanted)
        if missing:
            raise validation_error("Contact with ID %s could not be found" % missing[0])
        return {"Contacts": [{"ContactID": c, "Name": contacts[c]["Name"]} for c in wanted]}

    def remove_group_contacts(self, tenant, group_id, contact_id=None):
        """One contact out of the group, or every contact when none is named."""
        group = self._active_group(tenant, group_id)
        if contact_id is None:
            group["_members"] = []
            return
        key = str(contact_id).lower()
        if key not in group["_members"]:
            raise not_found("Contact")
        group["_members"].remove(key)

    # -- credit notes allocated to invoices ------------------------------------------------
    def allocate_credit_note(self, tenant, credit_note_id, body):
        """``PUT /CreditNotes/{id}/Allocations``: part or all of a credit note's remaining
        credit taken off invoices of the same contact; both documents change."""
        credit_note = self._find(tenant, "CreditNotes", credit_note_id)
        if credit_note is None:
            raise not_found("CreditNote")
        elements = body.get("Allocations") if isinstance(body, dict) else None
        if not isinstance(elements, list) or not elements:
            raise validation_error("The request body must hold an Allocations array.")
        # every allocation is checked before any is kept: a refused one leaves both sides as they were
        credit_note, invoices, made = copy.deepcopy(credit_note), {}, []
        for element in elements:
            invoice = self._find(tenant, "Invoices", ((element or {}).get("Invoice") or {}).get("InvoiceID"))
            if invoice is None:
                raise validation_error("Invoice could not be found")
            invoice = invoices.setdefault(invoice["InvoiceID"], copy.deepcopy(invoice))
            try:
                amount = rules.money(element.get("Amount") or 0)
            except ArithmeticError:
                raise validation_error("Amount must be a number.") from None
            errors = rules.allocation_errors(credit_note, invoice, amount)
            if errors:
                raise validation_error(errors[0])
            date = parse_date(element.get("Date")) or rules.tenant_today(tenant)
            allocation = rules.apply_allocation(credit_note, invoice, amount, date)
            made.append(dict(allocation, CreditNote={"CreditNoteID": credit_note["CreditNoteID"]}))
        for invoice in invoices.values():
            self._store(tenant, COLLECTIONS["Invoices"], invoice, created=False)
        self._store(tenant, COLLECTIONS["CreditNotes"], credit_note, created=False)
        return {"Allocations": made}

    # -- what the customer gets ----------------------------------------------------------
    def _sales_invoice(self, tenant, invoice_id):
        invoice = self._find(tenant, "Invoices", invoice_id)
        if invoice is None or invoice.get("Type") != "ACCREC":
            raise not_found("Invoice")
        return invoice

    def online_invoice(self, tenant, invoice_id):
        invoice = self._sales_invoice(tenant, invoice_id)
        if invoice["Status"] in invoice_output.UNAPPROVED:
            raise validation_error("An online invoice is not available for an invoice that is not approved.")
        return {"OnlineInvoices": [{"OnlineInvoiceUrl": invoice_output.online_invoice_url(tenant.tenant_id, invoice)}]}

    def invoice_pdf(self, tenant, invoice_id):
        invoice = self._sales_invoice(tenant, invoice_id)
        contact = self._find(tenant, "Contacts", (invoice.get("Contact") or {}).get("ContactID")) or {}
        return invoice_output.invoice_pdf(invoice, contact.get("Name"))

    def email_invoice(self, tenant, invoice_id):
        """Xero emails the invoice to its contact (``204``, no content), marking it sent."""
        invoice = self._sales_invoice(tenant, invoice_id)
        if invoice["Status"] not in rules.EMAILABLE_STATUSES:
            raise validation_error(rules.EMAIL_NOT_APPROVED)
        contact = self._find(tenant, "Contacts", (invoice.get("Contact") or {}).get("ContactID")) or {}
        recipients = [contact["EmailAddress"]] if contact.get("EmailAddress") else []
        recipients += [
            person["EmailAddress"]
            for person in contact.get("ContactPersons") or []
            if person.get("IncludeInEmails") and person.get("EmailAddress")
        ]
        if not recipients:
            raise validation_error(rules.EMAIL_NO_RECIPIENT)
        now = self.state.clock.now()
        today = [e for e in tenant.emails_sent if e["DateUTC"].date() == now.date()]
        if len(today) >= self.state.limits.emails_per_day:
            raise validation_error(rules.EMAIL_DAY_LIMIT)
        tenant.emails_sent.append({"InvoiceID": invoice["InvoiceID"], "To": recipients, "DateUTC": now})
        invoice["SentToContact"] = True
        raise ApiError(204, None)  # Xero answers with no content

    # -- history --------------------------------------------------------------------------
    def history(self, tenant, collection, record_id):
        record = self._find(tenant, collection, record_id)
        if record is None or not COLLECTIONS[collection].history:
            raise not_found(collection[:-1])
        key = str(record[COLLECTIONS[collection].key]).lower()
        return {"HistoryRecords": [_public(h) for h in tenant.history.get(key, [])]}

    def add_history(self, tenant, collection, record_id, body, app_name):
        record = self._find(tenant, collection, record_id)
        if record is None or not COLLECTIONS[collection].history:
            raise not_found(collection[:-1])
        notes = body.get("HistoryRecords") if isinstance(body, dict) else None
        if not isinstance(notes, list) or not all((n or {}).get("Details") for n in notes):
            raise validation_error("Each history record needs Details.")
        key = str(record[COLLECTIONS[collection].key]).lower()
        added = []
        for note in notes:
            if len(note["Details"]) > 2500:
                raise validation_error("History note details must not be more than 2500 characters long.")
            entry = {"Changes": "Note", "DateUTC": self.state.clock.now(), "User": app_name, "Details": note["Details"]}
            tenant.history.setdefault(key, []).append(entry)
            added.append(_public(entry))
        return {"HistoryRecords": added}


def _public(record):
    """A stored record without the emulator's private bookkeeping keys."""
    if isinstance(record, dict):
        return {k: _public(v) for k, v in record.items() if not k.startswith("_")}
    if isinstance(record, list):
        return [_public(v) for v in record]
    return record


def _failed(collection, element, errors):
    result = _public(element) if isinstance(element, dict) else {}
    result["ValidationErrors"] = [{"Message": m} for m in errors]
    result["StatusAttributeString"] = "ERROR"
    result["HasValidationErrors" if collection == "Contacts" else "HasErrors"] = True
    return result

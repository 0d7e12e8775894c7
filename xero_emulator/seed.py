"""Organisations to start from: the reference data every Xero organisation has
(tax rates, chart of accounts, currencies, branding themes, tracking categories),
a small demo organisation, and large generated ones for the benchmark."""

import datetime as dt
import random
from decimal import Decimal

from . import rules
from .query import fold
from .xerojson import new_id

TAX_RATES = (
    ("OUTPUT2", "15% GST on Income", Decimal("15"), True),
    ("INPUT2", "15% GST on Expenses", Decimal("15"), False),
    ("ZERORATEDOUTPUT", "Zero Rated Income", Decimal("0"), True),
    ("EXEMPTOUTPUT", "GST Exempt Income", Decimal("0"), True),
    ("NONE", "No GST", Decimal("0"), True),
    ("TAX001", "5% Reduced Rate", Decimal("5"), True),
)
ACCOUNTS = (
    ("090", "Business Bank Account", "BANK", "ASSET"),
    ("200", "Sales", "REVENUE", "REVENUE"),
    ("210", "Consulting Income", "SALES", "REVENUE"),
    ("220", "Freight and Delivery Income", "REVENUE", "REVENUE"),
    ("260", "Other Revenue", "OTHERINCOME", "REVENUE"),
    ("300", "Purchases", "DIRECTCOSTS", "EXPENSE"),
    ("310", "Cost of Goods Sold", "DIRECTCOSTS", "EXPENSE"),
    ("400", "Advertising", "OVERHEADS", "EXPENSE"),
    ("630", "Inventory", "INVENTORY", "ASSET"),
    ("800", "Accounts Payable", "CURRLIAB", "LIABILITY"),
    ("820", "GST", "CURRLIAB", "LIABILITY"),
)
CURRENCIES = (("USD", "United States Dollar"), ("AUD", "Australian Dollar"))


def reference_data(tenant):
    records = tenant.records
    for tax_type, name, rate, revenue in TAX_RATES:
        records["TaxRates"][tax_type] = {
            "Name": name,
            "TaxType": tax_type,
            "Status": "ACTIVE",
            "ReportTaxType": "OUTPUT" if revenue else "INPUT",
            # a rate of nothing (no GST, zero-rated, exempt) applies to either side
            "CanApplyToRevenue": revenue or not rate,
            "CanApplyToExpenses": not revenue or not rate,
            "CanApplyToAssets": True,
            "CanApplyToEquity": True,
            "CanApplyToLiabilities": True,
            "DisplayTaxRate": rate,
            "EffectiveRate": rate,
            "TaxComponents": [{"Name": "GST", "Rate": rate, "IsCompound": False, "IsNonRecoverable": False}],
        }
    for code, name, kind, klass in ACCOUNTS:
        account_id = new_id()
        records["Accounts"][account_id] = {
            "AccountID": account_id,
            "Code": code,
            "Name": name,
            "Type": kind,
            "Class": klass,
            "Status": "ACTIVE",
            "TaxType": "OUTPUT2" if klass == "REVENUE" else "INPUT2",
            "EnablePaymentsToAccount": kind == "BANK",
            "ShowInExpenseClaims": False,
            "BankAccountType": "BANK" if kind == "BANK" else "",
            "HasAttachments": False,
            "UpdatedDateUTC": dt.datetime(2024, 1, 1),
        }
    tenant.records["Currencies"][tenant.base_currency] = {
        "Code": tenant.base_currency,
        "Description": "New Zealand Dollar",
    }
    for code, description in CURRENCIES:
        records["Currencies"][code] = {"Code": code, "Description": description}
    for order, name in enumerate(("Standard", "Special Projects")):
        theme_id = new_id()
        records["BrandingThemes"][theme_id] = {
            "BrandingThemeID": theme_id,
            "Name": name,
            "Type": "INVOICE",
            "SortOrder": order,
            "CreatedDateUTC": dt.datetime(2024, 1, 1),
        }
    category_id = new_id()
    records["TrackingCategories"][category_id] = {
        "TrackingCategoryID": category_id,
        "Name": "Region",
        "Status": "ACTIVE",
        "Options": [{"TrackingOptionID": new_id(), "Name": name, "Status": "ACTIVE"} for name in ("North", "South")],
    }


class _Builder:
    """Writes records directly (no API, no rate limits) with Xero's computed fields."""

    def __init__(self, tenant, clock):
        self.tenant = tenant
        self.moment = clock.now() - dt.timedelta(days=30)

    def _stamp(self, record):
        self.moment += dt.timedelta(milliseconds=7)
        record["UpdatedDateUTC"] = self.moment
        self.tenant.last_write = self.moment
        return record

    def contact(self, name, **fields):
        record = {
            "ContactID": new_id(),
            "Name": name,
            "ContactStatus": "ACTIVE",
            "Addresses": [],
            "Phones": [],
            "ContactPersons": [],
            "_name_key": fold(name),
            **fields,
        }
        self.tenant.records["Contacts"][record["ContactID"]] = self._stamp(record)
        return record

    def item(self, code, name, price, cost, tracked_quantity=None):
        record = {
            "ItemID": new_id(),
            "Code": code,
            "Name": name,
            "Description": name,
            "IsSold": True,
            "IsPurchased": True,
            "IsTrackedAsInventory": False,
            "SalesDetails": {"UnitPrice": Decimal(price), "AccountCode": "200", "TaxType": "OUTPUT2"},
            "PurchaseDetails": {"UnitPrice": Decimal(cost), "AccountCode": "300", "TaxType": "INPUT2"},
        }
        if tracked_quantity is not None:
            record.update(
                InventoryAssetAccountCode="630",
                IsTrackedAsInventory=True,
                QuantityOnHand=Decimal(tracked_quantity),
                TotalCostPool=Decimal(cost) * tracked_quantity,
            )
            record["PurchaseDetails"]["COGSAccountCode"] = "310"
        self.tenant.records["Items"][record["ItemID"]] = self._stamp(record)
        return record

    def document(self, kind, contact, lines, date, status, doc_type=None, reference=""):
        record = {
            kind.key: new_id(),
            "Contact": {"ContactID": contact["ContactID"], "Name": contact["Name"]},
            "Date": date,
            "DueDate": date + dt.timedelta(days=20),
            "Status": status,
            "LineAmountTypes": "Exclusive",
            "CurrencyCode": self.tenant.base_currency,
            "CurrencyRate": Decimal(1),
            "Reference": reference,
            "AmountPaid": Decimal(0),
            "AmountCredited": Decimal(0),
            "Payments": [],
            "LineItems": [],
        }
        if doc_type:
            record["Type"] = doc_type
        for item, quantity in lines:
            details = item["SalesDetails"]
            record["LineItems"].append(
                {
                    "LineItemID": new_id(),
                    "ItemCode": item["Code"],
                    "Description": item["Name"],
                    "Quantity": Decimal(quantity),
                    "UnitAmount": details["UnitPrice"],
                    "AccountCode": details["AccountCode"],
                    "TaxType": details["TaxType"],
                    "_rate": Decimal(15),
                }
            )
        record[kind.number_field] = self.tenant.next_number(kind.prefixes.get(doc_type, kind.prefixes.get(None)))
        if kind is rules.QUOTE:
            record["LineAmountTypes"] = "EXCLUSIVE"
            record["ExpiryDate"] = record.pop("DueDate")
            for field in ("AmountPaid", "AmountCredited", "Payments"):
                record.pop(field)
        rules._compute_totals(record)
        if kind is not rules.INVOICE:
            record.pop("AmountDue", None)
        self.tenant.records[kind.collection][record[kind.key]] = self._stamp(record)
        return record

    def pay(self, invoice, amount, date):
        payment = {
            "PaymentID": new_id(),
            "Date": date,
            "Amount": Decimal(amount),
            "Reference": "",
            "Status": "AUTHORISED",
            "PaymentType": "ACCRECPAYMENT",
            "IsReconciled": True,
            "CurrencyRate": Decimal(1),
            "Account": {"AccountID": self._bank()["AccountID"], "Code": "090"},
            "Invoice": {"InvoiceID": invoice["InvoiceID"], "InvoiceNumber": invoice["InvoiceNumber"]},
        }
        self.tenant.records["Payments"][payment["PaymentID"]] = self._stamp(payment)
        rules.apply_payment(self.tenant, payment)
        self._stamp(invoice)

    def _bank(self):
        return next(a for a in self.tenant.records["Accounts"].values() if a["Code"] == "090")


DEMO_CUSTOMERS = (
    ("Bayside Club", "secretary@bayside.example", "BAY001", "Ridgeway Road 14", "Wellington"),
    ("Basket Case Ltd", "orders@basketcase.example", "BAS001", "Kent Terrace 3", "Wellington"),
    ("City Limousines", "bookings@citylimo.example", "CIT001", "Queen Street 88", "Auckland"),
    ("Hamilton Smith Ltd", "accounts@hamsmith.example", "HAM001", "Victoria Street 2", "Hamilton"),
    ("Marine Systems", "info@marinesys.example", "", "Harbour Quay 9", "Napier"),
    ("Mr Peter Lawson", "peter.lawson@mail.example", "", "Elm Grove 21", "Dunedin"),
    ("The Wilson Family", "wilsons@mail.example", "", "Beach Road 5", "Nelson"),
    ("Ridgeway University", "finance@ridgeway.example", "RID001", "Campus Drive 1", "Palmerston North"),
)
DEMO_ITEMS = (
    ("DESK-OAK", "Oak office desk", "650.00", "380.00", 12),
    ("CHAIR-ERGO", "Ergonomic chair", "289.50", "140.00", 40),
    ("LAMP-LED", "LED desk lamp", "45.90", "18.20", None),
    ("INSTALL", "Installation (per hour)", "95.00", "0.00", None),
    ("DELIVERY", "Delivery", "60.00", "0.00", None),
    ("CABLE-KIT", "Cable management kit", "24.9900", "9.1000", 150),
)


def seed_demo(state, name="Demo Company (NZ)"):
    tenant = state.add_tenant(name, short_code="!DeMo1")
    reference_data(tenant)
    build = _Builder(tenant, state.clock)
    contacts = [
        build.contact(
            cname,
            EmailAddress=email,
            AccountNumber=code or None,
            Addresses=[{"AddressType": "POBOX", "AddressLine1": street, "City": city, "Country": "New Zealand"}],
            Phones=[{"PhoneType": "DEFAULT", "PhoneNumber": "04 555 01%02d" % i}],
        )
        for i, (cname, email, code, street, city) in enumerate(DEMO_CUSTOMERS)
    ]
    contacts[0]["ContactPersons"] = [
        {"FirstName": "Ann", "LastName": "Fields", "EmailAddress": "ann@bayside.example", "IncludeInEmails": True}
    ]
    items = [build.item(*spec) for spec in DEMO_ITEMS]
    today = state.clock.now().date()
    statuses = ("DRAFT", "AUTHORISED", "AUTHORISED", "PAID", "SUBMITTED", "AUTHORISED", "VOIDED")
    for index in range(14):
        contact = contacts[index % len(contacts)]
        lines = [(items[(index + k) % len(items)], 1 + (index + k) % 3) for k in range(1 + index % 3)]
        status = statuses[index % len(statuses)]
        invoice = build.document(
            rules.INVOICE,
            contact,
            lines,
            today - dt.timedelta(days=5 * index),
            "AUTHORISED" if status == "PAID" else status,
            "ACCREC",
            reference="PO-%d" % (4100 + index),
        )
        if status == "PAID":
            build.pay(invoice, invoice["AmountDue"], today - dt.timedelta(days=2))
    for index, status in enumerate(("SENT", "ACCEPTED")):
        build.document(rules.QUOTE, contacts[index + 1], [(items[index], 2)], today - dt.timedelta(days=index), status)
    for index in range(3):
        build.document(
            rules.CREDIT_NOTE,
            contacts[index],
            [(items[index], 1)],
            today - dt.timedelta(days=3 * index),
            "AUTHORISED",
            "ACCRECCREDIT",
        )
    supplier = build.contact("Office Supplies Wholesale", EmailAddress="sales@osw.example")
    build.document(rules.PURCHASE_ORDER, supplier, [(items[0], 4), (items[1], 10)], today, "AUTHORISED")
    return tenant


def seed_size(state, size, name=None, rng_seed=7):
    """A generated organisation: ``size`` contacts, size/5 items, 5*size invoices
    averaging 3 lines, and size/2 credit notes (the benchmark's default shape)."""
    rng = random.Random(rng_seed)
    tenant = state.add_tenant(name or "Generated Company (%d)" % size)
    reference_data(tenant)
    build = _Builder(tenant, state.clock)
    contacts = [
        build.contact("Customer %06d" % i, EmailAddress="customer%06d@example.com" % i, AccountNumber="C%06d" % i)
        for i in range(size)
    ]
    items = [
        build.item("ITEM-%05d" % i, "Item %05d" % i, "%d.50" % rng.randint(5, 500), "2.00")
        for i in range(max(size // 5, 1))
    ]
    today = state.clock.now().date()
    for _ in range(size * 5):
        lines = [(rng.choice(items), rng.randint(1, 5)) for _ in range(rng.randint(1, 5))]
        build.document(
            rules.INVOICE,
            rng.choice(contacts),
            lines,
            today - dt.timedelta(days=rng.randint(0, 400)),
            rng.choice(("DRAFT", "AUTHORISED", "AUTHORISED")),
            "ACCREC",
        )
    for _ in range(size // 2):
        build.document(
            rules.CREDIT_NOTE,
            rng.choice(contacts),
            [(rng.choice(items), 1)],
            today - dt.timedelta(days=rng.randint(0, 400)),
            "AUTHORISED",
            "ACCRECCREDIT",
        )
    return tenant


def seed_contacts(state, count, name=None):
    """Reference data and ``count`` contacts only: for paging tests."""
    tenant = state.add_tenant(name or "Contacts Company (%d)" % count)
    reference_data(tenant)
    build = _Builder(tenant, state.clock)
    for i in range(count):
        build.contact("Contact %06d" % i, EmailAddress="contact%06d@example.com" % i)
    return tenant


def seed(state, spec, name=None):
    if str(spec) == "demo":
        return seed_demo(state, *([name] if name else []))
    if str(spec).startswith("contacts:"):
        return seed_contacts(state, int(str(spec).split(":", 1)[1]), name)
    if str(spec) == "empty":
        tenant = state.add_tenant(name or "Empty Company")
        reference_data(tenant)
        return tenant
    return seed_size(state, int(spec), name)

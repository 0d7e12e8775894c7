"""The user guide's table of the scopes a connection asks for, checked row by row: the
connection asks for exactly those, they open every endpoint it uses by the emulator's
rules of which scope opens what, and none could be left out or asked read-only."""

import os
import re

from odoo.tests import tagged

from xero_emulator import scopes as xero_rules

from .common import SyncCase

USER_GUIDE = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "user-guide.md")
DIRECTIONS = {"both ways": "both", "from Xero only": "import", "to Xero only": "export", "off": "off"}
SETTINGS_READ = ("Organisation", "TaxRates", "Accounts", "TrackingCategories", "BrandingThemes")


def table_rows():
    with open(USER_GUIDE, encoding="utf-8") as handle:
        text = handle.read()
    table = text.split("<!-- scopes-table -->")[1].split("<!-- /scopes-table -->")[0]
    rows = []
    for line in table.strip().splitlines()[2:]:
        customers, products, documents, asked = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((DIRECTIONS[customers], DIRECTIONS[products], DIRECTIONS[documents], asked.strip("`")))
    return rows


def uses(customers, products, documents):
    """(collection, write) of every call a connection syncing so makes."""
    needed = {(collection, False) for collection in SETTINGS_READ}
    if customers != "off":
        needed.add(("Contacts", customers in ("both", "export")))
    if customers == "both":
        needed.add(("ContactGroups", True))
    if products != "off":
        needed.add(("Items", products in ("both", "export")))
    if documents in ("both", "import"):
        needed |= {("Invoices", False), ("CreditNotes", False), ("PurchaseOrders", False)}
    if documents in ("both", "export"):
        # a draft invoice sends its customer and its products first
        needed |= {("Invoices", True), ("Contacts", True), ("Items", True)}
    return needed


def opens(granted, needed):
    return all(xero_rules.allows(granted, collection, write) for collection, write in needed)


@tagged("post_install", "-at_install")
class TestScopesTable(SyncCase):
    def test_the_user_guide_table_is_what_connections_ask_for_and_no_more(self):
        rows = table_rows()
        self.assertGreaterEqual(len(rows), 8)
        for customers, products, documents, asked in rows:
            with self.subTest(customers=customers, products=products, documents=documents):
                self.connection.write(
                    {
                        "contacts_only": False,
                        "customers_direction": customers,
                        "products_direction": products,
                        "documents_direction": documents,
                    }
                )
                self.assertEqual(self.connection._xero_requested_scopes(), asked)
                needed = uses(customers, products, documents)
                self.assertTrue(opens(asked, needed), "every endpoint it uses is open")
                for scope in asked.split():
                    others = [s for s in asked.split() if s != scope]
                    self.assertFalse(opens(" ".join(others), needed), "%s is needed" % scope)
                    if not scope.endswith(".read"):
                        weaker = " ".join(others + [scope + ".read"])
                        self.assertFalse(opens(weaker, needed), "%s is needed writable" % scope)

    def test_broad_scopes_are_told_when_xero_ends_them(self):
        self.assertFalse(self.connection.broad_scopes_warning)
        self.connection.scope_set = "broad"
        self.assertIn("13 September 2027", self.connection.broad_scopes_warning)
        self.assertTrue(re.search(r"\baccounting\.transactions\b", self.connection._xero_requested_scopes()))

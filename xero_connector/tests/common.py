"""Test base: a Xero emulator on a loopback port for each test class, reset and seeded
with the demo organisation before each test; the addon talks to it over real HTTP
through xero-python, exactly as it talks to Xero."""

import base64
import contextlib
import datetime
import json
import os
import sys
import threading
from unittest.mock import patch

import requests

from odoo.tests.common import ChromeBrowser, HttpCase, TransactionCase
from odoo.tools import config

from odoo.addons.xero_connector.odoo_series import share_test_transaction, test_cursor_class

# the emulator is the repository's sibling package of this addon
_REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _REPOSITORY not in sys.path:
    sys.path.append(_REPOSITORY)

from xero_emulator import EmulatorServer  # noqa: E402

_ADDON_MODULE = "odoo.addons.xero_connector."


def use_xero_base_url(url):
    """Point the connector at ``url`` as the configuration file's ``xero_base_url``
    does; returns the value it replaces."""
    previous = config.get("xero_base_url")
    config["xero_base_url"] = url
    return previous


class XeroEmulatorMixin:
    """Start/stop the emulator around the class; helpers for its admin API."""

    @classmethod
    def _start_emulator(cls):
        cls.emulator = EmulatorServer().start()
        cls.addClassCleanup(cls.emulator.stop)
        cls.emulator_url = cls.emulator.url
        # as a server configured with xero_base_url in its configuration file
        cls.addClassCleanup(use_xero_base_url, use_xero_base_url(cls.emulator_url))

    def setUp(self):
        super().setUp()
        self.emulator_admin("POST", "reset")
        self.tenant_id = self.emulator_admin("POST", "seed", seed="demo")["tenant_id"]

    def emulator_admin(self, verb, route, **payload):
        response = requests.request(verb, "%s/_emulator/%s" % (self.emulator_url, route), json=payload, timeout=30)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def save_in_xero_after_read(self, query, records=(), ids=(), after=0):
        """The accounts team saves contacts (``records``: the changes typed, ``ids``:
        saved as they are) right after the connector's next read of contacts whose query
        holds ``query`` ("order=": a page of a pull; "IDs=": a read by id)."""
        self.emulator_admin(
            "POST",
            "faults",
            kind="touch",
            path="/Contacts",
            method="GET",
            query=query,
            after=after,
            records=list(records),
            ids=list(ids),
        )

    def emulator_requests(self, **match):
        return [
            r
            for r in self.emulator_admin("GET", "requests")["requests"]
            if all(r.get(k) == v for k, v in match.items())
        ]

    def xero_records(self, collection):
        """Every record of ``collection`` the emulator's organisation holds, as Xero's UI sees them."""
        return self.emulator_admin("GET", "tenants/%s/%s" % (self.tenant_id, collection))[collection]

    def xero_contact(self, name):
        """The organisation's contacts named ``name`` (a list: none, one, or duplicates)."""
        return [c for c in self.xero_records("Contacts") if c["Name"] == name]

    def in_xero_ui(self, collection, *records):
        """The accounts team saves ``records`` of ``collection`` in Xero's own screens;
        returns them as Xero stored them."""
        path = "tenants/%s/ui/%s" % (self.tenant_id, collection)
        return self.emulator_admin("POST", path, **{collection: list(records)})[collection]

    def approved_invoice_in_xero(self, contact_id, due, amount, description="Services"):
        """The accounts team's invoice of one untaxed line, approved, due on ``due`` (a
        date), dated thirty days before."""
        line = {"Description": description, "Quantity": 1, "UnitAmount": amount, "AccountCode": "200"}
        dates = {"Date": (due - datetime.timedelta(days=30)).isoformat(), "DueDate": due.isoformat()}
        invoice = {"Type": "ACCREC", "Contact": {"ContactID": contact_id}, "Status": "AUTHORISED", **dates}
        return self.in_xero_ui("Invoices", dict(invoice, LineAmountTypes="NoTax", LineItems=[line]))[0]

    def emulator_writes(self, path_end=""):
        """The writes Xero received (PUT creates, POST updates), to paths ending so."""
        return [
            r
            for r in self.emulator_admin("GET", "requests")["requests"]
            if r["method"] in ("PUT", "POST") and r["path"].endswith(path_end)
        ]

    def assert_in_lockstep(self, connection):
        """A full comparison of Odoo's customers with the organisation's contacts: each
        Xero contact linked once, each link pointing at a contact that exists, no
        contact twice in Xero and no linked customer twice in Odoo. Reads through the
        connection's environment, so a test can run it in a transaction of its own."""
        env = connection.env
        contacts = self.emulator_admin("GET", "tenants/%s/Contacts" % connection.tenant_id)["Contacts"]
        links = env["xero.sync.link"].sudo().search([("connection_id", "=", connection.id), ("entity", "=", "contact")])
        pending = links.filtered(lambda link: link.state != "synced")
        self.assertFalse(pending, "still waiting: %s" % pending.mapped("last_error"))
        by_id = {c["ContactID"]: c for c in contacts}
        self.assertEqual(sorted(links.mapped("xero_id")), sorted(by_id), "every contact linked once, nothing else")
        names = [c["Name"].casefold() for c in contacts if c["ContactStatus"] == "ACTIVE"]
        self.assertEqual(len(names), len(set(names)), "no contact twice in Xero")
        partners = env["res.partner"].with_context(active_test=False).browse(links.mapped("res_id")).exists()
        self.assertEqual(len(partners), len(links), "no customer linked twice in Odoo, none missing")
        for link in links:
            self.assertEqual(
                partners.browse(link.res_id).name, by_id[link.xero_id]["Name"], "the same name on both sides"
            )

    def make_connection(self, auth_mode="custom", company=None, env=None, **values):
        env = env or self.env
        return env["xero.connection"].create(
            dict(
                {
                    "company_id": (company or env.company).id,
                    "auth_mode": auth_mode,
                    "client_id": "odoo-test-app",
                    "client_secret": "s3cret-client-value",
                },
                **values,
            )
        )

    def connect_oauth(self, connection):
        """Run the authorization-code flow up to Xero's redirect; return the callback URL."""
        action = connection.action_connect()
        answer = requests.get(action["url"], allow_redirects=False, timeout=10)
        self.assertEqual(answer.status_code, 302, answer.text)
        return answer.headers["Location"]

    def complete_oauth(self, connection):
        """The whole authorization-code flow, as the callback route runs its second half."""
        callback = self.connect_oauth(connection)
        params = dict(p.split("=", 1) for p in callback.split("?", 1)[1].split("&"))
        found = connection.env["xero.connection"]._xero_from_oauth_state(params["state"])
        found._xero_complete_authorization(params["code"])
        return found


class XeroTransactionCase(XeroEmulatorMixin, TransactionCase):
    # as HttpCase does: cursors opened by the code under test (the token refresh has its
    # own transaction) share the test's transaction through savepoints
    shares_test_transaction = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_emulator()
        if cls.shares_test_transaction:
            share_test_transaction(cls)


class XeroHttpCase(XeroEmulatorMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_emulator()

    def start_tour(self, url_path, tour_name, step_delay=None, screenshot=None, **kwargs):
        """A tour; with ``screenshot`` and XERO_SCREENSHOTS_DIR set (``make screenshots``),
        the page as the tour left it is saved there as ``screenshot``.png for the guide."""
        directory = os.environ.get("XERO_SCREENSHOTS_DIR")
        if not (screenshot and directory):
            return super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)
        original_stop = ChromeBrowser.stop

        def stop(browser):
            try:
                image = browser._websocket_request("Page.captureScreenshot", params={"format": "png"})
                with open(os.path.join(directory, screenshot + ".png"), "wb") as handle:
                    handle.write(base64.b64decode(image["data"]))
            finally:
                original_stop(browser)

        with patch.object(ChromeBrowser, "stop", stop):
            return super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)

    def call_kw(self, model, method, *args, **kwargs):
        """What the web client's JSON-RPC call of ``model.method`` answers (``result`` or
        ``error``), as the session's user."""
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, "%s.%s: %s" % (model, method, response.text[:300]))
        return response.json()

    @contextlib.contextmanager
    def post_commit_hooks_run(self):
        """The requests of a tour commit through Odoo's test cursor, which drops the
        post-commit hooks a real commit runs: run the connector's (the immediate pushes
        of buttons) as a real commit would."""
        TestCursor = test_cursor_class()
        original = TestCursor.commit

        def commit(cursor):
            ours = [hook for hook in cursor.postcommit._funcs if hook.__module__.startswith(_ADDON_MODULE)]
            original(cursor)
            for hook in ours:
                hook()

        with patch.object(TestCursor, "commit", commit):
            yield


class XeroRealTransactionCase(XeroTransactionCase):
    """For concurrency: workers with transactions of their own, as in production. The
    registry is not in test mode, so these tests commit their data and remove it after."""

    shares_test_transaction = False

    def run_concurrently(self, worker, count=2):
        """Run ``worker`` in ``count`` threads at once; return the exceptions they raised."""
        errors = []

        def guarded():
            try:
                worker()
            except Exception as error:  # noqa: BLE001 - returned to the test, which asserts on it
                errors.append(error)

        threads = [threading.Thread(target=guarded) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return errors

    def only_connection(self, env, auth_mode="custom", **values):
        """In ``env``, a worker's own transaction: the main company's one connection,
        connected (the test database's others are removed)."""
        env["xero.connection"].search([]).unlink()
        connection = self.make_connection(auth_mode, company=env.ref("base.main_company"), env=env, **values)
        if auth_mode == "oauth":
            self.complete_oauth(connection)
        else:
            connection.action_connect()
        return connection

    def committed(self, function):
        """Run ``function(env)`` in a transaction of its own and commit it."""
        with self.registry.cursor() as cr:
            return function(self.env(cr=cr))


class SyncCase(XeroTransactionCase):
    """A connected company, the demo organisation, and what the accounts team does in Xero."""

    def setUp(self):
        super().setUp()
        self.connection = self.make_connection("custom")
        self.connection.action_connect()
        self.Partner = self.env["res.partner"].with_context(active_test=False)

    def use_nz_sales_taxes(self):
        """The company's own taxes replaced by New Zealand's GST, excluded and included
        (both OUTPUT2 in Xero), and a levy Xero has no rate for; mapped by Prefill."""
        company = self.env.company
        Tax = self.env["account.tax"]
        Tax.search([("company_id", "=", company.id)]).active = False
        self.gst = Tax.create({"name": "GST 15%", "amount": 15, "type_tax_use": "sale"})
        self.gst_included = Tax.create(
            {"name": "GST 15% incl.", "amount": 15, "type_tax_use": "sale", "price_include_override": "tax_included"}
        )
        self.levy = Tax.create({"name": "Levy 2%", "amount": 2, "type_tax_use": "sale"})
        self.gst_purchase = Tax.create({"name": "GST 15% (purchases)", "amount": 15, "type_tax_use": "purchase"})
        company.write({"account_sale_tax_id": self.gst.id, "account_purchase_tax_id": self.gst_purchase.id})
        self.connection.action_xero_prefill_tax_mapping()

    def linked_partners(self):
        links = self.env["xero.sync.link"].search(
            [("connection_id", "=", self.connection.id), ("entity", "=", "contact")]
        )
        return self.Partner.browse(links.mapped("res_id")), links

    def edit_in_xero(self, name, **fields):
        """What the accounts team does in Xero's own screens (no API call of ours)."""
        contact = self.xero_contact(name)[0]
        self.emulator_admin(
            "POST", "tenants/%s/ui/Contacts" % self.tenant_id, Contacts=[dict(fields, ContactID=contact["ContactID"])]
        )

    def conflicting_email_edits(self):
        """Bayside Club's email changed in Odoo and in Xero since the last sync, under the
        review policy: returns the partner and its link, in conflict."""
        self.connection.conflict_policy = "review"
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        partner.email = "odoo@bayside.example"
        self.edit_in_xero("Bayside Club", EmailAddress="xero@bayside.example")
        self.connection._xero_sync()
        return partner, partner._xero_links(self.connection)

    def run_after_commit(self):
        """What a commit does after writing: flush, then the post-commit hooks."""
        self.env.flush_all()
        self.env.cr.postcommit.run()
        self.env.invalidate_all()  # the hooks wrote through a cursor of their own

    def api_requests(self, method="GET", suffix="/Contacts"):
        return [r for r in self.emulator_requests(method=method) if r["path"].endswith(suffix)]

    def assert_in_lockstep(self, connection=None):
        return super().assert_in_lockstep(connection or self.connection)


class OrdersCase(SyncCase):
    """SyncCase with New Zealand's sales taxes mapped, the demo organisation imported,
    and orders confirmed without an immediate push: each test sends them when it says."""

    def setUp(self):
        super().setUp()
        self.use_nz_sales_taxes()
        self.connection.write({"push_new_customers": False, "push_confirmed_orders": False})
        self.connection._xero_sync()

    def order(self, name, lines, partner=None, **values):
        """A confirmed order of ``lines`` for ``partner``, else a new company ``name``."""
        partner = partner or self.env["res.partner"].create({"name": name, "is_company": True})
        order = self.env["sale.order"].create(
            dict({"partner_id": partner.id, "order_line": [(0, 0, line) for line in lines]}, **values)
        )
        order.action_confirm()
        return order

    def assert_documents_in_lockstep(self, orders):
        """Beyond the customers: every item linked once to a product of its code; every
        sales invoice and credit note in Xero read once into reporting, with Xero's
        status and total; each order's invoice in Xero once, under the order's name."""
        connection = self.connection
        items = self.xero_records("Items")
        links = self.env["xero.sync.link"].search([("connection_id", "=", connection.id), ("entity", "=", "item")])
        self.assertFalse(links.filtered(lambda link: link.state != "synced"), "no item left waiting")
        self.assertEqual(sorted(links.mapped("xero_id")), sorted(i["ItemID"] for i in items), "each item linked once")
        codes = {i["ItemID"]: i["Code"] for i in items}
        for link in links:
            self.assertEqual(self.env["product.product"].browse(link.res_id).default_code, codes[link.xero_id])
        documents = [
            (d["InvoiceID"], d["Status"], d["Total"]) for d in self.xero_records("Invoices") if d["Type"] == "ACCREC"
        ]
        documents += [
            (d["CreditNoteID"], d["Status"], -d["Total"])
            for d in self.xero_records("CreditNotes")
            if d["Type"] == "ACCRECCREDIT"
        ]
        copies = self.env["xero.sales.transaction"].search([("connection_id", "=", connection.id)])
        self.assertEqual(
            sorted((t.xero_id, t.status, t.amount_total) for t in copies),
            sorted(documents),
            "every sales document read once, as Xero has it",
        )
        invoices = self.xero_records("Invoices")
        for order in orders:
            link = order._xero_links(connection)
            self.assertEqual(link.state, "synced", link.last_error)
            mine = [i for i in invoices if i.get("Reference") == order.name and i["Status"] != "DELETED"]
            self.assertEqual([i["InvoiceID"] for i in mine], [link.xero_id], "one invoice per order")

    def product(self, code):
        return self.env["product.product"].search([("default_code", "=", code)])

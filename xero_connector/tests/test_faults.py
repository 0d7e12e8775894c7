"""Xero misbehaving in every way the connector must survive: each fault hits a sync that
has work both ways (new customers to send, a change to read); a later run completes it,
and a full comparison finds nothing missing and nothing duplicated on either side."""

from odoo.tests import tagged

from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES

from .common import OrdersCase, SyncCase

# each fault, and what the sync log then says to the administrator (None: the client
# waits out a one-second Retry-After itself, so the run is not even held up)
FAULTS = {
    "429 at the minute limit": (dict(kind="429", limit="minute", retry_after=1, path="/Contacts", count=1), None),
    "429 at the day limit": (
        dict(kind="429", limit="day", retry_after=3600, path="/Contacts", count=1),
        "Xero's day rate limit was reached.",
    ),
    "429 on the push": (
        dict(kind="429", limit="day", retry_after=3600, path="/Contacts", method="PUT", count=1),
        "Xero's day rate limit was reached.",
    ),
    "500 on the pull": (dict(kind="500", path="/Contacts", method="GET", count=1), "Xero is unavailable (HTTP 500)."),
    "503 on the push": (dict(kind="503", path="/Contacts", method="PUT", count=1), "Xero is unavailable (HTTP 503)."),
    "answer lost after Xero wrote": (
        dict(kind="drop", path="/Contacts", method="PUT", count=1),
        "The connection to Xero dropped before its answer arrived; the next run tries again",
    ),
    "slow past the time-out": (
        dict(kind="slow", seconds=2, path="/Contacts", method="PUT", count=1),
        "Xero did not answer within the 1-second time-out; the next run tries again",
    ),
    "answer cut short on the pull": (
        dict(kind="truncated", path="/Contacts", method="GET", count=1),
        "Xero's answer could not be read (cut short or not JSON).",
    ),
    "answer cut short after Xero wrote": (
        dict(kind="truncated", path="/Contacts", method="PUT", count=1),
        "Xero's answer could not be read (cut short or not JSON).",
    ),
}


def sync_hit_by(case, fault):
    """A sync the emulator's ``fault`` hits (it may stop early): the fault must happen,
    and never disconnect; the fault is cleared after."""
    case.emulator_admin("DELETE", "requests")
    case.emulator_admin("POST", "faults", **fault)
    case.connection._xero_sync()
    case.assertTrue(
        [
            r
            for r in case.emulator_requests()
            if r["status"] != 200 or r.get("dropped") or r.get("slowed") or r.get("truncated")
        ],
        "the fault happened",
    )
    case.assertEqual(case.connection.state, "connected", "a fault never disconnects")
    case.emulator_admin("DELETE", "faults")


@tagged("post_install", "-at_install")
class TestFaults(SyncCase):
    def setUp(self):
        super().setUp()
        # customers only: each run costs two calls, so the suite stays under Xero's 60 a
        # minute, which the client would otherwise (rightly) wait out
        self.connection.write({"push_new_customers": False, "request_timeout": 1, "contacts_only": True})
        self.connection._xero_sync()
        self.env["res.partner"].create([{"name": "Fault Customer %d" % i, "is_company": True} for i in range(3)])
        for partner in self.env["res.partner"].search([("name", "like", "Fault Customer")]):
            partner._xero_ensure_links(self.connection)
        self.edit_in_xero("Bayside Club", EmailAddress="office@bayside.example")

    def test_each_fault_is_survived_with_nothing_lost_or_doubled(self):
        for name, (fault, message) in FAULTS.items():
            with self.subTest(fault=name):
                first_log = self.env["xero.sync.log"].search([], order="id desc", limit=1).id
                sync_hit_by(self, fault)
                said = self.env["xero.sync.log"].search([("id", ">", first_log), ("outcome", "!=", "done")])
                if message:
                    self.assertIn(message, " ".join(said.mapped("message")), "the sync log says what happened")
                else:
                    self.assertFalse(said, "waited out, not failed")
                self.connection._xero_sync()  # the next run finishes the work
                self.assert_in_lockstep()
                self.assertEqual(self.Partner.search([("name", "=", "Bayside Club")]).email, "office@bayside.example")
                # fresh work for the next fault
                partner = self.env["res.partner"].create({"name": "After %s" % name, "is_company": True})
                partner._xero_ensure_links(self.connection)
                self.edit_in_xero("Bayside Club", Website="https://bayside.example/%d" % len(name))

    def test_an_access_token_that_expires_mid_run_is_renewed_and_the_run_completes(self):
        self.emulator_admin("POST", "clock", advance=3600)  # Xero now refuses the token it issued
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertIn(401, [r["status"] for r in self.emulator_requests()], "Xero refused the old token")
        self.assert_in_lockstep()
        self.assertEqual(self.connection.state, "connected")


@tagged("post_install", "-at_install")
class TestRevokedRefreshToken(SyncCase):
    """An app connection whose authorisation is withdrawn in Xero mid-way (the refresh
    token no longer works): the run stops without losing the work waiting either way, and
    once the administrator reconnects, the next run completes it."""

    def setUp(self):
        super().setUp()
        self.connection.unlink()
        self.connection = self.make_connection("oauth", push_new_customers=False, contacts_only=True)
        self.complete_oauth(self.connection)

    def test_a_revoked_refresh_token_disconnects_and_reconnecting_completes_the_work(self):
        self.connection._xero_sync()
        waiting = self.env["res.partner"].create({"name": "Waiting Customer", "is_company": True})
        link = waiting._xero_ensure_links(self.connection)
        self.edit_in_xero("Bayside Club", EmailAddress="revoked@bayside.example")
        secrets = self.connection._xero_secrets()
        self.connection._xero_client().revoke(secrets.refresh_token)
        secrets.write({"expires_at": 0.0})  # the next call needs the refresh token
        self.connection._xero_sync()
        self.connection.invalidate_recordset()
        self.assertEqual(self.connection.state, "disconnected")
        self.assertIn("Reconnect", self.connection.last_error)
        self.assertEqual(link.state, "pending", "the work waits, nothing lost")
        self.assertFalse(self.xero_contact("Waiting Customer"))
        self.complete_oauth(self.connection)  # the administrator reconnects
        self.assertEqual(self.connection.state, "connected")
        self.connection._xero_sync()
        self.assert_in_lockstep()
        self.assertEqual(self.Partner.search([("name", "=", "Bayside Club")]).email, "revoked@bayside.example")
        self.assertEqual(len(self.xero_contact("Waiting Customer")), 1)


DOCUMENT_FAULTS = {
    "answer lost after Xero wrote the invoices": dict(kind="drop", path="/Invoices", method="PUT"),
    "503 on the invoices' push": dict(kind="503", path="/Invoices", method="PUT"),
    "invoices' answer cut short": dict(kind="truncated", path="/Invoices", method="PUT"),
    "slow invoices' push past the time-out": dict(kind="slow", seconds=2, path="/Invoices", method="PUT"),
    "429 on the invoices' pull": dict(kind="429", limit="minute", retry_after=1, path="/Invoices", method="GET"),
    "500 on the items' pull": dict(kind="500", path="/Items", method="GET"),
}


@tagged("post_install", "-at_install")
class TestFaultsOnDocuments(OrdersCase):
    """The same faults hitting a run with every entity on: confirmed orders to invoice,
    an invoice and an item changed in Xero. One fault a test, each on an organisation of
    its own, so that no test nears Xero's 60 calls a minute."""

    def setUp(self):
        super().setUp()
        self.connection.request_timeout = 1
        desk = self.product("DESK-OAK")
        self.orders = self.env["sale.order"]
        for name in ("Fault Buyer A", "Fault Buyer B"):
            self.orders |= self.order(
                name, [{"product_id": desk.id, "price_unit": 120, ORDER_LINE_TAXES: [(6, 0, self.gst.ids)]}]
            )
        self.orders._xero_ensure_links(self.connection)
        accrec = [i for i in self.xero_records("Invoices") if i["Type"] == "ACCREC" and i["Status"] == "DRAFT"][0]
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Invoices" % self.tenant_id,
            Invoices=[{"InvoiceID": accrec["InvoiceID"], "Reference": "Changed in Xero"}],
        )
        item = [i for i in self.xero_records("Items") if i["Code"] == "LAMP-LED"][0]
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Items" % self.tenant_id,
            Items=[{"ItemID": item["ItemID"], "Name": "Lamp renamed in Xero"}],
        )

    def survive(self, fault):
        sync_hit_by(self, dict(fault, count=1))
        self.connection._xero_sync()  # the next run finishes the work
        self.env.invalidate_all()
        self.assert_in_lockstep()
        self.assert_documents_in_lockstep(self.orders)
        self.assertEqual(self.product("LAMP-LED").name, "Lamp renamed in Xero")
        self.assertTrue(self.env["xero.sales.transaction"].search([("reference", "=", "Changed in Xero")]))

    def test_answer_lost_after_xero_wrote_the_invoices(self):
        self.survive(DOCUMENT_FAULTS["answer lost after Xero wrote the invoices"])

    def test_503_on_the_invoices_push(self):
        self.survive(DOCUMENT_FAULTS["503 on the invoices' push"])

    def test_invoices_answer_cut_short(self):
        self.survive(DOCUMENT_FAULTS["invoices' answer cut short"])

    def test_slow_invoices_push_past_the_timeout(self):
        self.survive(DOCUMENT_FAULTS["slow invoices' push past the time-out"])

    def test_429_on_the_invoices_pull(self):
        self.survive(DOCUMENT_FAULTS["429 on the invoices' pull"])

    def test_500_on_the_items_pull(self):
        self.survive(DOCUMENT_FAULTS["500 on the items' pull"])

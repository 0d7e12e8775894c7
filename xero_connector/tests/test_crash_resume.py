"""A sync killed between pages (SIGKILL of a real Odoo process) resumes at the last
committed page: nothing skipped, nothing imported twice, nothing re-read wholesale."""

import os
import subprocess
import sys
import tempfile

from odoo import release
from odoo.tests import tagged

from odoo.addons.xero_connector.odoo_series import config_file

from .common import XeroRealTransactionCase

CONTACTS = 1500  # two pages of 1,000
WAIT_LIMIT = 120  # seconds for the worker to reach page 2 (starting Odoo included)


def config_file_for(test):
    """The running Odoo's configuration, with ``xero_base_url`` naming the test's
    emulator, as a server pointed at it is configured."""
    with open(config_file(), encoding="utf-8") as handle:
        options = handle.read()
    copy = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False, encoding="utf-8")  # noqa: SIM115
    with copy:
        copy.write(options.rstrip("\n") + "\nxero_base_url = %s\n" % test.emulator_url)
    test.addCleanup(os.unlink, copy.name)
    return copy.name


def start_sync_worker(test, connection_id):
    """A separate Odoo process running one routine sync of the connection; killed at
    the end of the test if still running."""
    # odoo-bin sits beside the odoo package (a namespace package on 19.0: no odoo.__file__)
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(release.__file__))), "odoo-bin")
    worker = subprocess.Popen(
        [
            sys.executable,
            odoo_bin,
            "shell",
            "-c",
            config_file_for(test),
            "-d",
            test.env.cr.dbname,
            "--no-http",
            "--log-level=warn",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    worker.stdin.write("env['xero.connection'].browse(%d)._xero_sync()\n" % connection_id)
    worker.stdin.close()  # the shell runs what it reads once stdin ends
    test.addCleanup(lambda: worker.poll() is None and worker.kill())
    return worker


@tagged("post_install", "-at_install", "xero_slow")
class TestCrashBetweenPages(XeroRealTransactionCase):
    def setUp(self):
        super().setUp()
        self.emulator_admin("POST", "reset")
        self.emulator_admin("POST", "seed", seed="contacts:%d" % CONTACTS)

        def prepare(env):
            return self.only_connection(env).id

        self.connection_id = self.committed(prepare)
        self.addCleanup(self.committed, self._remove_imported)

    def _remove_imported(self, env):
        links = env["xero.sync.link"].sudo().search([("connection_id", "=", self.connection_id)])
        partners = env["res.partner"].with_context(active_test=False).browse(links.mapped("res_id"))
        env["xero.connection"].browse(self.connection_id).unlink()
        partners.unlink()

    def start_worker(self):
        return start_sync_worker(self, self.connection_id)

    def wait_for_page_two(self):
        """Page 2 is asked for only once page 1 is committed."""
        self.emulator_admin("POST", "requests/wait", method="GET", path="/Contacts", count=2, timeout=WAIT_LIMIT)

    def imported(self, env):
        links = env["xero.sync.link"].sudo().search([("connection_id", "=", self.connection_id)])
        cursor = (
            env["xero.sync.cursor"]
            .sudo()
            .search([("connection_id", "=", self.connection_id), ("entity", "=", "contact")])
        )
        names = env["res.partner"].browse(links.mapped("res_id")).mapped("name")
        return len(links), len(set(names)), cursor.last_updated, max(links.mapped("xero_updated_date"), default=None)

    def test_a_killed_sync_resumes_at_the_last_committed_page(self):
        # page 2 hangs in Xero long enough for the worker to be killed while waiting for it
        self.emulator_admin("POST", "faults", kind="slow", path="/Contacts", method="GET", after=1, seconds=20)
        worker = self.start_worker()
        self.wait_for_page_two()
        worker.kill()
        worker.wait(timeout=30)

        links, names, cursor, newest = self.committed(self.imported)
        self.assertEqual(links, 1000, "the first page was committed before page 2 was asked for")
        self.assertEqual(cursor, newest, "the cursor is the newest record of the committed page")

        self.emulator_admin("DELETE", "requests")
        self.committed(lambda env: env["xero.connection"].browse(self.connection_id)._xero_sync())
        links, names, cursor, newest = self.committed(self.imported)
        self.assertEqual((links, names), (CONTACTS, CONTACTS), "nothing skipped, nothing imported twice")
        self.committed(lambda env: self.assert_in_lockstep(env["xero.connection"].browse(self.connection_id)))
        reads = [r for r in self.emulator_requests(method="GET") if r["path"].endswith("/Contacts")]
        self.assertEqual(len(reads), 1, "the rest is one page")
        self.assertTrue(reads[0]["if_modified_since"], "read from the cursor, not from the start")
        log = self.committed(
            lambda env: (
                env["xero.sync.log"]
                .sudo()
                .search(
                    [
                        ("connection_id", "=", self.connection_id),
                        ("direction", "=", "pull"),
                        ("entity", "=", "contact"),
                    ],
                    limit=1,
                )
                .read(["created_count", "unchanged_count"])[0]
            )
        )
        self.assertEqual(log["created_count"], CONTACTS - 1000)
        self.assertLess(log["unchanged_count"], 200, "only the cursor's one-second overlap is read again")


@tagged("post_install", "-at_install", "xero_slow")
class TestCrashDuringAPush(XeroRealTransactionCase):
    """A worker killed while Xero writes its batch: Xero has the contacts, Odoo never
    heard; the next run resends the batch with the same idempotency key and Xero
    answers it again instead of creating the contacts twice."""

    def setUp(self):
        super().setUp()

        def prepare(env):
            connection = self.only_connection(env, contacts_only=True, push_new_customers=False)
            partners = env["res.partner"].create([{"name": "Killed Push %02d" % i} for i in range(20)])
            partners._xero_ensure_links(connection)
            return connection.id, partners.ids

        self.connection_id, self.partner_ids = self.committed(prepare)
        self.addCleanup(self.committed, self._remove)

    def _remove(self, env):
        links = env["xero.sync.link"].sudo().search([("connection_id", "=", self.connection_id)])
        partners = (
            env["res.partner"]
            .with_context(active_test=False)
            .browse(set(links.mapped("res_id")) | set(self.partner_ids))
        )
        env["xero.connection"].browse(self.connection_id).unlink()
        partners.unlink()

    def test_a_push_killed_mid_batch_is_resent_without_duplicates(self):
        self.emulator_admin("POST", "faults", kind="slow", path="/Contacts", method="PUT", seconds=3)
        worker = start_sync_worker(self, self.connection_id)
        self.emulator_admin("POST", "requests/wait", method="PUT", path="/Contacts", timeout=WAIT_LIMIT)
        worker.kill()
        worker.wait(timeout=30)
        self.emulator_admin("POST", "requests/wait", method="PUT", path="/Contacts", processed=True, timeout=30)
        names = [c["Name"] for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]]
        self.assertEqual(len([n for n in names if n.startswith("Killed Push")]), 20, "Xero wrote the batch")
        states = self.committed(
            lambda env: (
                env["xero.sync.link"]
                .sudo()
                .search([("connection_id", "=", self.connection_id), ("res_id", "in", self.partner_ids)])
                .mapped("state")
            )
        )
        self.assertEqual(set(states), {"pending"}, "Odoo never heard back")

        self.committed(lambda env: env["xero.connection"].browse(self.connection_id)._xero_sync())
        names = [c["Name"] for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]]
        self.assertEqual(len([n for n in names if n.startswith("Killed Push")]), 20, "no contact twice")
        links = self.committed(
            lambda env: (
                env["xero.sync.link"]
                .sudo()
                .search([("connection_id", "=", self.connection_id), ("res_id", "in", self.partner_ids)])
                .read(["state", "xero_id"])
            )
        )
        self.assertEqual({link["state"] for link in links}, {"synced"})
        self.assertEqual(len({link["xero_id"] for link in links}), 20)
        self.committed(lambda env: self.assert_in_lockstep(env["xero.connection"].browse(self.connection_id)))

"""One rate budget per organisation, shared in PostgreSQL by every process that calls
it: the 61st call of a minute and the 6th at once wait, whoever makes them; a user's
click does not wait long, it leaves the work to the routine sync."""

import contextlib

from odoo.tests import tagged

from odoo.addons.xero_connector.engine.budget import SharedBudget
from odoo.addons.xero_connector.xero.errors import XeroRateLimited

from .common import SyncCase, XeroRealTransactionCase


class Waited(Exception):
    """Raised by the fake sleep: the budget decided to wait."""


@tagged("post_install", "-at_install")
class TestSharedRateBudget(SyncCase):
    def budget(self, max_wait=None):
        """A process's budget; its sleeps are recorded, and stop the test's caller."""
        waits = []

        def sleep(seconds):
            waits.append(seconds)
            raise Waited()

        budget = SharedBudget(self.env.registry.cursor, max_wait=max_wait, sleep=sleep)
        budget.waits = waits
        return budget

    def test_the_sixty_first_call_of_a_minute_waits_whichever_process_makes_it(self):
        cron_worker, http_worker = self.budget(), self.budget()
        for _ in range(30):
            with cron_worker.hold("tenant-a"), http_worker.hold("tenant-a"):
                pass
        with self.assertRaises(Waited):
            with cron_worker.hold("tenant-a"):
                pass
        self.assertGreater(cron_worker.waits[0], 55, "until the first call of the minute leaves the window")
        with http_worker.hold("tenant-b"):
            pass  # another organisation has its own budget

    def test_a_sixth_call_at_once_waits(self):
        workers = [self.budget() for _ in range(6)]
        with contextlib.ExitStack() as in_flight:
            for worker in workers[:5]:
                in_flight.enter_context(worker.hold("tenant-a"))
            with self.assertRaises(Waited):
                with workers[5].hold("tenant-a"):
                    pass
        self.assertLess(workers[5].waits[0], 1, "a concurrent slot frees in moments: a short wait")
        with workers[5].hold("tenant-a"):
            pass

    def test_a_click_does_not_wait_for_the_minute_it_leaves_it_to_the_routine_sync(self):
        cron_worker, click = self.budget(), self.budget(max_wait=5)
        for _ in range(60):
            with cron_worker.hold("tenant-a"):
                pass
        with self.assertRaises(XeroRateLimited) as raised:
            with click.hold("tenant-a"):
                pass
        self.assertEqual(raised.exception.problem, "minute")
        self.assertGreater(raised.exception.retry_after, 55)
        self.assertEqual(click.waits, [])

    def test_the_connector_counts_its_calls_in_the_shared_budget(self):
        self.connection._xero_sync()
        counted = self.env["xero.api.call"].sudo().search_count([("tenant_id", "=", self.tenant_id)])
        made = len([r for r in self.emulator_requests(tenant=self.tenant_id) if "/api.xro/" in r["path"]])
        self.assertEqual(counted, made)
        self.assertTrue(counted)


@tagged("post_install", "-at_install")
class TestBudgetOfANewCompany(XeroRealTransactionCase):
    def test_a_company_connected_in_the_transaction_that_creates_it_is_counted(self):
        """The budget counts each call in a transaction of its own, which cannot see a
        company the caller has not committed yet (a shell script, an import)."""

        def create_and_connect(env):
            company = env["res.company"].create({"name": "Budget New Co"})
            connection = self.make_connection("custom", company=company, env=env)
            connection.action_connect()
            return connection.state, company.id

        state, company_id = self.committed(create_and_connect)
        self.addCleanup(self.committed, lambda env: env["res.company"].browse(company_id).unlink())
        self.addCleanup(
            self.committed, lambda env: env["xero.connection"].search([("company_id", "=", company_id)]).unlink()
        )
        self.assertEqual(state, "connected")
        calls = self.committed(
            lambda env: env["xero.api.call"].sudo().search_read([("tenant_id", "=", self.tenant_id)], ["company_id"])
        )
        self.assertTrue(calls)

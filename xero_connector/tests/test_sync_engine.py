import datetime as dt
import threading

from odoo.tests import tagged

from odoo.addons.xero_connector.engine import SyncRun
from odoo.addons.xero_connector.xero import entities

from .common import SyncCase, XeroRealTransactionCase


@tagged("post_install", "-at_install")
class TestPull(SyncCase):
    def test_first_pull_imports_every_contact_once_and_sets_the_cursor(self):
        self.connection._xero_sync()
        partners, links = self.linked_partners()
        xero_names = {c["Name"] for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]}
        self.assertEqual(set(partners.mapped("name")), xero_names)
        self.assertEqual(len(partners), len(xero_names))
        bayside = partners.filtered(lambda p: p.name == "Bayside Club")
        self.assertEqual((bayside.email, bayside.ref), ("secretary@bayside.example", "BAY001"))
        cursor = self.env["xero.sync.cursor"].search(
            [("connection_id", "=", self.connection.id), ("entity", "=", "contact")]
        )
        self.assertEqual(cursor.last_updated, max(links.mapped("xero_updated_date")))
        log = self.env["xero.sync.log"].search(
            [("connection_id", "=", self.connection.id), ("direction", "=", "pull"), ("entity", "=", "contact")],
            limit=1,
        )
        self.assertEqual((log.created_count, log.api_calls), (len(xero_names), 1))

    def test_list_requests_use_paging_order_and_modified_since(self):
        self.connection._xero_sync()
        self.connection._xero_sync()
        first, second = self.api_requests()
        self.assertIn("pageSize=1000", first["query"])
        self.assertIn("order=UpdatedDateUTC%20ASC", first["query"].replace("+", "%20"))
        self.assertIsNone(first["if_modified_since"])
        cursor = self.env["xero.sync.cursor"].search(
            [("connection_id", "=", self.connection.id), ("entity", "=", "contact")]
        )
        sent = dt.datetime.fromisoformat(second["if_modified_since"])
        self.assertEqual(sent, cursor.last_updated - dt.timedelta(seconds=1), "the cursor, less a small overlap")

    def test_sync_with_no_changes_costs_one_call_per_entity_and_writes_nothing(self):
        self.connection._xero_sync()
        partners, _links = self.linked_partners()
        before = {p.id: p.write_date for p in partners}
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        calls = [r["path"] for r in self.emulator_requests() if r["path"].startswith("/api.xro")]
        # the contact groups too, read by a step of their own: no modified date to ask by;
        # quotes only once the connection makes quotes
        collections = sorted(
            e.collection for e in entities.all_entities() if (e.pull or e.own_step) and e.collection != "Quotes"
        )
        self.assertIn("ContactGroups", collections)
        self.assertEqual(sorted(calls), ["/api.xro/2.0/%s" % c for c in collections])
        partners.invalidate_recordset()
        self.assertEqual({p.id: p.write_date for p in partners}, before)

    def test_every_entity_synced_by_a_step_of_its_own_has_that_step_in_the_run(self):
        own = {e.name: e.own_step for e in entities.all_entities() if e.own_step}
        self.assertEqual(own, {"contact_group": "sync_contact_groups"})
        steps = dict(SyncRun(self.connection).steps())
        self.assertLessEqual(set(own.values()), set(steps))
        self.assertTrue(all(callable(step) for step in steps.values()), steps)

    def test_a_runs_steps_read_then_send_then_the_features_then_the_import_ends(self):
        self.connection.write({"invoice_news": True, "approve_invoices": True, "email_invoices": True})
        self.assertEqual(
            [name for name, _step in SyncRun(self.connection).steps()],
            [
                "pull_due_entities",
                "fetch_queued",
                "push_pending",
                "sync_contact_groups",
                "follow_overdue_invoices",
                "email_approved_invoices",
                "finish_import",
            ],
        )
        self.assertEqual(
            [name for name, _step in SyncRun(self.connection).steps(after_clicks=True)], ["email_approved_invoices"]
        )

    def test_a_feature_switched_off_is_no_step_of_the_run(self):
        self.connection.write({"invoice_news": False, "contact_groups": False, "email_invoices": False})
        self.assertEqual(
            [name for name, _step in SyncRun(self.connection).steps()],
            ["pull_due_entities", "fetch_queued", "push_pending", "finish_import"],
        )

    def test_changes_in_xero_reach_the_partner(self):
        self.connection._xero_sync()
        self.edit_in_xero("Bayside Club", EmailAddress="office@bayside.example")
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        self.assertEqual(partner.email, "office@bayside.example")
        self.assertEqual(len(partner), 1)

    def test_archived_in_xero_archives_the_partner(self):
        self.connection._xero_sync()
        self.edit_in_xero("Marine Systems", ContactStatus="ARCHIVED")
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Marine Systems")])
        self.assertTrue(partner.exists())
        self.assertFalse(partner.active)

    def test_existing_partner_with_the_ledger_code_is_linked_not_duplicated(self):
        existing = self.env["res.partner"].create({"name": "Bayside Sports Club", "ref": "BAY001"})
        self.connection._xero_sync()
        self.assertEqual(self.Partner.search_count([("ref", "=", "BAY001")]), 1)
        self.assertEqual(existing.name, "Bayside Club")

    def test_existing_partner_with_the_email_or_name_is_linked(self):
        by_email = self.env["res.partner"].create({"name": "Basket Case", "email": "ORDERS@basketcase.example"})
        by_name = self.env["res.partner"].create({"name": "city limousines"})
        self.connection._xero_sync()
        self.assertEqual(by_email._xero_links(self.connection).state, "synced")
        self.assertEqual(by_name._xero_links(self.connection).state, "synced")
        self.assertEqual(by_name.name, "City Limousines")
        self.assertEqual(self.Partner.search_count([("name", "=ilike", "city limousines")]), 1)

    def test_ambiguous_match_links_and_creates_nothing_and_says_why(self):
        twins = self.env["res.partner"].create([{"name": "Marine Systems"}, {"name": "MARINE SYSTEMS"}])
        self.connection._xero_sync()
        self.assertFalse(twins._xero_links(self.connection))
        self.assertEqual(self.Partner.search_count([("name", "=ilike", "marine systems")]), 2)
        failure = self.env["xero.sync.log.line"].search([("log_id.connection_id", "=", self.connection.id)])
        self.assertEqual(len(failure), 1)
        self.assertIn("choose in Matches to Review", failure.message)


@tagged("post_install", "-at_install")
class TestPaging(SyncCase):
    def setUp(self):
        super().setUp()
        # a second organisation of 1,001 contacts: two pages
        self.emulator_admin("POST", "reset")
        self.tenant_id = self.emulator_admin("POST", "seed", seed="contacts:1001")["tenant_id"]
        self.connection.action_reconnect()

    def test_several_pages_are_read_in_order(self):
        self.connection._xero_sync()
        partners, _links = self.linked_partners()
        self.assertEqual(len(partners), 1001)
        pages = self.api_requests()
        self.assertEqual(len(pages), 2)
        # by number, from the same point: each record is downloaded once
        self.assertIn("page=1", pages[0]["query"])
        self.assertIn("page=2", pages[1]["query"])
        self.assertEqual(pages[0]["if_modified_since"], pages[1]["if_modified_since"])

    def test_a_record_saved_in_xero_between_two_pages_is_not_skipped(self):
        """Saving records of page 1 moves them to the end of the UpdatedDateUTC order, and
        the records after them up onto page 1: a read of page 2 by number misses them."""
        first_five = [
            c["ContactID"] for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"][:5]
        ]
        self.emulator_admin("POST", "faults", kind="touch", path="/Contacts", method="GET", ids=first_five)
        self.connection._xero_sync()
        partners, _links = self.linked_partners()
        self.assertEqual(len(partners), 1001, "every contact arrived")
        self.assertEqual(len(self.api_requests()), 3, "read once more from page 1's newest: one page")

    def test_more_than_a_page_of_records_sharing_one_timestamp_are_all_read_once(self):
        self.emulator_admin("POST", "tenants/%s/stamp" % self.tenant_id, collection="Contacts")
        self.connection._xero_sync()
        partners, _links = self.linked_partners()
        self.assertEqual(len(partners), 1001)
        self.assertEqual(len(self.api_requests()), 2, "two pages, no endless re-reading")

    def test_a_server_answering_smaller_pages_than_asked_still_yields_every_record(self):
        """Paging ends when Xero's pagination says the last page was read, not at the first
        page shorter than the size asked for."""
        self.emulator_admin("POST", "paging", max_page_size=100)
        self.connection._xero_sync()
        partners, _links = self.linked_partners()
        self.assertEqual(len(partners), 1001)

    def test_failure_on_a_page_keeps_the_cursor_at_the_last_good_page_and_resumes(self):
        self.emulator_admin("POST", "faults", kind="503", path="/Contacts", after=1)
        self.connection._xero_sync()
        partners, links = self.linked_partners()
        self.assertEqual(len(partners), 1000, "the first page was kept")
        cursor = self.env["xero.sync.cursor"].search(
            [("connection_id", "=", self.connection.id), ("entity", "=", "contact")]
        )
        self.assertEqual(cursor.last_updated, max(links.mapped("xero_updated_date")))
        self.connection._xero_sync()
        partners, _links = self.linked_partners()
        self.assertEqual(len(partners), 1001)
        self.assertEqual(len(set(partners.mapped("name"))), 1001, "nothing imported twice")


@tagged("post_install", "-at_install")
class TestPush(SyncCase):
    def setUp(self):
        super().setUp()
        self.connection._xero_sync()

    def test_a_change_to_a_mapped_field_is_pushed_by_the_next_run(self):
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        partner.email = "accounts@bayside.example"
        link = partner._xero_links(self.connection)
        self.assertEqual(link.state, "pending")
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "accounts@bayside.example")
        push = self.api_requests("POST")[-1]
        self.assertIn("summarizeErrors=False", push["query"])
        self.assertTrue(push["idempotency_key"])

    def test_a_change_to_an_unmapped_field_is_not_pushed(self):
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        partner.comment = "Prefers phone calls"
        self.assertEqual(partner._xero_links(self.connection).state, "synced")

    def _pending_new_partners(self, count, **extra):
        partners = self.env["res.partner"].create(
            [dict({"name": "New Customer %03d" % i}, **extra) for i in range(count)]
        )
        self.env["xero.sync.link"].sudo().create(
            [
                {
                    "connection_id": self.connection.id,
                    "entity": "contact",
                    "res_model": "res.partner",
                    "res_id": partner.id,
                }
                for partner in partners
            ]
        )
        return partners

    def test_pushes_go_in_batches_of_fifty_and_each_result_lands_on_its_record(self):
        partners = self._pending_new_partners(60)
        partners[7].name = "Bayside Club"  # taken in Xero
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        batches = self.api_requests("PUT")
        self.assertEqual(len(batches), 2)
        links = partners._xero_links(self.connection)
        failed = links.filtered(lambda link: link.state == "error")
        self.assertEqual(failed.mapped("res_id"), [partners[7].id])
        self.assertIn("already assigned to another contact", failed.last_error)
        self.assertEqual(set((links - failed).mapped("state")), {"synced"})
        self.assertTrue(all((links - failed).mapped("xero_id")))

    def test_a_push_whose_answer_was_lost_is_retried_without_a_duplicate(self):
        partners = self._pending_new_partners(3)
        self.emulator_admin("POST", "faults", kind="drop", method="PUT", path="/Contacts")
        self.connection._xero_sync()
        links = partners._xero_links(self.connection)
        self.assertEqual(set(links.mapped("state")), {"pending"})
        self.assertTrue(all(links.mapped("last_error")), "the reason is shown on the records")
        self.connection._xero_sync()
        self.assertEqual(set(links.mapped("state")), {"synced"})
        for partner in partners:
            contacts = self.xero_contact(partner.name)
            self.assertEqual(len(contacts), 1, "no second contact in Xero")
            self.assertEqual(partner._xero_links(self.connection).xero_id, contacts[0]["ContactID"])
        self.assertEqual(
            self.Partner.search_count([("name", "=like", "New Customer %")]),
            3,
            "the next pull adopted the contacts instead of importing them again",
        )

    def test_a_lost_create_is_found_in_xero_even_after_xero_forgot_its_key(self):
        partners = self._pending_new_partners(2)
        # Xero keeps idempotency keys for minutes: this retry comes after it forgot them
        self.emulator_admin("POST", "idempotency", seconds=0)
        self.emulator_admin("POST", "faults", kind="drop", method="PUT", path="/Contacts")
        contact = entities.get("contact")
        run = SyncRun(self.connection)
        run.push(contact)
        run.push(contact)
        self.assertEqual(
            [r["method"] for r in self.emulator_writes("/Contacts")],
            ["PUT", "POST"],
            "the second push updates what the first made instead of creating again",
        )
        links = partners._xero_links(self.connection)
        self.assertEqual(set(links.mapped("state")), {"synced"})
        for partner in partners:
            self.assertEqual(len(self.xero_contact(partner.name)), 1)

    def test_a_new_customer_named_like_an_unlinked_xero_contact_leaves_that_contact_alone(self):
        """Xero's POST /Contacts updates the contact that has the name; the connector
        creates with PUT, which Xero refuses, so the contact's details stay as they are."""
        before = self.xero_contact("Bayside Club")[0]
        partner = self.Partner.create(
            {"name": "Bayside Club", "email": "someone.else@example.com", "phone": "09 999 9999", "is_company": True}
        )
        link = partner._xero_ensure_links(self.connection)
        SyncRun(self.connection).push(entities.get("contact"))
        self.assertEqual(link.state, "error")
        self.assertIn("already assigned to another contact", link.last_error)
        self.assertFalse(link.xero_id)
        after = self.xero_contact("Bayside Club")[0]
        self.assertEqual(
            (after.get("EmailAddress"), after.get("Phones")), (before.get("EmailAddress"), before.get("Phones"))
        )
        self.assertEqual([r["method"] for r in self.emulator_writes("/Contacts")], ["PUT"])


@tagged("post_install", "-at_install")
class TestRateLimitsAndConflicts(SyncCase):
    def test_rate_limit_defers_the_run_to_the_right_time(self):
        self.emulator_admin("POST", "faults", kind="429", retry_after=120, limit="day", path="/Contacts")
        before = self.env.cr.now()
        self.connection._xero_sync()
        trigger = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.connection.cron_id.id)], order="id desc", limit=1
        )
        self.assertGreaterEqual(trigger.call_at, before + dt.timedelta(seconds=110))
        log = self.env["xero.sync.log"].search([("connection_id", "=", self.connection.id)], limit=1)
        self.assertEqual(log.outcome, "deferred")
        self.assertEqual(self.connection.state, "connected")

    def test_a_rate_limit_during_the_push_is_logged_as_a_deferred_push(self):
        self.connection._xero_sync()
        self.Partner.search([("name", "=", "Bayside Club")]).phone = "04 000 0000"
        self.emulator_admin("POST", "faults", kind="429", retry_after=120, limit="day", path="/Contacts", method="POST")
        self.connection._xero_sync()
        log = self.env["xero.sync.log"].search([("connection_id", "=", self.connection.id)], limit=1)
        self.assertEqual((log.outcome, log.direction), ("deferred", "push"))

    def test_revoked_authorisation_stops_the_run_and_disconnects(self):
        self.connection.auth_mode = "oauth"  # an app connection whose refresh token is gone
        self.connection._xero_secrets().write({"expires_at": 0.0, "refresh_token": False})
        self.connection._xero_sync()
        self.connection.invalidate_recordset()
        self.assertEqual(self.connection.state, "disconnected")
        self.assertIn("Reconnect", self.connection.last_error)

    def test_quota_headers_are_recorded(self):
        self.connection._xero_sync()
        self.assertEqual(self.connection.api_day_remaining, 5000 - len(self.emulator_requests(tenant=self.tenant_id)))

    def _both_change_email(self):
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        partner.email = "odoo@bayside.example"
        self.edit_in_xero("Bayside Club", EmailAddress="xero@bayside.example")
        return partner

    def test_conflict_xero_wins_by_default(self):
        partner = self._both_change_email()
        self.connection._xero_sync()
        self.assertEqual(partner.email, "xero@bayside.example")
        self.assertEqual(partner._xero_links(self.connection).state, "synced")
        self.assertTrue(
            any("Changed in Odoo and in Xero" in str(body) for body in partner.message_ids.mapped("body")),
            "the conflict is logged on the partner",
        )

    def test_conflict_odoo_wins_pushes_odoo_value(self):
        self.connection.conflict_policy = "odoo"
        partner = self._both_change_email()
        self.connection._xero_sync()
        self.assertEqual(partner.email, "odoo@bayside.example")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "odoo@bayside.example")

    def test_conflict_flagged_for_review_keeps_both(self):
        self.connection.conflict_policy = "review"
        partner = self._both_change_email()
        self.connection._xero_sync()
        link = partner._xero_links(self.connection)
        self.assertEqual(link.state, "conflict")
        self.assertEqual(partner.email, "odoo@bayside.example")
        self.assertEqual(link.conflict_values, {"email": "xero@bayside.example"}, "Xero's side waits")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "xero@bayside.example")


@tagged("post_install", "-at_install")
class TestSyncLogRetention(SyncCase):
    def test_logs_older_than_the_retention_are_pruned(self):
        self.connection._xero_sync()
        logs = self.env["xero.sync.log"].search([("connection_id", "=", self.connection.id)])
        old, recent = logs[0], logs[1:]
        self.env.cr.execute("UPDATE xero_sync_log SET create_date = now() - interval '40 days' WHERE id = %s", [old.id])
        self.env["ir.config_parameter"].set_param("xero_connector.log_retention_days", "30")
        self.env["xero.sync.log"]._gc_xero_sync_logs()
        self.assertFalse(old.exists())
        self.assertEqual(recent.exists(), recent)


@tagged("post_install", "-at_install")
class TestConcurrentPushesInRealTransactions(XeroRealTransactionCase):
    def test_two_workers_never_push_the_same_record(self):
        def prepare(env):
            connection = self.only_connection(env)
            partners = env["res.partner"].create([{"name": "Concurrent %03d" % i} for i in range(80)])
            env["xero.sync.link"].sudo().create(
                [
                    {"connection_id": connection.id, "entity": "contact", "res_model": "res.partner", "res_id": p.id}
                    for p in partners
                ]
            )
            return connection.id, partners.ids

        connection_id, partner_ids = self.committed(prepare)

        def cleanup(env):
            env["xero.connection"].browse(connection_id).unlink()
            env["res.partner"].browse(partner_ids).unlink()

        self.addCleanup(self.committed, cleanup)
        barrier = threading.Barrier(2)

        def push_one_batch(env):
            connection = env["xero.connection"].browse(connection_id)
            return SyncRun(connection).push(entities.get("contact"))

        def worker():
            with self.registry.cursor() as cr:
                env = self.env(cr=cr)
                env["xero.connection"].browse(connection_id)._xero_client()
                barrier.wait(timeout=10)
                push_one_batch(env)

        self.assertEqual(self.run_concurrently(worker), [])

        def states(env):
            return set(env["xero.sync.link"].sudo().search([("connection_id", "=", connection_id)]).mapped("state"))

        self.assertEqual(self.committed(states) - {"synced", "pending"}, set(), "no push was refused as a duplicate")
        while self.committed(push_one_batch):  # pushes only: a full sync would commit pulled contacts
            pass
        names = [
            c["Name"]
            for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
            if c["Name"].startswith("Concurrent ")
        ]
        self.assertEqual(len(names), len(set(names)), "no record was pushed twice")
        self.assertEqual(len(names), 80)
        self.assertEqual(self.committed(states), {"synced"})


@tagged("post_install", "-at_install")
class TestImmediatePush(SyncCase):
    def test_push_now_sends_after_commit_and_notifies(self):
        partner = self.env["res.partner"].create({"name": "Immediate Ltd", "email": "hi@immediate.example"})
        links = partner._xero_push_now(self.connection)
        self.assertFalse(self.xero_contact("Immediate Ltd"), "nothing is sent before the commit")
        self.run_after_commit()
        links.invalidate_recordset()
        self.assertEqual(links.state, "synced")
        self.assertEqual(self.xero_contact("Immediate Ltd")[0]["ContactID"], links.xero_id)
        notification = self.env["bus.bus"].search([], order="id desc", limit=1)
        self.assertIn("Sent to Xero", notification.message)

    def test_push_now_of_more_than_a_batch_is_left_to_the_routine_sync_in_batches_of_fifty(self):
        self.connection.push_new_customers = False
        partners = self.env["res.partner"].create([{"name": "Bulk %03d" % i} for i in range(60)])
        self.emulator_admin("DELETE", "requests")
        partners._xero_push_now(self.connection)
        self.run_after_commit()
        self.assertFalse(self.api_requests("PUT"), "not from the user's request")
        self.env["xero.connection"]._cron_xero_sync()
        posts = self.api_requests("PUT")
        self.assertEqual(len(posts), 2)
        self.assertEqual(set(partners._xero_links(self.connection).mapped("state")), {"synced"})

    def test_push_now_when_xero_is_down_leaves_it_pending_with_the_reason(self):
        partner = self.env["res.partner"].create({"name": "Outage Ltd"})
        self.emulator_admin("POST", "faults", kind="503", path="/Contacts")
        links = partner._xero_push_now(self.connection)
        self.run_after_commit()
        links.invalidate_recordset()
        self.assertEqual(links.state, "pending")
        self.assertIn("unavailable", links.last_error)
        self.connection._xero_sync()
        self.assertEqual(links.state, "synced")
        self.assertEqual(len(self.xero_contact("Outage Ltd")), 1)

    def test_daily_reserve_stops_routine_sync_but_not_clicks(self):
        self.connection.daily_api_reserve = 4998
        self.connection._xero_sync()  # 1 call: 4998 left, the reserve
        log = self.env["xero.sync.log"].search([("connection_id", "=", self.connection.id)], limit=1)
        self.assertEqual(log.outcome, "deferred")
        partner = self.env["res.partner"].create({"name": "Click Ltd"})
        links = partner._xero_push_now(self.connection)
        self.run_after_commit()
        links.invalidate_recordset()
        self.assertEqual(links.state, "synced", "an interactive push may use the reserve")

    def test_conflict_buttons_take_either_side(self):
        partner, link = self.conflicting_email_edits()
        link.action_xero_take_xero()
        self.assertEqual((partner.email, link.state), ("xero@bayside.example", "synced"))


@tagged("post_install", "-at_install")
class TestRollbackInRealTransactions(XeroRealTransactionCase):
    def test_a_rolled_back_transaction_sends_nothing(self):
        with self.registry.cursor() as cr:
            env = self.env(cr=cr)
            connection = self.only_connection(env)
            env["res.partner"].create({"name": "Rolled Back Ltd"})._xero_push_now(connection)
            cr.rollback()
        self.assertFalse(self.emulator_writes("/Contacts"))
        self.assertFalse(self.xero_contact("Rolled Back Ltd"))

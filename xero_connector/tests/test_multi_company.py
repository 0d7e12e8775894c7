"""Two companies connected to two organisations at once: every record, action and log
stays within its company, and one company's users cannot act on the other's connection."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import XeroTransactionCase


@tagged("post_install", "-at_install")
class TestTwoCompanies(XeroTransactionCase):
    def setUp(self):
        super().setUp()
        self.company_a = self.env.company
        self.company_b = self.env["res.company"].create({"name": "Second Company"})
        self.tenant_b = self.emulator_admin("POST", "seed", seed="demo", name="Second Org Ltd")["tenant_id"]
        self.emulator_admin("POST", "custom-connection", tenant_id=self.tenant_id)
        self.connection_a = self.make_connection("custom", company=self.company_a)
        self.connection_a.action_connect()
        self.connection_b = self.make_connection("oauth", company=self.company_b)
        self.complete_oauth(self.connection_b)
        self.connection_b.tenant_option_ids.filtered(lambda o: o.tenant_id == self.tenant_b).action_xero_select()
        for connection in self.connection_a | self.connection_b:
            connection.write({"push_new_customers": False, "push_confirmed_orders": False})
            connection._xero_sync()
        groups = "sales_team.group_sale_salesman"
        self.user_a = new_test_user(
            self.env, "sales_a", groups=groups, company_id=self.company_a.id, company_ids=[self.company_a.id]
        )
        self.user_b = new_test_user(
            self.env, "sales_b", groups=groups, company_id=self.company_b.id, company_ids=[self.company_b.id]
        )

    def test_each_company_syncs_its_own_organisation(self):
        self.assertEqual(self.connection_b.tenant_name, "Second Org Ltd")
        for connection, company in ((self.connection_a, self.company_a), (self.connection_b, self.company_b)):
            links = self.env["xero.sync.link"].search(
                [("connection_id", "=", connection.id), ("entity", "=", "contact")]
            )
            partners = self.env["res.partner"].browse(links.mapped("res_id"))
            self.assertEqual(partners.company_id, company, "imported customers belong to their company")
            transactions = self.env["xero.sales.transaction"].search([("connection_id", "=", connection.id)])
            self.assertTrue(transactions)
            self.assertEqual(
                transactions.partner_id,
                transactions.partner_id.filtered(lambda p, company=company: p.company_id == company),
            )

    def test_users_see_only_their_company(self):
        for user, own, other in (
            (self.user_a, self.connection_a, self.connection_b),
            (self.user_b, self.connection_b, self.connection_a),
        ):
            env = self.env(user=user)
            self.assertEqual(env["xero.connection"].search([]), own.with_env(env))
            self.assertFalse(env["xero.sync.link"].search([("connection_id", "=", other.id)]))
            self.assertFalse(env["xero.sales.transaction"].search([("connection_id", "=", other.id)]))
            imported = (
                self.env["xero.sync.link"]
                .search([("connection_id", "=", other.id), ("entity", "=", "contact")])
                .mapped("res_id")
            )
            self.assertFalse(env["res.partner"].search([("id", "in", imported)]), "the other's customers")
            with self.assertRaises(AccessError):
                other.with_env(env).read(["state"])

    def test_a_partner_exported_in_company_b_goes_to_company_b_organisation(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.user_b)
            .with_company(self.company_b)
            .create({"name": "Only In B Ltd", "is_company": True})
        )
        wizard = (
            self.env["xero.partner.export"]
            .with_user(self.user_b)
            .with_company(self.company_b)
            .with_context(default_partner_id=partner.id)
            .create({})
        )
        wizard.action_export()
        self.env.flush_all()
        self.env.cr.postcommit.run()
        self.env.invalidate_all()
        contacts_b = self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_b)["Contacts"]
        contacts_a = self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
        self.assertIn("Only In B Ltd", [c["Name"] for c in contacts_b])
        self.assertNotIn("Only In B Ltd", [c["Name"] for c in contacts_a])
        self.assertEqual(partner._xero_links().connection_id, self.connection_b)

    def company_b_record_of_each_model(self):
        """A record of company B in every stored model of the addon: what its sync made,
        and the rest made here as its administrators or Xero would make them."""
        env, connection = self.env, self.connection_b
        partner = env["res.partner"].search([("company_id", "=", self.company_b.id)], limit=1)
        review = env["xero.sync.review"].create(
            {
                "connection_id": connection.id,
                "entity": "contact",
                "res_model": "res.partner",
                "xero_id": "review-b",
                "name": "Review B",
                "candidate_ids": [(0, 0, {"res_id": partner.id, "name": partner.name})],
            }
        )
        option = env["xero.tracking.option"].create(
            {"connection_id": connection.id, "xero_id": "option-b", "category": "Region", "name": "North"}
        )
        rule = env["xero.tracking.rule"].create(
            {
                "connection_id": connection.id,
                "category": "Region",
                "source": "user",
                "mapping_ids": [(0, 0, {"user_id": self.user_b.id, "option_id": option.id})],
            }
        )
        quote = env["xero.quote"].create(
            {"connection_id": connection.id, "xero_id": "quote-b", "line_ids": [(0, 0, {"description": "B"})]}
        )
        connection._xero_refresh_accounts()
        group = env["account.tax.group"].create(
            {"name": "GST", "company_id": self.company_b.id, "country_id": self.env.ref("base.nz").id}
        )
        tax = env["account.tax"].create(
            {
                "name": "GST B",
                "amount": 15,
                "company_id": self.company_b.id,
                "tax_group_id": group.id,
                "country_id": self.env.ref("base.nz").id,
            }
        )
        env["xero.tax.mapping"].create({"connection_id": connection.id, "tax_id": tax.id, "xero_tax_type": "OUTPUT2"})
        sales_b = env["account.account"].create(
            {"code": "200", "name": "Sales B", "account_type": "income", "company_ids": [(6, 0, self.company_b.ids)]}
        )
        env["xero.account.mapping"].create(
            {"connection_id": connection.id, "account_id": sales_b.id, "xero_account_code": "200"}
        )
        env["xero.branding.theme"].create({"connection_id": connection.id, "xero_id": "theme-b", "name": "B"})
        env["xero.connection.tenant"].create({"connection_id": connection.id, "name": "B", "tenant_id": "tenant-b"})
        env["xero.sync.queue"].create({"connection_id": connection.id, "entity": "contact", "xero_id": "queued-b"})
        env["xero.webhook.delivery"]._xero_take(connection, "b" * 64, checks_address=True)
        env["xero.sync.log.line"].create(
            {"log_id": env["xero.sync.log"].search([("connection_id", "=", connection.id)], limit=1).id}
        )
        env.flush_all()
        return review, rule, quote

    def test_no_xero_record_of_company_b_is_seen_or_written_from_company_a(self):
        """Every stored xero.* model carries its company and a rule that keeps it there:
        even a system administrator of company A (rules, not access rights, stop them)
        finds none of company B's records, and cannot write one."""
        self.company_b_record_of_each_model()
        admin_a = new_test_user(
            self.env,
            "system_admin_a",
            groups="base.group_system,sales_team.group_sale_manager,xero_connector.group_xero_manager",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        models = [
            name
            for name in self.env.registry
            if name.startswith("xero.") and not self.env[name]._abstract and not self.env[name]._transient
        ]
        self.assertGreaterEqual(len(models), 24)
        for name in models:
            with self.subTest(model=name):
                Model = self.env[name]
                field = Model._fields.get("company_id")
                # a report's view has no index of its own: its table's company is indexed
                self.assertTrue(field and field.store and (field.index or not Model._auto), "a stored, indexed company")
                rules = self.env["ir.rule"].search([("model_id.model", "=", name), ("groups", "=", False)])
                self.assertTrue(
                    any("company_ids" in rule.domain_force for rule in rules), "a company rule for everyone"
                )
                theirs = Model.with_context(active_test=False).search([("company_id", "=", self.company_b.id)])
                self.assertTrue(theirs, "company B has one to hide")
                seen = Model.with_user(admin_a).with_context(active_test=False).search([])
                self.assertFalse(seen & theirs.with_user(admin_a))
                with self.assertRaises(AccessError):
                    theirs.with_user(admin_a).write({})

    def test_a_connection_and_its_records_stay_with_their_company(self):
        with self.assertRaisesRegex(UserError, "stays with the company"):
            self.connection_b.write({"company_id": self.company_a.id})
        link = self.env["xero.sync.link"].search([("connection_id", "=", self.connection_b.id)], limit=1)
        with self.assertRaisesRegex(UserError, "cannot move"):
            link.write({"connection_id": self.connection_a.id})
        self.assertEqual(link.company_id, self.company_b)
        theme_b = self.env["xero.branding.theme"].create(
            {"connection_id": self.connection_b.id, "xero_id": "theme-b", "name": "B's theme"}
        )
        with self.assertRaises(UserError):
            self.connection_a.branding_theme_id = theme_b

    def test_own_documents_salespeople_see_the_xero_copies_of_their_own_documents_only(self):
        transactions = self.env["xero.sales.transaction"].search([("connection_id", "=", self.connection_a.id)])
        mine, theirs = transactions[:1], transactions[1:2]
        other = new_test_user(self.env, "other_sales_a", groups="sales_team.group_sale_salesman")
        mine.user_id = self.user_a
        theirs.user_id = other
        visible = self.env["xero.sales.transaction"].with_user(self.user_a).search([])
        self.assertIn(mine.id, visible.ids)
        self.assertNotIn(theirs.id, visible.ids, "another salesperson's")
        lines = self.env["xero.sales.transaction.line"].with_user(self.user_a).search([])
        self.assertFalse(lines.filtered(lambda line: line.transaction_id.id == theirs.id))
        manager = new_test_user(
            self.env,
            "all_docs_a",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        self.assertIn(theirs.id, self.env["xero.sales.transaction"].with_user(manager).search([]).ids)

    def test_xero_figures_on_partners_are_for_xero_users(self):
        employee = new_test_user(self.env, "employee_a", groups="base.group_user", company_id=self.company_a.id)
        partner = self.env["res.partner"].search(
            [("name", "=", "Bayside Club"), ("company_id", "=", self.company_a.id)]
        )
        with self.assertRaises(AccessError):
            partner.with_user(employee).read(["xero_outstanding"])
        self.assertIn("xero_outstanding", partner.with_user(self.user_a).read(["xero_outstanding"])[0])

    def test_sync_logs_stay_within_their_company(self):
        admin_a = new_test_user(
            self.env,
            "xero_admin_a",
            groups="xero_connector.group_xero_manager",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        logs = self.env["xero.sync.log"].with_user(admin_a).search([])
        self.assertTrue(logs)
        self.assertEqual(logs.connection_id, self.connection_a.with_user(admin_a))


@tagged("post_install", "-at_install")
class TestOneAccountantTwoCompanies(XeroTransactionCase):
    """One accountant signed in to Xero connects two Odoo companies, each to its own
    organisation: in Xero both are connections of the same user to the app."""

    def setUp(self):
        super().setUp()
        self.tenant_b = self.emulator_admin("POST", "seed", seed="demo", name="Second Org Ltd")["tenant_id"]
        self.company_b = self.env["res.company"].create({"name": "Second Company"})
        self.connection_a = self.connect(self.env.company, self.tenant_id)
        self.connection_b = self.connect(self.company_b, self.tenant_b)

    def connect(self, company, tenant_id):
        connection = self.make_connection("oauth", company=company)
        self.complete_oauth(connection)
        connection.tenant_option_ids.filtered(lambda o: o.tenant_id == tenant_id).action_xero_select()
        self.assertEqual(connection.state, "connected")
        return connection

    def test_disconnecting_one_company_leaves_the_other_syncing(self):
        self.connection_a.action_disconnect()
        self.assertEqual(self.connection_a.state, "disconnected")
        self.assertFalse(self.emulator_requests(path="/connect/revocation"), "not revoked: B still uses it")
        self.assertTrue(self.connection_b._xero_sync(), "the second company's run goes to the end")
        self.assertEqual(self.connection_b.state, "connected")
        links = self.env["xero.sync.link"].search([("connection_id", "=", self.connection_b.id)])
        self.assertTrue(links, "the second organisation's customers came in")
        self.connection_b.action_disconnect()
        self.assertEqual(len(self.emulator_requests(path="/connect/revocation")), 1, "the last one revokes")
        grants = self.emulator_admin("GET", "grants")["grants"]
        self.assertEqual({tuple(g["tenant_ids"]) for g in grants}, {()}, "nothing of the app is left in Xero")

"""Who may call what, as the web client calls it: every public method of the addon's
models, over JSON-RPC (``/web/dataset/call_kw``), by a salesperson, a plain employee, a
portal user, a Xero user without sales rights and a Xero administrator, with an OAuth
connection to the emulator. A method the caller's role does not allow is refused
before anything reaches Xero; one it allows may reach Xero, and never fails with
anything but a message meant for a person."""

import inspect
import os

from odoo.tests import new_test_user, tagged

from odoo.addons.xero_connector.access import ROLE_GROUPS, XERO_ADMIN, XERO_USER, declared_role
from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES

from .common import XeroHttpCase

ADDON = "odoo.addons.xero_connector."
# Odoo's own methods the addon extends: who may call them is Odoo's access rights on the
# model; what they send to Xero goes through the sync (``_xero_push_now`` sends at once
# only for a Xero user; the routine sync sends the rest)
ODOO_OWN = {"create", "write", "unlink", "action_confirm"}
# what a method may answer a caller it allows: a message for a person, never a crash
MESSAGES = {
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
}
# last: what ends the connection for the calls after it
CALLED_LAST = ("action_xero_select", "action_reconnect", "action_connect", "action_disconnect")


def addon_public_methods(env):
    """{(model, method): [the addon's functions of that name, one per class defining it]}
    for every public method an addon class defines on a model of the registry."""
    found = {}
    for model_name in sorted(env.registry):
        model_class = type(env[model_name])
        if model_class._abstract:
            continue  # a mixin's methods are walked on the models that inherit it
        for cls in model_class.__mro__:
            if not cls.__module__.startswith(ADDON):
                continue
            for name, function in vars(cls).items():
                if name.startswith("_") or not inspect.isfunction(function):
                    continue
                if getattr(function, "_api_private", False):
                    continue
                found.setdefault((model_name, name), []).append(function)
    return found


SECURITY_DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "security.md")
# each role's cells: salesperson, Xero user, Xero administrator, system administrator
CELLS = {
    XERO_USER: ("yes", "yes, on records Odoo lets them change", "yes", "yes"),
    XERO_ADMIN: ("no", "no", "yes", "yes"),
}
ROLE_WORDS = {XERO_USER: "Xero user", XERO_ADMIN: "Xero administrator"}


def roles_table(env):
    """The security doc's table of who may call what, made from the methods' declarations:
    one row per model and role."""
    rows = {}
    for (model, method), functions in addon_public_methods(env).items():
        if method in ODOO_OWN:
            continue
        rows.setdefault((model, declared_role(functions[0])), []).append(method)
    lines = [
        "| model: methods | role | salesperson | Xero user | Xero administrator | system administrator |",
        "|---|---|---|---|---|---|",
    ]
    for (model, role), methods in sorted(rows.items()):
        called = ", ".join("`%s`" % method for method in sorted(methods))
        lines.append("| `%s`: %s | %s | %s |" % (model, called, ROLE_WORDS[role], " | ".join(CELLS[role])))
    return lines


def is_model_method(function):
    return getattr(function, "_api", None) == "model" or getattr(function, "_api_model", False)


@tagged("post_install", "-at_install")
class TestEveryMethodDeclaresItsRole(XeroHttpCase):
    def test_every_public_method_of_the_addon_names_its_role_or_is_odoos_own(self):
        undeclared = sorted(
            "%s.%s" % key
            for key, functions in addon_public_methods(self.env).items()
            if key[1] not in ODOO_OWN and not all(declared_role(function) for function in functions)
        )
        self.assertEqual(undeclared, [], "public methods without @xero_role")

    def test_the_security_doc_says_who_may_call_what_as_the_code_declares_it(self):
        with open(SECURITY_DOC, encoding="utf-8") as handle:
            text = handle.read()
        table = text.split("<!-- roles-table -->")[1].split("<!-- /roles-table -->")[0]
        expected = roles_table(self.env)
        self.assertEqual(table.strip().splitlines(), expected, "docs/security.md:\n" + "\n".join(expected))

    def test_system_administrators_administer_xero(self):
        system = new_test_user(self.env, "walk_system", groups="base.group_system")
        self.assertTrue(system.has_group(ROLE_GROUPS[XERO_ADMIN]))


@tagged("post_install", "-at_install")
class TestEveryMethodOverJsonRpc(XeroHttpCase):
    def setUp(self):
        super().setUp()
        second = self.emulator_admin("POST", "seed", seed="demo", name="Second Org Ltd")["tenant_id"]
        self.connection = self.make_connection("oauth")
        self.complete_oauth(self.connection)
        self.connection.tenant_option_ids.filtered(lambda o: o.tenant_id == self.tenant_id).action_xero_select()
        self.connection.write({"push_new_customers": False, "push_confirmed_orders": False})
        self.connection._xero_sync()
        password = "access-walk-pw"
        self.users = {
            "salesperson": new_test_user(
                self.env, "walk_sales", password=password, groups="sales_team.group_sale_salesman"
            ),
            "employee": new_test_user(self.env, "walk_employee", password=password, groups="base.group_user"),
            "portal": new_test_user(self.env, "walk_portal", password=password, groups="base.group_portal"),
            "xero user": new_test_user(
                self.env, "walk_xero_user", password=password, groups="base.group_user,xero_connector.group_xero_user"
            ),
            "xero administrator": new_test_user(
                self.env,
                "walk_xero_admin",
                password=password,
                groups="sales_team.group_sale_salesman_all_leads,xero_connector.group_xero_manager",
            ),
        }
        self.password = password
        self.records = self.fixtures(second)

    def fixtures(self, second_tenant):
        """A record of every model the walk reaches, as the people calling would meet it."""
        env, connection = self.env, self.connection
        salesperson = self.users["salesperson"]
        partner = env["res.partner"].search([("name", "=", "Bayside Club")])
        product = env["product.product"].search([("default_code", "=", "LAMP-LED")])
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": salesperson.id,
                "order_line": [(0, 0, {"product_id": product.id, ORDER_LINE_TAXES: [(5, 0, 0)]})],
            }
        )
        order.action_confirm()
        lead = env["crm.lead"].create(
            {"name": "Walk", "type": "opportunity", "partner_id": partner.id, "user_id": salesperson.id}
        )
        review = env["xero.sync.review"].create(
            {
                "connection_id": connection.id,
                "entity": "contact",
                "res_model": "res.partner",
                "xero_id": "00000000-0000-0000-0000-00000000beef",
                "name": "Bayside",
                "xero_values": {"name": "Bayside"},
                "candidate_ids": [(0, 0, {"res_id": partner.id, "name": partner.name})],
            }
        )
        tenant = env["xero.connection.tenant"].create(
            {"connection_id": connection.id, "name": "Second Org Ltd", "tenant_id": second_tenant}
        )
        export = env["xero.partner.export"].with_context(default_partner_id=partner.id).create({})
        link_wizard = env["xero.partner.link"].create({"partner_id": partner.id, "search": "Bayside"})
        line = env["xero.partner.link.line"].create(
            {"link_id": link_wizard.id, "xero_id": partner._xero_links(connection).xero_id, "name": partner.name}
        )
        connection._xero_refresh_accounts()
        account = env["xero.account"].search([("connection_id", "=", connection.id)], limit=1)
        return {
            "xero.connection": connection,
            "xero.connection.tenant": tenant,
            "xero.sync.link": partner._xero_links(connection),
            "xero.sync.review": review,
            "xero.sync.review.candidate": review.candidate_ids,
            "xero.tracking.rule": env["xero.tracking.rule"].create(
                {"connection_id": connection.id, "category": "Region"}
            ),
            "res.partner": partner,
            "product.product": product,
            "product.template": product.product_tmpl_id,
            "sale.order": order,
            "crm.lead": lead,
            "xero.sales.transaction": env["xero.sales.transaction"].search([], limit=1),
            "xero.purchase.order": env["xero.purchase.order"].search([], limit=1),
            "xero.quote": env["xero.quote"].search([], limit=1)
            or env["xero.quote"].create({"connection_id": connection.id, "xero_id": "quote-of-the-walk"}),
            "res.config.settings": env["res.config.settings"].create({}),
            "xero.partner.export": export,
            "xero.partner.link": link_wizard,
            "xero.partner.link.line": line,
            "xero.lead.invoice": env["xero.lead.invoice"].create({"lead_id": lead.id, "account_id": account.id}),
        }

    def call(self, model, method, args):
        return self.call_kw(model, method, *args)

    def walk(self):
        """Each (model, method, role, arguments) the web client could call."""
        methods = addon_public_methods(self.env)

        def last(key):
            return (CALLED_LAST.index(key[1]) if key[1] in CALLED_LAST else -1, key)

        for model, method in sorted(methods, key=last):
            if method in ODOO_OWN:
                continue
            functions = methods[(model, method)]
            self.assertIn(model, self.records, "the walk has no %s to call %s on" % (model, method))
            record = self.records[model]
            self.assertTrue(record, "the walk's %s is missing" % model)
            args = [["id"]] if is_model_method(functions[0]) else [record.ids]
            yield model, method, declared_role(functions[0]), args

    def walk_as(self, who):
        """Call every method as ``who``; returns what each call did: refused (by which
        error), allowed (its error, if any), and whether Xero heard of it."""
        user = self.users[who]
        self.authenticate(user.login, self.password)
        outcomes = []
        with self.post_commit_hooks_run():
            for model, method, role, args in self.walk():
                self.emulator_admin("DELETE", "requests")
                answer = self.call(model, method, args)
                error = answer.get("error", {}).get("data", {})
                reached_xero = bool(self.emulator_admin("GET", "requests")["requests"])
                outcomes.append((model, method, role, error.get("name"), error.get("message", ""), reached_xero))
        return outcomes

    def assert_refused_unless_allowed(self, who, roles_held):
        for model, method, role, error, message, reached_xero in self.walk_as(who):
            with self.subTest(who=who, call="%s.%s" % (model, method)):
                if role in roles_held:
                    self.assertTrue(error is None or error in MESSAGES, "%s: %s" % (error, message))
                else:
                    self.assertEqual(error, "odoo.exceptions.AccessError", message)
                    self.assertFalse(reached_xero, "refused, yet Xero was called")

    def test_a_salesperson_uses_the_xero_buttons_and_nothing_of_the_administrators(self):
        self.assertTrue(self.users["salesperson"].has_group(ROLE_GROUPS[XERO_USER]))
        self.assert_refused_unless_allowed("salesperson", {XERO_USER})

    def test_a_plain_employee_reaches_nothing_of_xero(self):
        self.assert_refused_unless_allowed("employee", set())

    def test_a_portal_user_reaches_nothing_of_xero(self):
        self.assert_refused_unless_allowed("portal", set())

    def test_a_xero_user_without_sales_rights_acts_only_where_odoo_lets_them(self):
        self.assert_refused_unless_allowed("xero user", {XERO_USER})

    def test_a_xero_administrator_is_refused_nothing_for_want_of_a_role(self):
        for model, method, _role, error, message, _reached in self.walk_as("xero administrator"):
            with self.subTest(call="%s.%s" % (model, method)):
                self.assertTrue(error is None or error in MESSAGES, "%s: %s" % (error, message))
                self.assertNotIn("Only Xero", message)
        self.assertEqual(self.connection.state, "disconnected", "the walk went as far as Disconnect")

    def test_nothing_an_employee_saves_calls_xero_on_their_behalf(self):
        """Odoo's own saves by someone with no Xero role: the routine sync sends them."""
        self.connection.write({"push_new_customers": True, "push_changes_now": True})
        new_test_user(
            self.env, "walk_contacts", password=self.password, groups="base.group_user,base.group_partner_manager"
        )
        self.authenticate("walk_contacts", self.password)
        self.emulator_admin("DELETE", "requests")
        with self.post_commit_hooks_run():
            created = self.call("res.partner", "create", [{"name": "Walk-in Ltd", "is_company": True}])
        self.assertIn("result", created, created)
        self.assertFalse(self.emulator_admin("GET", "requests")["requests"])
        partner = self.env["res.partner"].browse(created["result"])
        self.assertEqual(partner._xero_links(self.connection).state, "pending", "the routine sync sends it")

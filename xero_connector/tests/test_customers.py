"""Customers: partners and Xero contacts, every field both ways, matching, the partner
form's actions and bad input, over real HTTP against the emulator."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SyncCase

NZ_ADDRESS = {"street": "12 Marine Parade", "city": "Wellington", "zip": "6011"}


@tagged("post_install", "-at_install")
class CustomerCase(SyncCase):
    def setUp(self):
        super().setUp()
        self.nz = self.env.ref("base.nz")
        self.aud = self.env.ref("base.AUD")
        self.aud.active = True

    def xero_contact_by_id(self, contact_id):
        return self.connection._xero_client().accounting_json(self.tenant_id, "get_contact", contact_id)["Contacts"][0]

    def link_of(self, partner):
        return partner._xero_links(self.connection)

    def full_customer(self, **values):
        """A company with every mapped field filled in, as a salesperson would."""
        pricelist = self.env["product.pricelist"].create({"name": "Australia", "currency_id": self.aud.id})
        company = self.env["res.partner"].create(
            dict(
                {
                    "name": "Harbour Lights Ltd",
                    "is_company": True,
                    "email": "accounts@harbour.example",
                    "phone": "04 555 0200",
                    "xero_mobile": "021 555 0201",
                    "vat": "111-222-333",
                    "ref": "HAR001",
                    "xero_tax_type": "OUTPUT2",
                    "property_product_pricelist": pricelist.id,
                    "country_id": self.nz.id,
                    **NZ_ADDRESS,
                },
                **values,
            )
        )
        main, *others = self.env["res.partner"].create(
            [
                {"name": "Ana Ngata", "parent_id": company.id, "type": "contact", "email": "ana@harbour.example"},
                {"name": "Bo Li", "parent_id": company.id, "type": "contact", "email": "bo@harbour.example"},
                {"name": "Cy Tane", "parent_id": company.id, "type": "contact"},
            ]
        )
        self.env["res.partner"].create(
            [
                {
                    "name": "Accounts",
                    "parent_id": company.id,
                    "type": "invoice",
                    "street": "PO Box 99",
                    "city": "Wellington",
                    "zip": "6140",
                    "country_id": self.nz.id,
                },
                {
                    "parent_id": company.id,
                    "type": "delivery",
                    "street": "3 Wharf Road",
                    "city": "Lower Hutt",
                    "country_id": self.nz.id,
                },
            ]
        )
        company.xero_contact_person_id = main
        return company


@tagged("post_install", "-at_install")
class TestMappingBothWays(CustomerCase):
    def test_every_field_goes_to_xero(self):
        partner = self.full_customer()
        partner._xero_push_now(self.connection)
        self.run_after_commit()
        link = self.link_of(partner)
        self.assertEqual(link.state, "synced", link.last_error)
        contact = self.xero_contact_by_id(link.xero_id)
        self.assertEqual(
            (contact["Name"], contact["EmailAddress"], contact["TaxNumber"], contact["AccountNumber"]),
            ("Harbour Lights Ltd", "accounts@harbour.example", "111-222-333", "HAR001"),
        )
        self.assertEqual((contact["FirstName"], contact["LastName"]), ("Ana", "Ngata"))
        self.assertEqual((contact["DefaultCurrency"], contact["AccountsReceivableTaxType"]), ("AUD", "OUTPUT2"))
        phones = {p["PhoneType"]: p["PhoneNumber"] for p in contact["Phones"]}
        self.assertEqual((phones["DEFAULT"], phones["MOBILE"]), ("04 555 0200", "021 555 0201"))
        addresses = {a["AddressType"]: a for a in contact["Addresses"]}
        self.assertEqual(
            (addresses["POBOX"]["AddressLine1"], addresses["POBOX"]["PostalCode"], addresses["POBOX"]["Country"]),
            ("PO Box 99", "6140", "New Zealand"),
            "the invoice address is Xero's postal address",
        )
        self.assertEqual(
            (addresses["STREET"]["AddressLine1"], addresses["STREET"]["City"]), ("3 Wharf Road", "Lower Hutt")
        )
        self.assertEqual(
            [(p["FirstName"], p["LastName"], p["EmailAddress"]) for p in contact["ContactPersons"]],
            [("Bo", "Li", "bo@harbour.example"), ("Cy", "Tane", "")],
            "the main contact person is Xero's first and last name, the others are persons",
        )

    def test_a_pushed_customer_reads_back_unchanged(self):
        partner = self.full_customer()
        partner._xero_push_now(self.connection)
        self.run_after_commit()
        self.connection._xero_sync()
        self.emulator_admin("DELETE", "requests")
        before = partner.write_date
        self.connection._xero_sync()
        self.assertEqual(self.link_of(partner).state, "synced")
        self.assertFalse(self.emulator_writes(), "nothing to send back")
        self.assertEqual(partner.write_date, before)

    def test_every_field_comes_back_from_xero(self):
        partner = self.full_customer()
        partner._xero_push_now(self.connection)
        self.run_after_commit()
        self.connection._xero_sync()
        self.edit_in_xero(
            "Harbour Lights Ltd",
            Name="Harbour Lights Limited",
            EmailAddress="ap@harbour.example",
            TaxNumber="999-888-777",
            AccountNumber="HAR002",
            DefaultCurrency="",
            FirstName="Bo",
            LastName="Li",
            AccountsReceivableTaxType="NONE",
            ContactStatus="ARCHIVED",
            Phones=[
                {"PhoneType": "DEFAULT", "PhoneNumber": "04 555 0999"},
                {"PhoneType": "MOBILE", "PhoneNumber": "027 555 0000"},
            ],
            Addresses=[
                {"AddressType": "POBOX", "AddressLine1": "PO Box 7", "City": "Auckland", "Country": "New Zealand"},
                {"AddressType": "STREET", "AddressLine1": "9 Quay St", "City": "Auckland"},
            ],
            ContactPersons=[{"FirstName": "Dee", "LastName": "Moana", "EmailAddress": "dee@harbour.example"}],
        )
        self.connection._xero_sync()
        partner.invalidate_recordset()
        self.assertEqual(
            (partner.name, partner.email, partner.vat, partner.ref, partner.phone, partner.xero_mobile),
            ("Harbour Lights Limited", "ap@harbour.example", "999-888-777", "HAR002", "04 555 0999", "027 555 0000"),
        )
        self.assertFalse(partner.active, "archived in Xero, archived in Odoo, never deleted")
        self.assertEqual(partner.property_product_pricelist.currency_id, self.env.company.currency_id)
        self.assertEqual(partner.xero_tax_type, "NONE")
        self.assertEqual(partner.xero_contact_person_id.name, "Bo Li")
        invoice = partner.child_ids.filtered(lambda c: c.type == "invoice")
        self.assertEqual((invoice.street, invoice.city), ("PO Box 7", "Auckland"))
        delivery = partner.child_ids.filtered(lambda c: c.type == "delivery")
        self.assertEqual(
            (delivery.street, delivery.city, delivery.country_id), ("9 Quay St", "Auckland", self.env["res.country"])
        )
        persons = partner.child_ids.filtered(lambda c: c.type == "contact" and c != partner.xero_contact_person_id)
        self.assertEqual(persons.mapped("name"), ["Dee Moana"], "persons Xero no longer has are archived")
        self.assertEqual(self.link_of(partner).state, "synced")

    def test_import_brings_addresses_persons_and_xero_figures(self):
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        self.assertEqual(
            (bayside.street, bayside.city, bayside.country_id), ("Ridgeway Road 14", "Wellington", self.nz)
        )
        self.assertEqual(bayside.child_ids.mapped("name"), ["Ann Fields"])
        self.assertTrue(bayside.xero_is_customer)
        self.assertFalse(bayside.xero_is_supplier)
        xero = self.xero_contact("Bayside Club")[0]["Balances"]["AccountsReceivable"]
        self.assertTrue(xero["Outstanding"])
        self.assertAlmostEqual(bayside.xero_balance_outstanding, float(xero["Outstanding"]))
        self.assertAlmostEqual(bayside.xero_balance_overdue, float(xero["Overdue"]))
        supplier = self.Partner.search([("name", "=", "Office Supplies Wholesale")])
        self.assertFalse(supplier.xero_is_customer)

    def test_a_foreign_default_currency_gets_a_pricelist(self):
        self.connection._xero_sync()
        self.edit_in_xero("Bayside Club", DefaultCurrency="AUD")
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        self.assertEqual(bayside.property_product_pricelist.currency_id, self.aud)
        self.assertEqual(self.link_of(bayside).state, "synced")

    def test_financial_summary_is_seen_from_opportunities_and_quotations(self):
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        lead = self.env["crm.lead"].create({"name": "More balls", "partner_id": bayside.id})
        order = self.env["sale.order"].create({"partner_id": bayside.id})
        self.assertTrue(bayside.xero_outstanding)
        self.assertEqual((lead.xero_outstanding, order.xero_overdue), (bayside.xero_outstanding, bayside.xero_overdue))

    def test_the_customer_list_shows_each_position_to_salespeople(self):
        self.connection._xero_sync()
        salesman = new_test_user(self.env, "xero_list", groups="sales_team.group_sale_salesman")
        Partners = self.env["res.partner"].with_user(salesman)
        arch = Partners.get_views([(False, "list")])["views"]["list"]["arch"]
        for column in ("xero_last_invoice_date", "xero_total_sales", "xero_outstanding", "xero_overdue"):
            self.assertIn('name="%s"' % column, arch)
        row = Partners.search_read([("name", "=", "Bayside Club")], ["xero_outstanding"])[0]
        self.assertEqual(row["xero_outstanding"], self.Partner.search([("name", "=", "Bayside Club")]).xero_outstanding)
        self.assertTrue(row["xero_outstanding"])
        employee = new_test_user(self.env, "xero_none", groups="base.group_user")
        arch = self.env["res.partner"].with_user(employee).get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertNotIn("xero_outstanding", arch, "only for users of the Xero connector")


@tagged("post_install", "-at_install")
class TestClassification(CustomerCase):
    def add_in_xero(self, *names):
        self.emulator_admin(
            "POST", "tenants/%s/ui/Contacts" % self.tenant_id, Contacts=[{"Name": name} for name in names]
        )

    def test_private_names_become_individuals_the_rest_companies(self):
        self.add_in_xero("Mr John Smith", "The Ngata Family", "Drake Plumbing Ltd")
        self.connection._xero_sync()
        kinds = {
            p.name: p.is_company
            for p in self.Partner.search([("name", "in", ["Mr John Smith", "The Ngata Family", "Drake Plumbing Ltd"])])
        }
        self.assertEqual(kinds, {"Mr John Smith": False, "The Ngata Family": False, "Drake Plumbing Ltd": True})

    def test_classification_off_makes_companies_and_the_pattern_is_editable(self):
        self.connection.b2c_classify = False
        self.add_in_xero("Mr John Smith")
        self.connection._xero_sync()
        self.assertTrue(self.Partner.search([("name", "=", "Mr John Smith")]).is_company)
        self.connection.write({"b2c_classify": True, "b2c_pattern": r"\(private\)$"})
        self.add_in_xero("Jo Bloggs (private)", "Mrs Brown")
        self.connection._xero_sync()
        self.assertFalse(self.Partner.search([("name", "=", "Jo Bloggs (private)")]).is_company)
        self.assertTrue(self.Partner.search([("name", "=", "Mrs Brown")]).is_company)

    def test_a_partner_flagged_by_hand_stays_as_flagged(self):
        self.add_in_xero("Kiwi Kids")
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Kiwi Kids")])
        partner.is_company = False
        self.connection._xero_sync()
        self.edit_in_xero("Kiwi Kids", EmailAddress="hello@kiwikids.example")
        self.connection._xero_sync()
        self.assertEqual(partner.email, "hello@kiwikids.example")
        self.assertFalse(partner.is_company)


@tagged("post_install", "-at_install")
class TestMatching(CustomerCase):
    def test_name_matches_ignoring_case_and_accents(self):
        existing = self.env["res.partner"].create({"name": "CAFE OTAKI", "is_company": True})
        self.emulator_admin("POST", "tenants/%s/ui/Contacts" % self.tenant_id, Contacts=[{"Name": "Café Ōtaki"}])
        self.connection._xero_sync()
        self.assertEqual(self.link_of(existing).state, "synced", self.link_of(existing).last_error)
        self.assertEqual(existing.name, "Café Ōtaki")
        self.assertEqual(self.Partner.search_count([("xero_name_key", "=", "cafe otaki")]), 1)

    def test_an_ambiguous_contact_waits_for_review_with_its_candidates_side_by_side(self):
        twins = self.env["res.partner"].create(
            [{"name": "Marine Systems", "email": "a@marine.example"}, {"name": "MARINE SYSTEMS"}]
        )
        self.connection._xero_sync()
        review = self.env["xero.sync.review"].search([("connection_id", "=", self.connection.id)])
        self.assertEqual(review.name, "Marine Systems")
        self.assertEqual(review.xero_summary, "Marine Systems · info@marinesys.example")
        self.assertEqual(
            sorted(review.candidate_ids.mapped("summary")), ["MARINE SYSTEMS", "Marine Systems · a@marine.example"]
        )
        self.assertFalse(twins._xero_links(self.connection))
        review.candidate_ids.filtered(lambda c: c.res_id == twins[1].id).action_link()
        self.assertEqual(self.link_of(twins[1]).xero_id, self.xero_contact("Marine Systems")[0]["ContactID"])
        self.assertEqual(twins[1].email, "info@marinesys.example", "Xero's values are taken")
        self.assertFalse(review.exists())

    def test_a_reviewed_contact_can_be_created_new(self):
        self.env["res.partner"].create([{"name": "Marine Systems"}, {"name": "MARINE SYSTEMS"}])
        self.connection._xero_sync()
        review = self.env["xero.sync.review"].search([("connection_id", "=", self.connection.id)])
        review.action_create_new()
        created = self.Partner.search([("email", "=", "info@marinesys.example")])
        self.assertEqual(self.link_of(created).state, "synced")
        self.assertEqual(self.Partner.search_count([("xero_name_key", "=", "marine systems")]), 3)

    def test_a_contact_merged_in_xero_relinks_the_partner_to_the_survivor(self):
        self.connection._xero_sync()
        loser = self.Partner.search([("name", "=", "Marine Systems")])
        survivor_id = self.xero_contact("City Limousines")[0]["ContactID"]
        survivor_partner = self.Partner.search([("name", "=", "City Limousines")])
        self.link_of(survivor_partner).unlink()
        survivor_partner.unlink()
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Contacts/merge" % self.tenant_id,
            **{"from": self.xero_contact("Marine Systems")[0]["ContactID"], "into": survivor_id},
        )
        self.connection._xero_sync()
        self.assertEqual(self.link_of(loser).xero_id, survivor_id)
        self.assertEqual(loser.name, "City Limousines", "the survivor's values")
        self.assertTrue(loser.active)

    def test_a_merge_into_a_contact_linked_elsewhere_unlinks_and_says_so(self):
        self.connection._xero_sync()
        loser = self.Partner.search([("name", "=", "Marine Systems")])
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Contacts/merge" % self.tenant_id,
            **{
                "from": self.xero_contact("Marine Systems")[0]["ContactID"],
                "into": self.xero_contact("City Limousines")[0]["ContactID"],
            },
        )
        self.connection._xero_sync()
        self.assertFalse(self.link_of(loser))
        self.assertIn("City Limousines", loser.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestPartnerActions(CustomerCase):
    def export(self, partner, **values):
        wizard = self.env["xero.partner.export"].with_context(default_partner_id=partner.id).create(values)
        result = wizard.action_export()
        self.run_after_commit()
        return wizard, result

    def test_export_generates_a_ledger_code_and_creates_the_contact_with_template_defaults(self):
        self.edit_in_xero(
            "Bayside Club",
            SalesDefaultAccountCode="200",
            AccountsReceivableTaxType="OUTPUT2",
            PaymentTerms={
                "Sales": {"Day": 20, "Type": "OFFOLLOWINGMONTH"},
                "Bills": {"Day": 5, "Type": "DAYSAFTERBILLDATE"},
            },
            BrandingTheme={"BrandingThemeID": "5d4bd4d0-0000-4000-8000-000000000001"},
        )
        self.connection.template_contact_name = "bayside club"
        self.connection.action_xero_load_template()
        self.assertEqual(self.connection.template_contact_name, "Bayside Club")
        partner = self.env["res.partner"].create({"name": "Tui Tours", "is_company": True})
        wizard, _result = self.export(partner)
        link = self.link_of(partner)
        self.assertEqual(link.state, "synced", link.last_error)
        self.assertRegex(partner.ref, r"^C\d{5}$")
        contact = self.xero_contact_by_id(link.xero_id)
        self.assertEqual(contact["AccountNumber"], partner.ref)
        self.assertEqual((contact["SalesDefaultAccountCode"], contact["AccountsReceivableTaxType"]), ("200", "OUTPUT2"))
        self.assertEqual(contact["PaymentTerms"], {"Sales": {"Day": 20, "Type": "OFFOLLOWINGMONTH"}})
        self.assertFalse(contact.get("BrandingTheme"), "Xero's API takes no theme for a contact: none is sent")

    def test_export_leaves_a_blank_ledger_code_blank_when_configured(self):
        self.connection.ledger_code_mode = "blank"
        partner = self.env["res.partner"].create({"name": "Tui Tours", "is_company": True})
        self.export(partner)
        self.assertFalse(partner.ref)
        self.assertEqual(self.link_of(partner).state, "synced")

    def test_export_offers_the_xero_contact_the_partner_already_is(self):
        self.connection.push_new_customers = False
        partner = self.env["res.partner"].create({"name": "Basket Case", "email": "orders@basketcase.example"})
        wizard, result = self.export(partner)
        self.assertEqual(result["res_id"], wizard.id, "the wizard stays open with what Xero has")
        self.assertEqual(wizard.existing_ids.mapped("name"), ["Basket Case Ltd"])
        self.assertFalse(self.link_of(partner), "nothing created in Xero")
        wizard.existing_ids.action_link_keep_xero()
        self.assertEqual(self.link_of(partner).xero_id, self.xero_contact("Basket Case Ltd")[0]["ContactID"])
        self.assertEqual(partner.name, "Basket Case Ltd")
        self.assertEqual(len(self.xero_contact("Basket Case")), 0)

    def test_link_by_ledger_code_keeping_odoo_values_pushes_them(self):
        partner = self.env["res.partner"].create({"name": "Bayside Sports", "is_company": True, "phone": "04 999 0000"})
        wizard = self.env["xero.partner.link"].create({"partner_id": partner.id, "search": "BAY001"})
        wizard.action_search()
        self.assertEqual(wizard.line_ids[0].name, "Bayside Club")
        wizard.line_ids[0].action_link_keep_odoo()
        self.run_after_commit()
        contact = self.xero_contact_by_id(self.link_of(partner).xero_id)
        self.assertEqual(contact["Name"], "Bayside Sports")
        self.assertIn("04 999 0000", [p["PhoneNumber"] for p in contact["Phones"]])

    def test_unlink_forgets_the_link_and_changes_nothing_in_xero(self):
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        self.emulator_admin("DELETE", "requests")
        partner.action_xero_unlink()
        self.assertFalse(self.link_of(partner))
        self.assertEqual(partner.xero_sync_state, "none")
        self.assertFalse(self.emulator_writes())

    def test_update_adds_a_history_note_saying_what_changed_and_who(self):
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        admin = self.env.ref("base.user_admin")
        partner.with_user(admin).email = "office@bayside.example"
        partner.action_xero_update()
        self.run_after_commit()
        link = self.link_of(partner)
        self.assertEqual(link.state, "synced")
        history = self.connection._xero_client().accounting_json(self.tenant_id, "get_contact_history", link.xero_id)[
            "HistoryRecords"
        ]
        notes = [h["Details"] for h in history]
        self.assertIn("Updated from Odoo by %s: email." % admin.name, notes)

    def history_calls_for_an_update(self, **connection_values):
        """The History calls a salesperson's update of a customer makes, with the
        connection set so once the import is done."""
        self.connection._xero_sync()
        self.connection.write(connection_values)
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        partner.email = "office@bayside.example"
        self.emulator_admin("DELETE", "requests")
        partner.action_xero_update()
        self.run_after_commit()
        self.assertEqual(self.link_of(partner).state, "synced", "the update itself goes")
        return [r for r in self.emulator_requests() if r["path"].endswith("/History")]

    def test_history_notes_switched_off_cost_no_call(self):
        self.assertEqual(self.history_calls_for_an_update(history_notes=False), [])

    def test_history_notes_are_skipped_while_the_day_is_down_to_the_reserve_and_said_once(self):
        # every call Xero's 5,000 a day leaves is now within the reserve
        self.assertEqual(self.history_calls_for_an_update(daily_api_reserve=5000), [])
        said = self.env["xero.sync.log"].search(
            [("connection_id", "=", self.connection.id), ("message", "like", "History notes are not sent")]
        )
        self.assertEqual(len(said), 1)

    def test_view_on_xero_opens_the_contact_in_the_right_organisation(self):
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        action = partner.action_xero_view()
        self.assertEqual(
            action["url"],
            "https://go.xero.com/organisationlogin/default.aspx?shortcode=!DeMo1"
            "&redirecturl=/Contacts/View/%s" % self.link_of(partner).xero_id,
        )

    def test_a_new_customer_is_pushed_at_once_and_a_person_under_it_is_not_a_contact(self):
        company = self.env["res.partner"].create({"name": "Kea Consulting", "is_company": True})
        self.env["res.partner"].create({"name": "Ria Kea", "parent_id": company.id})
        self.run_after_commit()
        self.assertEqual(self.link_of(company).state, "synced")
        self.assertEqual(self.xero_contact("Kea Consulting")[0]["ContactPersons"][0]["FirstName"], "Ria")
        self.assertFalse(self.xero_contact("Ria Kea"))

    def test_no_push_of_new_customers_when_switched_off(self):
        self.connection.push_new_customers = False
        self.env["res.partner"].create({"name": "Kea Consulting", "is_company": True})
        self.run_after_commit()
        self.assertFalse(self.xero_contact("Kea Consulting"))

    def test_a_customer_created_from_an_opportunity_is_pushed(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Fit-out",
                "partner_name": "Weka Works",
                "contact_name": "Sam Weka",
                "email_from": "sam@weka.example",
            }
        )
        lead._handle_partner_assignment(create_missing=True)
        self.run_after_commit()
        self.assertEqual(lead.partner_id.commercial_partner_id.name, "Weka Works")
        contact = self.xero_contact("Weka Works")
        self.assertEqual(len(contact), 1)

    def test_later_changes_wait_for_the_routine_sync_unless_configured(self):
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        partner.phone = "04 111 1111"
        self.run_after_commit()
        self.assertEqual(self.link_of(partner).state, "pending")
        self.connection.push_changes_now = True
        partner.phone = "04 222 2222"
        self.run_after_commit()
        self.assertEqual(self.link_of(partner).state, "synced")
        self.assertIn("04 222 2222", [p["PhoneNumber"] for p in self.xero_contact("Bayside Club")[0]["Phones"]])

    def test_a_salesperson_exports_and_updates_but_cannot_change_the_connection(self):
        salesman = new_test_user(self.env, "xero_sales", groups="sales_team.group_sale_salesman")
        partner = self.env["res.partner"].with_user(salesman).create({"name": "Moa Motors", "is_company": True})
        self.connection.push_new_customers = False
        wizard = (
            self.env["xero.partner.export"].with_user(salesman).with_context(default_partner_id=partner.id).create({})
        )
        wizard.action_export()
        self.run_after_commit()
        self.assertEqual(self.link_of(partner).state, "synced")
        partner.with_user(salesman).write({"email": "sales@moa.example"})
        partner.with_user(salesman).action_xero_update()
        self.run_after_commit()
        self.assertEqual(self.xero_contact("Moa Motors")[0]["EmailAddress"], "sales@moa.example")
        with self.assertRaises(AccessError):
            self.connection.with_user(salesman).write({"push_new_customers": True})
        with self.assertRaises(AccessError):
            self.connection.with_user(salesman).action_xero_load_template()


@tagged("post_install", "-at_install")
class TestBadInput(CustomerCase):
    def push(self, partner):
        partner._xero_push_now(self.connection)
        self.run_after_commit()
        partner.invalidate_recordset()
        return self.link_of(partner)

    def test_an_overlong_name_is_refused_before_sending(self):
        partner = self.env["res.partner"].create({"name": "N" * 256, "is_company": True})
        self.emulator_admin("DELETE", "requests")
        link = self.push(partner)
        self.assertEqual(link.state, "error")
        self.assertIn("256 characters", partner.xero_error)
        self.assertFalse(self.emulator_writes(), "nothing half-sent")

    def test_an_invalid_email_is_refused_before_sending(self):
        partner = self.env["res.partner"].create({"name": "Bad Mail Ltd", "email": "not-an-email"})
        link = self.push(partner)
        self.assertEqual(link.state, "error")
        self.assertIn("not-an-email is not a valid address", link.last_error)
        self.assertFalse(self.xero_contact("Bad Mail Ltd"))

    def test_a_name_another_xero_contact_has_offers_to_link(self):
        self.connection.push_new_customers = False
        partner = self.env["res.partner"].create({"name": "bayside club", "is_company": True})
        link = self.push(partner)
        self.assertEqual(link.state, "error")
        self.assertIn("already assigned to another contact", link.last_error)
        self.assertIn("Link to Xero contact", link.last_error)
        self.assertEqual(
            len(
                [
                    c
                    for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
                    if c["Name"].lower() == "bayside club"
                ]
            ),
            1,
        )

    def test_a_ledger_code_already_taken_is_xeros_message_on_the_partner(self):
        partner = self.env["res.partner"].create({"name": "Other Club", "ref": "BAY001"})
        link = self.push(partner)
        self.assertEqual(link.state, "error")
        # Xero's own wording (calcinai/xero-php#880), then what to do about it
        self.assertIn(
            "The Account Number already exists. Please enter a different Account Number. Another Xero "
            "contact has this customer's Reference",
            partner.xero_error,
        )
        failures = self.env["xero.sync.log.line"].search([("res_id", "=", partner.id)])
        self.assertTrue(failures, "the failure is in the sync log too")

    def test_more_than_five_persons_sends_five_and_names_the_rest(self):
        company = self.env["res.partner"].create({"name": "Big Family Ltd", "is_company": True})
        self.env["res.partner"].create([{"name": "Person %d" % i, "parent_id": company.id} for i in range(7)])
        company.xero_contact_person_id = False
        link = self.push(company)
        self.assertEqual(link.state, "synced")
        contact = self.xero_contact("Big Family Ltd")[0]
        self.assertEqual([p["FirstName"] for p in contact["ContactPersons"]], ["Person"] * 5)
        self.assertEqual(company.xero_warning, "Xero keeps five contact persons; not sent: Person 5, Person 6.")

    def test_a_new_customer_xero_already_has_under_another_partner_is_not_duplicated(self):
        self.connection._xero_sync()
        copy = self.env["res.partner"].create({"name": "Bayside Sports Club", "email": "Secretary@Bayside.example"})
        self.emulator_admin("DELETE", "requests")
        link = self.push(copy)
        self.assertEqual(link.state, "error")
        self.assertIn(
            "Xero already has this customer (same email secretary@bayside.example) as Bayside Club", link.last_error
        )
        self.assertFalse(self.emulator_writes(), "nothing sent")

    def test_unicode_emoji_and_html_names_travel_intact(self):
        name = "Ōtautahi Café 🍩 <b>&amp; Sons</b>"
        partner = self.env["res.partner"].create({"name": name, "is_company": True})
        link = self.push(partner)
        self.assertEqual(link.state, "synced", link.last_error)
        self.assertEqual(self.xero_contact_by_id(link.xero_id)["Name"], name)
        self.connection._xero_sync()
        self.assertEqual(partner.name, name)
        self.assertEqual(self.link_of(partner).state, "synced")

    def test_actions_on_a_contact_person_point_to_the_company(self):
        company = self.env["res.partner"].create({"name": "Kaka Co", "is_company": True})
        person = self.env["res.partner"].create({"name": "Kim Kaka", "parent_id": company.id})
        with self.assertRaisesRegex(UserError, "export that instead"):
            person.action_xero_export()

"""Edits on both sides between runs: what the accounts team types in Xero is never
written over by Odoo's older values, and every edit of either side arrives. One test
per way this went wrong before (issue 21); ``test_convergence.py`` tries them all at
random."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestXeroEditsSurviveAPush(SyncCase):
    def setUp(self):
        super().setUp()
        self.connection._xero_sync()
        self.partner = self.Partner.search([("name", "=", "Bayside Club")])

    def xero_phone(self, name="Bayside Club"):
        phones = self.xero_contact(name)[0]["Phones"]
        return next(p["PhoneNumber"] for p in phones if p["PhoneType"] == "DEFAULT")

    def make_contacts_quiet(self):
        """A scheduled run after this one skips reading contacts (the quiet back-off)."""
        scheduled = self.connection.with_context(xero_scheduled=True)
        scheduled._xero_sync()
        self.assertTrue(self.connection._xero_cursor("contact").next_pull_date, "contacts are read later")
        return scheduled

    def test_a_routine_run_that_skips_reading_keeps_xeros_phone_and_sends_odoos_email(self):
        scheduled = self.make_contacts_quiet()
        self.edit_in_xero("Bayside Club", Phones=[{"PhoneType": "DEFAULT", "PhoneNumber": "04 999 1234"}])
        self.partner.email = "new@bayside.example"
        scheduled._xero_sync()
        contact = self.xero_contact("Bayside Club")[0]
        self.assertEqual(contact["EmailAddress"], "new@bayside.example")
        self.assertEqual(self.xero_phone(), "04 999 1234", "the accounts team's phone stays")
        self.assertEqual(self.partner.phone, "04 999 1234", "and reaches Odoo")
        self.assertEqual(self.partner._xero_links(self.connection).state, "synced")

    def test_a_change_of_nothing_xero_holds_sends_nothing(self):
        self.partner.email = "new@bayside.example"
        self.partner.email = "secretary@bayside.example"  # back as both sides agreed
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.emulator_writes("/Contacts"))
        self.assertEqual(self.partner._xero_links(self.connection).state, "synced")

    def test_a_save_in_xero_after_the_last_read_of_the_run_is_kept(self):
        self.partner.email = "new@bayside.example"
        contact_id = self.xero_contact("Bayside Club")[0]["ContactID"]
        # the accounts team saves the phone right after the connector's last read
        self.save_in_xero_after_read(
            "IDs=",
            records=[{"ContactID": contact_id, "Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": "04 777 0000"}]}],
        )
        self.connection._xero_sync()
        self.assertEqual(self.xero_phone(), "04 777 0000")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "new@bayside.example")
        self.assertEqual(self.partner.phone, "04 777 0000", "Xero's answer brought the phone at once")
        self.assertEqual(self.partner._xero_links(self.connection).state, "synced")


@tagged("post_install", "-at_install")
class TestXeroItemEditsSurviveAPush(SyncCase):
    def setUp(self):
        super().setUp()
        self.use_nz_sales_taxes()
        self.connection._xero_sync()

    def test_items_keep_xeros_description_when_odoo_changes_the_price(self):
        scheduled = self.connection.with_context(xero_scheduled=True)
        scheduled._xero_sync()
        scheduled._xero_sync()
        self.assertTrue(self.connection._xero_cursor("item").next_pull_date, "items are read later")
        product = self.env["product.product"].search([("default_code", "=", "DESK-OAK")])
        item = next(i for i in self.xero_records("Items") if i["Code"] == "DESK-OAK")
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Items" % self.tenant_id,
            Items=[{"ItemID": item["ItemID"], "Description": "Solid oak, 160 cm"}],
        )
        product.lst_price = 700
        scheduled._xero_sync()
        item = next(i for i in self.xero_records("Items") if i["Code"] == "DESK-OAK")
        self.assertEqual(item["Description"], "Solid oak, 160 cm")
        link = product._xero_links(self.connection)
        self.assertEqual(link.state, "synced", link.last_error)
        self.assertEqual(float(item["SalesDetails"]["UnitPrice"]), 700.0)
        self.assertEqual(product.description_sale, "Solid oak, 160 cm")

    def xero_records(self, collection):
        return self.emulator_admin("GET", "tenants/%s/%s" % (self.tenant_id, collection))[collection]


@tagged("post_install", "-at_install")
class TestPagesSavedDuringARead(SyncCase):
    def test_records_moved_by_a_save_between_page_reads_arrive_by_the_next_run(self):
        self.connection._xero_sync()
        contacts = sorted(
            (c for c in self.xero_contact_list() if c["ContactStatus"] == "ACTIVE"), key=lambda c: c["ContactID"]
        )
        # the accounts team edits every contact, saved in one bulk operation (one second)
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Contacts" % self.tenant_id,
            Contacts=[
                {"ContactID": c["ContactID"], "EmailAddress": "bulk%d@mail.example" % i} for i, c in enumerate(contacts)
            ],
        )
        self.emulator_admin("POST", "tenants/%s/stamp" % self.tenant_id, collection="Contacts")
        self.emulator_admin("POST", "paging", max_page_size=3)
        self.emulator_admin("POST", "clock", advance=60)  # the run comes a minute later
        # while page 1 is read, the first contact is saved again: it moves to the end,
        # and the fourth moves up onto page 1, already read
        self.save_in_xero_after_read("order=", ids=[contacts[0]["ContactID"]])
        self.connection._xero_sync()
        self.connection._xero_sync()
        emails = {c["ContactID"]: c["EmailAddress"] for c in self.xero_contact_list()}
        _partners, links = self.linked_partners()
        for link in links:
            self.assertEqual(self.Partner.browse(link.res_id).email, emails[link.xero_id] or False)

    def xero_contact_list(self):
        return self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]


@tagged("post_install", "-at_install")
class TestConflictsWaitForReview(SyncCase):
    def test_a_conflict_in_review_outlives_other_changes_in_xero(self):
        partner, link = self.conflicting_email_edits()
        self.assertEqual(link.state, "conflict")
        self.edit_in_xero("Bayside Club", Phones=[{"PhoneType": "DEFAULT", "PhoneNumber": "04 888 0000"}])
        self.connection._xero_sync()
        self.assertEqual(link.state, "conflict", "still waiting for a person")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "xero@bayside.example")
        self.assertEqual(partner.phone, "04 888 0000", "Xero's other change arrives")
        self.assertEqual(partner.email, "odoo@bayside.example")
        notes = [b for b in partner.message_ids.mapped("body") if "Changed in Odoo and in Xero" in str(b)]
        self.assertEqual(len(notes), 1, "the conflict is said once")
        link.action_xero_take_odoo()
        self.connection._xero_sync()
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "odoo@bayside.example")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["Phones"][0]["PhoneNumber"], "04 888 0000")
        self.assertEqual(link.state, "synced")

    def test_update_to_xero_leaves_a_conflict_in_review_and_says_why(self):
        """A salesperson's click never settles what the accounts team typed in Xero."""
        partner, link = self.conflicting_email_edits()
        salesperson = new_test_user(self.env, "conflict_sales", groups="sales_team.group_sale_salesman")
        self.emulator_admin("DELETE", "requests")
        with self.assertRaisesRegex(UserError, "Keep Xero's values or Keep Odoo's values"):
            partner.with_user(salesperson).action_xero_update()
        wizard = (
            self.env["xero.partner.export"]
            .with_user(salesperson)
            .with_context(default_partner_id=partner.id)
            .create({})
        )
        with self.assertRaisesRegex(UserError, "changed in Odoo and in Xero"):
            wizard.action_export()
        partner._xero_push_now(self.connection)  # any other way a push is asked for
        self.run_after_commit()
        self.connection._xero_sync()
        self.assertEqual(link.state, "conflict", "still waiting for a person")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "xero@bayside.example")
        self.assertFalse(self.emulator_writes("/Contacts"), "nothing of Odoo's was sent over Xero's")

    def test_a_product_in_review_waits_for_a_person_and_keeps_either_side(self):
        self.connection.conflict_policy = "review"
        self.connection._xero_sync()
        product = self.env["product.product"].search([("default_code", "=", "LAMP-LED")])
        product.description_sale = "Odoo's description"
        items = self.emulator_admin("GET", "tenants/%s/Items" % self.tenant_id)["Items"]
        item = next(i for i in items if i["Code"] == "LAMP-LED")
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Items" % self.tenant_id,
            Items=[{"ItemID": item["ItemID"], "Description": "Xero's description"}],
        )
        self.connection._xero_sync()
        link = product._xero_links(self.connection)
        self.assertEqual(link.state, "conflict")
        self.assertTrue(product.product_tmpl_id.xero_conflict, "the form offers the choice")
        with self.assertRaisesRegex(UserError, "Keep Xero's values or Keep Odoo's values"):
            product.product_tmpl_id.action_xero_export()
        self.assertEqual(link.state, "conflict")
        product.product_tmpl_id.action_xero_take_xero()
        self.assertEqual((product.description_sale, link.state), ("Xero's description", "synced"))

    def test_taking_xeros_side_keeps_odoos_other_changes(self):
        self.connection.conflict_policy = "review"
        self.connection._xero_sync()
        partner = self.Partner.search([("name", "=", "Bayside Club")])
        partner.write({"email": "odoo@bayside.example", "ref": "BAY-ODOO"})
        self.edit_in_xero("Bayside Club", EmailAddress="xero@bayside.example")
        self.connection._xero_sync()
        link = partner._xero_links(self.connection)
        self.assertEqual((link.state, link.conflict_values), ("conflict", {"email": "xero@bayside.example"}))
        link.action_xero_take_xero()
        self.assertEqual((partner.email, link.state), ("xero@bayside.example", "pending"))
        self.connection._xero_sync()
        contact = self.xero_contact("Bayside Club")[0]
        self.assertEqual((contact["EmailAddress"], contact["AccountNumber"]), ("xero@bayside.example", "BAY-ODOO"))
        self.assertEqual(link.state, "synced")


@tagged("post_install", "-at_install")
class TestImportedPeopleAgree(SyncCase):
    def test_a_private_person_keeps_xeros_empty_first_and_last_name(self):
        self.emulator_admin("POST", "tenants/%s/ui/Contacts" % self.tenant_id, Contacts=[{"Name": "Mr John Smith"}])
        self.connection._xero_sync()
        person = self.Partner.search([("name", "=", "Mr John Smith")])
        self.assertFalse(person.is_company)
        self.assertEqual((person.xero_first_name, person.xero_last_name), (False, False))
        person.email = "john@mail.example"
        self.edit_in_xero("Mr John Smith", Name="Mr John A. Smith")
        self.connection._xero_sync()
        contact = self.xero_contact("Mr John A. Smith")[0]
        self.assertEqual(contact["EmailAddress"], "john@mail.example")
        self.assertFalse(contact.get("FirstName"), "no first name Xero never had")
        self.assertFalse(contact.get("LastName"))
        self.assertEqual(person.name, "Mr John A. Smith")
        self.assertEqual(person._xero_links(self.connection).state, "synced")


@tagged("post_install", "-at_install")
class TestReadsByIdFitXerosUrls(SyncCase):
    def setUp(self):
        super().setUp()
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Contacts" % self.tenant_id,
            Contacts=[{"Name": "Walk-in %02d" % n, "EmailAddress": "w%02d@mail.example" % n} for n in range(60)],
        )
        self.connection._xero_sync()
        self.walk_ins = self.Partner.search([("name", "like", "Walk-in %")])
        self.assertEqual(len(self.walk_ins), 60)

    def test_sixty_updates_are_read_first_in_requests_xero_accepts(self):
        # a History note per update would be sixty calls more, past Xero's minute limit
        self.connection.history_notes = False
        for partner in self.walk_ins:
            partner.phone = "04 100 %04d" % partner.id
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        reads = [r for r in self.api_requests() if "IDs=" in r["query"]]
        self.assertTrue(reads)
        self.assertEqual({r["status"] for r in reads}, {200}, "no read by ids refused for its length")
        self.assertLessEqual(max(r["query"].count("%2C") + 1 for r in reads), 40)
        phones = {c["Name"]: c["Phones"][0]["PhoneNumber"] for c in self.xero_contact_list() if c["Phones"]}
        self.assertEqual({phones[p.name] for p in self.walk_ins}, set(self.walk_ins.mapped("phone")))

    def test_a_read_by_ids_follows_pages_smaller_than_asked(self):
        """Both sides change the same field of sixty contacts while a routine run leaves
        contacts unread: the reads before the updates must see all sixty, though the
        server answers five a page, or Odoo's values would silently replace Xero's."""
        self.connection.history_notes = False
        scheduled = self.connection.with_context(xero_scheduled=True)
        scheduled._xero_sync()  # nothing new: contacts are read later, the updates read them first
        self.assertTrue(self.connection._xero_cursor("contact").next_pull_date)
        self.emulator_admin("POST", "paging", max_page_size=5)
        for partner in self.walk_ins:
            partner.email = "odoo-%s" % partner.email
        contacts = [c for c in self.xero_contact_list() if c["Name"].startswith("Walk-in")]
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Contacts" % self.tenant_id,
            Contacts=[{"ContactID": c["ContactID"], "EmailAddress": "xero-%s" % c["EmailAddress"]} for c in contacts],
        )
        scheduled._xero_sync()
        emails = {c["Name"]: c["EmailAddress"] for c in self.xero_contact_list()}
        for partner in self.walk_ins:
            self.assertTrue(emails[partner.name].startswith("xero-"), "Xero's side wins by the default policy")
            self.assertEqual(partner.email, emails[partner.name])

    def test_a_failed_read_of_webhook_records_waits_while_the_run_goes_on(self):
        self.connection.write({"webhook_key": "a-webhook-key", "webhook_last_date": fields.Datetime.now()})
        scheduled = self.connection.with_context(xero_scheduled=True)
        scheduled._xero_sync()  # nothing new: contacts wait for the safety net, webhooks name changes
        self.connection._xero_queue_webhook_events(
            [
                {"resourceId": c["ContactID"], "eventCategory": "CONTACT", "tenantId": self.tenant_id}
                for c in self.xero_contact_list()
                if c["Name"].startswith("Walk-in")
            ]
        )
        self.emulator_admin("POST", "faults", kind="503", path="/Contacts", method="GET", query="IDs=")
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        bayside.email = "after@bayside.example"
        scheduled._xero_sync()
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "after@bayside.example")
        queued = self.env["xero.sync.queue"].search([("connection_id", "=", self.connection.id)])
        self.assertEqual(len(queued), 60, "the named records wait for the next run")
        scheduled._xero_sync()
        self.assertFalse(queued.exists())

    def xero_contact_list(self):
        return self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]


@tagged("post_install", "-at_install")
class TestArchivedInXero(SyncCase):
    def test_a_change_to_a_contact_xero_archived_meanwhile_is_said_and_not_resent(self):
        self.connection._xero_sync()
        bayside = self.Partner.search([("name", "=", "Bayside Club")])
        bayside.email = "late@bayside.example"
        contact_id = self.xero_contact("Bayside Club")[0]["ContactID"]
        # archived in Xero right after the connector's last read before its update
        self.save_in_xero_after_read("IDs=", records=[{"ContactID": contact_id, "ContactStatus": "ARCHIVED"}])
        self.connection._xero_sync()
        link = bayside._xero_links(self.connection)
        self.assertEqual(link.state, "error")
        self.assertIn("Archived contacts cannot currently be edited via the API.", link.last_error)
        self.assertIn("restore it in Xero", link.last_error)
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.connection._xero_sync()
        self.assertFalse(self.emulator_writes("/Contacts"), "nothing is sent to the archived contact again")
        self.assertFalse(bayside.active, "archived in Odoo too, as Xero has it")
        self.assertEqual(bayside.email, "late@bayside.example", "Odoo's change is kept, waiting")
        self.assertEqual(self.xero_contact("Bayside Club")[0]["EmailAddress"], "secretary@bayside.example")


@tagged("post_install", "-at_install")
class TestLostAnswers(SyncCase):
    def setUp(self):
        super().setUp()
        self.connection._xero_sync()
        self.bayside = self.Partner.search([("name", "=", "Bayside Club")])

    def archive_with_a_lost_answer(self):
        self.bayside.active = False
        self.emulator_admin("POST", "faults", kind="drop", path="/Contacts", method="POST")
        self.connection._xero_sync()
        self.assertEqual(self.xero_contact("Bayside Club")[0]["ContactStatus"], "ARCHIVED", "Xero took it")
        self.assertEqual(self.bayside._xero_links(self.connection).state, "pending", "though Odoo never heard")
        self.emulator_admin("POST", "clock", advance=600)  # past Xero's idempotency window

    def test_an_update_that_reached_xero_without_an_answer_is_not_sent_again(self):
        self.archive_with_a_lost_answer()
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.emulator_writes("/Contacts"))
        self.assertEqual(self.bayside._xero_links(self.connection).state, "synced")

    def test_xero_undoing_an_update_whose_answer_was_lost_is_a_conflict_not_an_overwrite(self):
        self.archive_with_a_lost_answer()
        self.edit_in_xero("Bayside Club", ContactStatus="ACTIVE")  # restored by the accounts team
        self.connection._xero_sync()
        self.assertEqual(self.xero_contact("Bayside Club")[0]["ContactStatus"], "ACTIVE", "Xero's restore stays")
        self.assertTrue(self.bayside.active, "Xero's side wins by the default policy")
        notes = [b for b in self.bayside.message_ids.mapped("body") if "Changed in Odoo and in Xero" in str(b)]
        self.assertEqual(len(notes), 1, "and the conflict is said")


@tagged("post_install", "-at_install")
class TestValuesThatLookEmpty(SyncCase):
    """What the randomized test found: values one side empties or splits its own way."""

    def setUp(self):
        super().setUp()
        self.connection._xero_sync()
        self.bayside = self.Partner.search([("name", "=", "Bayside Club")])

    def test_an_address_emptied_in_xero_is_emptied_in_odoo_and_not_sent_back(self):
        self.assertTrue(self.bayside.street)
        self.edit_in_xero(
            "Bayside Club",
            Addresses=[{"AddressType": "POBOX", "AddressLine1": "", "City": "", "PostalCode": "", "Country": ""}],
        )
        self.connection._xero_sync()
        self.assertFalse(self.bayside.street or self.bayside.city)
        self.connection._xero_sync()
        pobox = [a for a in self.xero_contact("Bayside Club")[0]["Addresses"] if a["AddressType"] == "POBOX"]
        self.assertFalse(pobox and pobox[0].get("AddressLine1"), "Odoo did not send its old address back")

    def test_a_last_name_alone_from_xero_stays_a_last_name_when_the_contact_is_renamed(self):
        self.edit_in_xero("Bayside Club", LastName="Fields")
        self.connection._xero_sync()
        self.assertEqual((self.bayside.xero_first_name, self.bayside.xero_last_name), (False, "Fields"))
        self.edit_in_xero("Bayside Club", Name="Bayside Yacht Club")
        self.connection._xero_sync()
        self.assertEqual(self.bayside.name, "Bayside Yacht Club")
        self.assertEqual((self.bayside.xero_first_name, self.bayside.xero_last_name), (False, "Fields"))
        contact = self.xero_contact("Bayside Yacht Club")[0]
        self.assertEqual((contact.get("FirstName") or False, contact["LastName"]), (False, "Fields"))

    def test_a_first_name_typed_on_a_company_without_a_main_person_survives_a_rename(self):
        partner = self.Partner.search([("name", "=", "City Limousines")])
        partner.xero_first_name = "Tama"
        partner.name = "City Limousines Ltd"
        self.assertEqual(partner.xero_first_name, "Tama")
        self.connection._xero_sync()
        self.assertEqual(self.xero_contact("City Limousines Ltd")[0]["FirstName"], "Tama")

    def test_a_delivery_address_from_xero_leaves_an_empty_billing_address_empty(self):
        """Odoo gives a company without an address the address of its first child: not
        when the child is the delivery address Xero sent, with its billing address empty."""
        self.edit_in_xero(
            "City Limousines",
            Addresses=[
                {"AddressType": "POBOX", "AddressLine1": "", "City": "", "PostalCode": "", "Country": ""},
                {"AddressType": "STREET", "AddressLine1": "1 Wharf Rd", "City": "Wellington"},
            ],
        )
        self.connection._xero_sync()
        limousines = self.Partner.search([("name", "=", "City Limousines")])
        self.assertFalse(limousines.child_ids.filtered("street") - limousines._xero_delivery_partner())
        self.assertFalse(limousines.street)
        self.assertEqual(limousines._xero_delivery_partner().street, "1 Wharf Rd")
        self.connection._xero_sync()
        pobox = [a for a in self.xero_contact("City Limousines")[0]["Addresses"] if a["AddressType"] == "POBOX"]
        self.assertFalse(pobox and pobox[0].get("AddressLine1"))

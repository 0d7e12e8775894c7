"""Xero's contact groups are partner tags: one tag per group, made once and renamed with
it; a linked customer's group tags and its groups follow each other both ways."""

from odoo.tests import tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestContactGroups(SyncCase):
    def setUp(self):
        super().setUp()
        self.xero = self.connection._xero_client()

    def partner(self, name):
        return self.Partner.search([("name", "=", name)])

    def contact_id(self, name):
        return self.xero_contact(name)[0]["ContactID"]

    def group_in_xero(self, name, *members):
        made = self.xero.accounting_json(self.tenant_id, "create_contact_group", {"ContactGroups": [{"Name": name}]})
        group_id = made["ContactGroups"][0]["ContactGroupID"]
        if members:
            self.xero.accounting_json(
                self.tenant_id,
                "create_contact_group_contacts",
                group_id,
                {"Contacts": [{"ContactID": self.contact_id(m)} for m in members]},
            )
        return group_id

    def members_in_xero(self, group_id):
        read = self.xero.accounting_json(self.tenant_id, "get_contact_group", group_id)["ContactGroups"][0]
        return {c["Name"] for c in read["Contacts"]}

    def tagged(self, tag):
        return set(self.Partner.search([("category_id", "in", tag.ids)]).mapped("name"))

    def group_calls(self, method):
        return [r for r in self.emulator_requests(method=method) if "/ContactGroups" in r["path"]]

    def test_xero_groups_become_tags_once(self):
        self.group_in_xero("VIP", "Bayside Club", "Basket Case Ltd")
        wholesale = self.env["res.partner.category"].create({"name": "Wholesale"})
        self.group_in_xero("wholesale", "City Limousines")
        self.connection._xero_sync()
        vip = self.env["res.partner.category"].search([("name", "=", "VIP")])
        self.assertEqual(len(vip), 1)
        self.assertEqual(self.tagged(vip), {"Bayside Club", "Basket Case Ltd"})
        self.assertEqual(self.tagged(wholesale), {"City Limousines"}, "the tag Odoo had is the group's")
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertEqual(len(self.env["res.partner.category"].search([("name", "=ilike", "vip")])), 1)
        self.assertFalse(self.group_calls("PUT"), "nothing to send back")

    def test_a_group_renamed_in_xero_renames_its_tag(self):
        group_id = self.group_in_xero("VIP", "Bayside Club")
        self.connection._xero_sync()
        tag = self.partner("Bayside Club").category_id
        self.xero.accounting_json(
            self.tenant_id, "update_contact_group", group_id, {"ContactGroups": [{"Name": "Gold Customers"}]}
        )
        self.connection._xero_sync()
        self.assertEqual(tag.name, "Gold Customers")
        self.assertEqual(self.partner("Bayside Club").category_id, tag)

    def test_tags_changed_in_odoo_change_the_groups(self):
        group_id = self.group_in_xero("VIP", "Bayside Club", "Basket Case Ltd")
        self.connection._xero_sync()
        vip = self.partner("Bayside Club").category_id
        self.partner("City Limousines").category_id = [(4, vip.id)]
        self.partner("Marine Systems").category_id = [(4, vip.id)]
        self.partner("Bayside Club").category_id = [(3, vip.id)]
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertEqual(self.members_in_xero(group_id), {"Basket Case Ltd", "City Limousines", "Marine Systems"})
        self.assertEqual(len(self.group_calls("PUT")), 1, "one call adds both")
        self.assertEqual(len(self.group_calls("DELETE")), 1)

    def test_both_sides_changes_meet(self):
        group_id = self.group_in_xero("VIP", "Bayside Club", "Basket Case Ltd")
        self.connection._xero_sync()
        vip = self.partner("Bayside Club").category_id
        self.partner("City Limousines").category_id = [(4, vip.id)]
        self.xero.accounting(
            self.tenant_id, "delete_contact_group_contact", group_id, self.contact_id("Basket Case Ltd")
        )
        self.connection._xero_sync()
        self.assertEqual(self.members_in_xero(group_id), {"Bayside Club", "City Limousines"})
        self.assertEqual(self.tagged(vip), {"Bayside Club", "City Limousines"})

    def test_between_reads_of_xero_only_odoo_changes_are_sent(self):
        group_id = self.group_in_xero("VIP", "Bayside Club")
        self.connection._xero_sync()
        self.connection._xero_sync()  # nothing new: a routine run reads groups again later
        vip = self.partner("Bayside Club").category_id
        self.partner("Marine Systems").category_id = [(4, vip.id)]
        self.emulator_admin("DELETE", "requests")
        self.connection.with_context(xero_scheduled=True)._xero_sync()
        self.assertFalse(self.group_calls("GET"), "groups are not read again before their time")
        self.assertEqual(self.members_in_xero(group_id), {"Bayside Club", "Marine Systems"})

    def test_switched_off_groups_cost_nothing(self):
        self.group_in_xero("VIP", "Bayside Club")
        self.connection.contact_groups = False
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.group_calls("GET"))
        self.assertFalse(self.partner("Bayside Club").category_id)

    def test_a_removal_both_sides_made_is_no_failure(self):
        group_id = self.group_in_xero("VIP", "Bayside Club")
        self.connection._xero_sync()
        self.connection._xero_sync()  # nothing new: groups are read again later
        vip = self.partner("Bayside Club").category_id
        self.partner("Bayside Club").category_id = [(3, vip.id)]
        self.xero.accounting(self.tenant_id, "delete_contact_group_contact", group_id, self.contact_id("Bayside Club"))
        self.connection.with_context(xero_scheduled=True)._xero_sync()
        log = self.env["xero.sync.log"].search(
            [("connection_id", "=", self.connection.id), ("entity", "=", "contact_group")], limit=1, order="id desc"
        )
        self.assertEqual(log.failed_count, 0)
        self.assertFalse(self.members_in_xero(group_id))
        self.assertFalse(self.partner("Bayside Club")._xero_links(self.connection).groups_pending)

    def test_one_archived_customer_never_keeps_the_others_out_of_a_group(self):
        group_id = self.group_in_xero("VIP", "Bayside Club")
        self.connection._xero_sync()
        vip = self.partner("Bayside Club").category_id
        self.partner("City Limousines").category_id = [(4, vip.id)]
        self.partner("Marine Systems").category_id = [(4, vip.id)]
        # archived in Xero right after the connector read the contacts, before the groups go
        self.save_in_xero_after_read(
            "order=", records=[{"ContactID": self.contact_id("Marine Systems"), "ContactStatus": "ARCHIVED"}]
        )
        self.connection._xero_sync()
        self.assertEqual(self.members_in_xero(group_id), {"Bayside Club", "City Limousines"})
        log = self.env["xero.sync.log"].search(
            [("connection_id", "=", self.connection.id), ("entity", "=", "contact_group")], limit=1, order="id desc"
        )
        self.assertEqual(log.failed_count, 1)
        self.assertIn("archived in Xero", log.line_ids.message)
        self.emulator_admin("DELETE", "requests")
        self.connection._xero_sync()
        self.assertFalse(self.group_calls("PUT"), "an archived contact is not sent again")
        self.assertEqual(self.tagged(vip), {"Bayside Club", "City Limousines", "Marine Systems"})
        # restored in Xero: the tag Odoo kept goes to its group at last
        self.edit_in_xero("Marine Systems", ContactStatus="ACTIVE")
        self.connection._xero_sync()
        self.connection._xero_sync()
        self.assertEqual(self.members_in_xero(group_id), {"Bayside Club", "City Limousines", "Marine Systems"})

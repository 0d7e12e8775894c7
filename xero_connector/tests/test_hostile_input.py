"""Hostile and invalid input, both ways: each case gets a clear message on its record,
the rest of its batch still goes through, and nothing is lost or half-written."""
from odoo.addons.xero_connector.xero import entities

from .common import SyncCase


class TestHostileInput(SyncCase):

    def setUp(self):
        super().setUp()
        self.connection.write({"push_new_customers": False, "contacts_only": True})

    def push_batch(self, partners):
        """Push partners as one routine batch; returns their links."""
        links = partners._xero_ensure_links(self.connection)
        self.connection._xero_push(self.connection._xero_client(), entities.get("contact"), links)
        return links

    def test_bad_records_fail_alone_and_the_rest_of_the_batch_goes(self):
        self.connection._xero_sync()          # the demo contacts are linked first
        good = self.env["res.partner"].create([{"name": "Good One"}, {"name": "Good Two"}])
        bad = self.env["res.partner"].create([
            {"name": "   "},                                        # blank once trimmed
            {"name": "Bad Mail", "email": "a@@b"},
            {"name": "Long Tax Id", "vat": "9" * 51},
            {"name": "BAYSIDE CLUB"},                               # taken in Xero (another contact)
            {"name": "Dup Code", "ref": "BAY001"},                  # ledger code taken in Xero
        ])
        links = self.push_batch(good | bad)
        by_partner = {link.res_id: link for link in links}
        self.assertEqual({by_partner[p.id].state for p in good}, {"synced"})
        messages = [by_partner[p.id].last_error for p in bad]
        self.assertIn("A Xero contact needs a name.", messages[0])
        self.assertIn("Email a@@b is not a valid address.", messages[1])
        self.assertIn("Tax ID is longer than Xero's 50 characters.", messages[2])
        self.assertIn("The contact name BAYSIDE CLUB is already assigned to another contact", messages[3])
        self.assertIn("Xero already has this customer (same ledger code BAY001)", messages[4])
        names = [c["Name"] for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]]
        self.assertEqual(names.count("Good One") + names.count("Good Two"), 2)
        self.assertFalse({"Bad Mail", "Long Tax Id", "Dup Code"} & set(names), "nothing half-written in Xero")

    def test_a_record_deleted_in_odoo_while_waiting_is_reported_not_sent(self):
        partners = self.env["res.partner"].create([{"name": "Kept"}, {"name": "Deleted Later"}])
        links = partners._xero_ensure_links(self.connection)
        partners[1].unlink()
        self.push_batch(partners[:1])
        deleted_link = links.filtered(lambda l: l.res_id == partners[1].id)
        self.connection._xero_push(self.connection._xero_client(), entities.get("contact"), deleted_link)
        self.assertEqual((deleted_link.state, deleted_link.last_error), ("error", "The Odoo record was deleted."))
        self.assertFalse([c for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
                          if c["Name"] == "Deleted Later"])

    def test_script_and_markup_travel_as_text_both_ways(self):
        hostile = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
        partner = self.env["res.partner"].create({"name": "Shop " + hostile})
        link = self.push_batch(partner)
        self.assertEqual(link.state, "synced", link.last_error)
        contact = [c for c in self.emulator_admin("GET", "tenants/%s/Contacts" % self.tenant_id)["Contacts"]
                   if c["ContactID"] == link.xero_id][0]
        self.assertEqual(contact["Name"], "Shop " + hostile)
        self.edit_in_xero("Shop " + hostile, Name="Renamed " + hostile)
        self.connection._xero_sync()
        self.assertEqual(partner.name, "Renamed " + hostile)
        self.assertNotIn("<script>", partner.message_ids[:1].body or "", "never markup in the chatter")

"""What differs between Odoo 18.0 and 19.0 (``odoo_series``), each checked on the series
the tests run on: the same assertions hold on both."""

import psycopg2

from odoo import release
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.xero_connector import odoo_series

from .common import SyncCase

ONLY_MOBILE = [{"PhoneType": "MOBILE", "PhoneNumber": "027 555 0101"}]
BOTH_PHONES = [
    {"PhoneType": "DEFAULT", "PhoneNumber": "04 555 0100"},
    {"PhoneType": "MOBILE", "PhoneNumber": "027 555 0102"},
]


@tagged("post_install", "-at_install")
class TestOdooSeries(SyncCase):
    def test_the_addon_installs_under_the_running_series(self):
        """The manifest's version names no series: Odoo installs it under its own."""
        self.assertIn(odoo_series.SERIES, (18, 19))
        manifest = self.env["ir.module.module"].search([("name", "=", "xero_connector")])
        running = "%s.0." % release.version_info[0]
        self.assertTrue(manifest.latest_version.startswith(running), manifest.latest_version)

    # -- the unique rules ---------------------------------------------------------------------
    def assert_copy_refused(self, table, constraint, row_id, **overrides):
        """A copy of the row (with ``overrides``), inserted straight into PostgreSQL, is
        refused there by the named constraint, which has the same name on both series."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
            [table],
        )
        columns = [row[0] for row in self.env.cr.fetchall()]
        selected = ", ".join("%s" if column in overrides else column for column in columns)
        with self.assertRaises(psycopg2.errors.UniqueViolation) as refused, mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO %s (%s) SELECT %s FROM %s WHERE id = %%s"
                    % (table, ", ".join(columns), selected, table),
                    [overrides[column] for column in columns if column in overrides] + [row_id],
                )
        self.assertEqual(refused.exception.diag.constraint_name, "%s_%s" % (table, constraint))

    def test_postgresql_refuses_a_second_link_cursor_queue_row_and_connection(self):
        self.connection._xero_sync()
        link = self.env["xero.sync.link"].search([("connection_id", "=", self.connection.id)], limit=1)
        cursor = self.env["xero.sync.cursor"].search([("connection_id", "=", self.connection.id)], limit=1)
        self.assertTrue(link and cursor, "the import made links and cursors")
        # the same Odoo record linked twice, the same Xero record linked twice
        self.assert_copy_refused("xero_sync_link", "odoo_record_uniq", link.id, xero_id="another")
        self.assert_copy_refused("xero_sync_link", "xero_record_uniq", link.id, res_id=0)
        self.assert_copy_refused("xero_sync_cursor", "connection_entity_uniq", cursor.id)
        queued = self.env["xero.sync.queue"].create(
            {"connection_id": self.connection.id, "entity": "contact", "xero_id": link.xero_id}
        )
        self.assert_copy_refused("xero_sync_queue", "record_uniq", queued.id)
        self.assert_copy_refused("xero_connection", "company_uniq", self.connection.id)

    # -- groups ---------------------------------------------------------------------------------
    def test_xero_groups_show_under_xero_and_the_administrator_has_them(self):
        manager = self.env.ref("xero_connector.group_xero_manager")
        user = self.env.ref("xero_connector.group_xero_user")
        category = self.env.ref("xero_connector.module_category_xero")
        for group in manager | user:
            placed = group.category_id if odoo_series.SERIES < 19 else group.privilege_id.category_id
            self.assertEqual(placed, category, group.name)
        self.assertIn(manager, self.env.ref("base.user_admin")[odoo_series.USER_GROUPS])

    # -- Xero's MOBILE phone --------------------------------------------------------------------
    def import_contact(self, name, phones):
        self.emulator_admin(
            "POST", "tenants/%s/ui/Contacts" % self.tenant_id, Contacts=[{"Name": name, "Phones": phones}]
        )
        self.connection._xero_sync()
        return self.Partner.search([("name", "=", name)])

    def xero_phones(self, name):
        phones = self.xero_contact(name)[0].get("Phones") or []
        return {phone["PhoneType"]: phone.get("PhoneNumber") or "" for phone in phones}

    def test_a_mobile_only_contact_shows_its_mobile_and_keeps_it_in_xero(self):
        partner = self.import_contact("Mobile Only Ltd", ONLY_MOBILE)
        self.assertEqual(partner.xero_mobile, "027 555 0101")
        # Odoo 19 has no mobile field of its own: the only number shows as the phone
        self.assertEqual(partner.phone, False if odoo_series.PARTNER_HAS_MOBILE else "027 555 0101")
        link = partner._xero_links(self.connection)
        self.assertEqual(link.state, "synced")
        partner.email = "hello@mobile-only.example"
        self.connection._xero_sync()
        phones = self.xero_phones("Mobile Only Ltd")
        self.assertEqual(phones.get("MOBILE"), "027 555 0101", "the push kept Xero's mobile number")
        self.assertFalse(phones.get("DEFAULT"), "the mobile number was not copied into Xero's default phone")

    def test_default_phone_and_mobile_each_keep_their_place_both_ways(self):
        partner = self.import_contact("Two Phones Ltd", BOTH_PHONES)
        self.assertEqual((partner.phone, partner.xero_mobile), ("04 555 0100", "027 555 0102"))
        partner.xero_mobile = "027 555 0199"
        self.connection._xero_sync()
        self.assertEqual(self.xero_phones("Two Phones Ltd"), {"DEFAULT": "04 555 0100", "MOBILE": "027 555 0199"})
        self.edit_in_xero("Two Phones Ltd", Phones=[{"PhoneType": "MOBILE", "PhoneNumber": "027 555 0200"}])
        self.connection._xero_sync()
        self.assertEqual((partner.phone, partner.xero_mobile), ("04 555 0100", "027 555 0200"))

    def test_a_default_phone_equal_to_the_mobile_stays_xeros_default_phone(self):
        same = [
            {"PhoneType": "DEFAULT", "PhoneNumber": "027 555 0303"},
            {"PhoneType": "MOBILE", "PhoneNumber": "027 555 0303"},
        ]
        partner = self.import_contact("Same Number Ltd", same)
        self.assertEqual((partner.phone, partner.xero_mobile), ("027 555 0303", "027 555 0303"))
        partner.email = "hello@same-number.example"
        self.connection._xero_sync()
        self.assertEqual(self.xero_phones("Same Number Ltd"), {"DEFAULT": "027 555 0303", "MOBILE": "027 555 0303"})
        self.assertEqual(partner._xero_links(self.connection).state, "synced")

    def test_a_contact_upgraded_from_odoo_18_gets_its_mobile_back_and_looks_unchanged(self):
        partner = self.import_contact("Upgraded Ltd", ONLY_MOBILE)
        link = partner._xero_links(self.connection)
        self.assertEqual(link.synced_values["mobile"], "027 555 0101")
        if odoo_series.PARTNER_HAS_MOBILE:
            self.assertFalse(self.env["res.partner"]._xero_restore_mobile_numbers(), "nothing to restore on 18.0")
            return
        # what Odoo's upgrade to 19 leaves: the number in phone, no mobile field
        partner.with_context(xero_from_sync=True).write({"phone": "027 555 0101", "xero_mobile": False})
        self.assertEqual(self.env["res.partner"]._xero_restore_mobile_numbers(), partner)
        self.assertEqual((partner.phone, partner.xero_mobile), ("027 555 0101", "027 555 0101"))
        self.assertEqual(partner._xero_read_values(self.connection)["phone"], False)
        self.connection._xero_sync()
        self.assertEqual(link.state, "synced")
        self.assertEqual(self.xero_phones("Upgraded Ltd").get("MOBILE"), "027 555 0101")

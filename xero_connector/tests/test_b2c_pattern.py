"""The private-customer pattern an administrator types is checked when saved, and one
that got into the database anyway (SQL, an older version) cannot fail or stall a sync:
it matches no name, so the contacts come in as companies."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestB2cPattern(SyncCase):
    def test_a_pattern_that_does_not_compile_is_refused_on_save(self):
        with self.assertRaisesRegex(ValidationError, "not a valid regular expression: missing \\), unterminated"):
            self.connection.b2c_pattern = r"^(mr|mrs"

    def test_a_pattern_that_can_backtrack_for_ever_is_refused_on_save(self):
        for pattern, why in (
            (r"(a+)+$", "repeats a group that itself repeats"),
            (r"(x|x)*y", "repeats a group of alternatives"),
            (r"(mr)\s\1", "refers back to a group"),
            (r".*.*.*family", "too many repeats"),
            ("mr" * 101, "202 characters long"),
        ):
            with self.subTest(pattern=pattern), self.assertRaisesRegex(ValidationError, why):
                self.connection.b2c_pattern = pattern
        self.connection.b2c_pattern = r"\(private\)\s*$"
        self.connection.b2c_pattern = False  # no pattern: nothing is private

    def test_a_bad_pattern_stored_anyway_imports_everyone_as_companies(self):
        self.env.cr.execute(
            "UPDATE xero_connection SET b2c_pattern = %s WHERE id = %s", [r"^(mr|mrs", self.connection.id]
        )
        self.connection.invalidate_recordset(["b2c_pattern"])
        self.emulator_admin(
            "POST",
            "tenants/%s/ui/Contacts" % self.tenant_id,
            Contacts=[{"Name": "Mr John Smith"}, {"Name": "Kiwi Kids"}],
        )
        with self.assertLogs("odoo.addons.xero_connector.xero.mapping_contacts", "WARNING") as logged:
            self.connection._xero_sync()
        self.assertIn("not a valid regular expression", logged.output[0])
        partners = self.Partner.search([("name", "in", ["Mr John Smith", "Kiwi Kids"])])
        self.assertEqual(partners.mapped("is_company"), [True, True])
        self.assertEqual(self.connection.state, "connected")

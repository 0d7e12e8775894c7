"""Translators start from i18n/xero_connector.pot: it must list every string of the
code that Odoo translates (``make pot`` writes it)."""

import io
import os

import polib

from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import trans_export

POT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n", "xero_connector.pot")


def strings(text):
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(text) if entry.msgid}


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_the_pot_lists_the_strings_of_the_code_as_they_are(self):
        buffer = io.BytesIO()
        trans_export(False, ["xero_connector"], buffer, "po", self.env.cr)
        exported = strings(buffer.getvalue().decode())
        with open(POT, encoding="utf-8") as handle:
            committed = strings(handle.read())
        self.assertTrue(exported)
        # the plain-Python layer's words are collected too (its ``_lt`` marker)
        self.assertIn((None, "Xero is unavailable (HTTP %s)."), exported)
        self.assertIn((None, "Xero's %s rate limit is reached for now."), exported)
        self.assertEqual(sorted(exported - committed), [], "strings missing from i18n/xero_connector.pot: run make pot")
        self.assertEqual(sorted(committed - exported), [], "strings the code no longer has: run make pot")

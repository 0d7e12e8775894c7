"""Translators start from i18n/xero_connector.pot: it must list every string of the
code that Odoo translates (``make pot`` writes it)."""

import io
import os

import polib

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.xero_connector.odoo_series import export_translations

POT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n", "xero_connector.pot")


def strings(text):
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(text) if entry.msgid}


def names_of_odoo_models(text):
    """The descriptions of Odoo's own models the addon extends: each series names some
    differently (crm.lead is "Lead/Opportunity" on 18.0, "Lead" on 19.0)."""
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(text)
        if entry.occurrences
        and all(
            place.startswith("model:ir.model,name:")
            and not place.startswith("model:ir.model,name:xero_connector.model_xero")
            for place, _line in entry.occurrences
        )
    }


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_the_pot_lists_the_strings_of_the_code_as_they_are(self):
        buffer = io.BytesIO()
        export_translations(self.env, ["xero_connector"], buffer)
        exported = strings(buffer.getvalue().decode())
        with open(POT, encoding="utf-8") as handle:
            text = handle.read()
        committed = strings(text)
        self.assertTrue(exported)
        # the plain-Python layer's words are collected too (its ``_lt`` marker)
        self.assertIn((None, "Xero is unavailable (HTTP %s)."), exported)
        self.assertIn((None, "Xero's %s rate limit is reached for now."), exported)
        self.assertEqual(sorted(exported - committed), [], "strings missing from i18n/xero_connector.pot: run make pot")
        stale = committed - exported - names_of_odoo_models(text)
        self.assertEqual(sorted(stale), [], "strings the code no longer has: run make pot")

"""Which Odoo record is which Xero record is answered in one place, the binder of
``xero.sync.link`` (``_xero_for_records``, ``_xero_by_record``, ``_xero_for_ids``,
``_xero_record_ids``, ``_xero_linked_ids``, ``_xero_linked_res_ids``): no other module
searches the links itself."""

import os
import re

ADDON = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "xero_connector")
BINDER = os.path.join("models", "xero_sync_link.py")
# a search of the link model, whatever it is called: env["xero.sync.link"], Link, Links
SEARCHED_BY_HAND = re.compile(
    r"""(\["xero\.sync\.link"\]|\bLinks?\b)\s*(\.\s*sudo\(\))?\s*\.\s*(search|search_count|search_read|search_fetch)\("""
)
# the contact-group step's own queue: the customers whose memberships changed since the
# last agreement (a work list of that step, not a question of which record is which)
ALLOWED = {os.path.join("engine", "contact_groups.py"): 2}


def hand_searches(text):
    return SEARCHED_BY_HAND.findall(text)


def test_only_the_binder_searches_the_links():
    found = {}
    for folder, _dirs, files in os.walk(ADDON):
        relative = os.path.relpath(folder, ADDON)
        if relative.split(os.sep)[0] in ("tests", "migrations"):
            continue
        for name in files:
            path = os.path.join(relative, name) if relative != "." else name
            if not name.endswith(".py") or path == BINDER:
                continue
            with open(os.path.join(ADDON, path), encoding="utf-8") as handle:
                count = len(hand_searches(handle.read()))
            if count != ALLOWED.get(path, 0):
                found[path] = count
    assert not found, "links searched outside the binder (or an allowance no longer needed): %s" % found


def test_the_check_sees_a_search_however_it_is_written():
    assert hand_searches('self.env["xero.sync.link"].sudo().search([("x", "=", 1)])')
    assert hand_searches('self.env["xero.sync.link"]\n    .sudo()\n    .search(\n [])')
    assert hand_searches("Link.search([])") and hand_searches("self.Links.search_count([])")
    assert not hand_searches('self.env["xero.sync.link"]._xero_for_ids(connection, "contact", ids)')

"""Which groups a contact ends up in when Odoo's tags and Xero's groups both changed."""

from xero_connector.xero.contact_groups import groups_from_xero, members_from_xero, reconcile


def test_first_sync_joins_both_sides():
    assert reconcile(None, {"a"}, {"b"}) == ({"a", "b"}, {"a"}, set())


def test_each_sides_changes_since_the_last_agreement_are_kept():
    # Odoo added c and removed a; Xero added d and removed b
    final, add, remove = reconcile({"a", "b"}, {"b", "c"}, {"a", "d"})
    assert final == {"c", "d"}
    assert (add, remove) == ({"c"}, {"a"})


def test_nothing_changed_nothing_to_send():
    assert reconcile({"a"}, {"a"}, {"a"}) == ({"a"}, set(), set())


def test_xero_answers_read_as_plain_values():
    listing = {
        "ContactGroups": [
            {"ContactGroupID": "g1", "Name": "VIP", "Status": "ACTIVE", "Contacts": []},
            {"ContactGroupID": "g2", "Name": "Old", "Status": "DELETED"},
        ]
    }
    assert groups_from_xero(listing) == {"g1": "VIP"}
    read = {"ContactGroups": [{"ContactGroupID": "g1", "Contacts": [{"ContactID": "c1", "Name": "Bayside"}]}]}
    assert members_from_xero(read) == {"c1"}

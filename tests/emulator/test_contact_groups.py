"""Contact groups through the real SDK: made, renamed and deleted; members added and
removed; only active groups read back, their members only on a read by id."""

import pytest
from xero_python.accounting import Contact, ContactGroup, ContactGroups, Contacts

from xero_connector.xero.errors import XeroNotFound, XeroValidationError


def contact_ids(client, tenant_id, *names):
    contacts = client.accounting_json(tenant_id, "get_contacts")["Contacts"]
    return [next(c["ContactID"] for c in contacts if c["Name"] == name) for name in names]


def make_group(client, tenant_id, name):
    made = client.accounting(tenant_id, "create_contact_group", ContactGroups(contact_groups=[ContactGroup(name=name)]))
    return str(made.contact_groups[0].contact_group_id)


def test_groups_and_their_members(client, tenant_id):
    vip = make_group(client, tenant_id, "VIP")
    bayside, basket = contact_ids(client, tenant_id, "Bayside Club", "Basket Case Ltd")
    added = client.accounting(
        tenant_id,
        "create_contact_group_contacts",
        vip,
        Contacts(contacts=[Contact(contact_id=bayside), Contact(contact_id=basket)]),
    )
    assert {str(c.contact_id) for c in added.contacts} == {bayside, basket}
    listed = client.accounting_json(tenant_id, "get_contact_groups")["ContactGroups"]
    assert [(g["Name"], g["Contacts"]) for g in listed] == [("VIP", [])], "members only on a read by id"
    read = client.accounting_json(tenant_id, "get_contact_group", vip)["ContactGroups"][0]
    assert {c["ContactID"] for c in read["Contacts"]} == {bayside, basket}

    client.accounting(tenant_id, "delete_contact_group_contact", vip, basket)
    read = client.accounting_json(tenant_id, "get_contact_group", vip)["ContactGroups"][0]
    assert [c["Name"] for c in read["Contacts"]] == ["Bayside Club"]
    with pytest.raises(XeroNotFound):
        client.accounting(tenant_id, "delete_contact_group_contact", vip, basket)


def test_renamed_deleted_and_names_unique_among_active(client, tenant_id):
    vip = make_group(client, tenant_id, "VIP")
    with pytest.raises(XeroValidationError, match="A Contact Group already exists with this name"):
        make_group(client, tenant_id, "vip")
    client.accounting(tenant_id, "update_contact_group", vip, ContactGroups(contact_groups=[ContactGroup(name="Gold")]))
    assert [g["Name"] for g in client.accounting_json(tenant_id, "get_contact_groups")["ContactGroups"]] == ["Gold"]
    client.accounting(
        tenant_id, "update_contact_group", vip, ContactGroups(contact_groups=[ContactGroup(status="DELETED")])
    )
    assert client.accounting_json(tenant_id, "get_contact_groups")["ContactGroups"] == []
    assert make_group(client, tenant_id, "Gold") != vip, "a deleted group's name is free again"


def test_an_archived_contact_cannot_join_a_group(client, tenant_id):
    vip = make_group(client, tenant_id, "VIP")
    bayside, basket = contact_ids(client, tenant_id, "Bayside Club", "Basket Case Ltd")
    client.accounting_json(
        tenant_id, "update_or_create_contacts", {"Contacts": [{"ContactID": basket, "ContactStatus": "ARCHIVED"}]}
    )
    with pytest.raises(XeroValidationError, match="Unable to assign an Archived contact."):
        client.accounting(
            tenant_id,
            "create_contact_group_contacts",
            vip,
            Contacts(contacts=[Contact(contact_id=bayside), Contact(contact_id=basket)]),
        )
    assert client.accounting_json(tenant_id, "get_contact_group", vip)["ContactGroups"][0]["Contacts"] == []


def test_the_accounts_team_puts_a_contact_in_exactly_some_groups(emulator, client, tenant_id):
    """What Xero's screens do to a contact's groups, for the tests that play the
    accounts team; the API reads the members back."""
    vip, retail = make_group(client, tenant_id, "VIP"), make_group(client, tenant_id, "Retail")
    (bayside,) = contact_ids(client, tenant_id, "Bayside Club")
    route = "tenants/%s/contact-groups" % tenant_id
    emulator.admin("POST", route, ContactID=bayside, Groups=["VIP", "Retail"])
    emulator.admin("POST", route, ContactID=bayside, Groups=["Retail"])
    members = {g["Name"]: g["Contacts"] for g in emulator.admin("GET", route)["ContactGroups"]}
    assert (members["VIP"], members["Retail"]) == ([], [bayside])
    read = client.accounting_json(tenant_id, "get_contact_group", retail)["ContactGroups"][0]["Contacts"]
    assert [c["ContactID"] for c in read] == [bayside]
    assert not client.accounting_json(tenant_id, "get_contact_group", vip)["ContactGroups"][0]["Contacts"]

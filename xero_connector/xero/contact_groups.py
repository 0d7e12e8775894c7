"""Contact groups as partner tags: which groups a contact ends up in when Odoo (its tags)
and Xero (the group's members) both changed since they last agreed. Plain sets of
Xero group ids; the engine reads and writes them."""

from . import entities


def reconcile(base, odoo, xero):
    """``(final, add_in_xero, remove_in_xero)`` for one contact. ``base``: the groups
    both sides agreed on (None before the first sync: nothing agreed, so nothing either
    side lacks was removed and the two are joined); each side's additions and removals
    since then are kept."""
    odoo, xero = set(odoo), set(xero)
    base = set(odoo & xero) if base is None else set(base)
    final = (base | (odoo - base) | (xero - base)) - (base - odoo) - (base - xero)
    return final, final - xero, xero - final


def groups_from_xero(answer):
    """``{group id: name}`` of the ACTIVE groups of a ``GET /ContactGroups`` answer."""
    return {
        group["ContactGroupID"]: group.get("Name") or ""
        for group in answer.get("ContactGroups") or []
        if group.get("Status", "ACTIVE") == "ACTIVE"
    }


def members_from_xero(answer):
    """The contact ids of a ``GET /ContactGroups/{id}`` answer."""
    groups = answer.get("ContactGroups") or [{}]
    return {contact["ContactID"] for contact in groups[0].get("Contacts") or [] if contact.get("ContactID")}


# Groups have no modified date and their members are read group by group: the generic
# pull and push do not fit, a step of the run syncs them (engine/contact_groups.py)
entities.register(
    entities.Entity(
        name=entities.CONTACT_GROUP,
        group="customers",
        odoo_model="res.partner.category",
        collection="ContactGroups",
        id_field="ContactGroupID",
        list_operation="get_contact_groups",
        write_operation="create_contact_group_contacts",
        to_xero=None,
        from_xero=None,
        paged=False,
        scope_area="contacts",
        pull=False,
        push=False,
        own_step="sync_contact_groups",
    )
)

"""Contact groups: named sets of contacts, created, renamed and deleted (Status DELETED)
through ``/ContactGroups``, their members added and removed through
``/ContactGroups/{id}/Contacts``. Only ACTIVE groups are read back."""

from .xerojson import new_id

GROUP_NAME_TAKEN = "A Contact Group already exists with this name"
STATUSES = ("ACTIVE", "DELETED")


def write_group(tenant, element, existing):
    record = dict(existing) if existing else {"ContactGroupID": new_id(), "Status": "ACTIVE", "_members": []}
    for field in ("Name", "Status"):
        if field in element:
            record[field] = element[field]
    name = (record.get("Name") or "").strip()
    errors = []
    if not name:
        errors.append("Contact Group Name must be specified.")
    elif len(name) > 255:
        errors.append("Contact Group Name must not be more than 255 characters long.")
    if record.get("Status") not in STATUSES:
        errors.append("Status must be ACTIVE or DELETED.")
    taken = [
        g
        for g in tenant.records["ContactGroups"].values()
        if g["ContactGroupID"] != record["ContactGroupID"]
        and g["Status"] == "ACTIVE"
        and g["Name"].strip().casefold() == name.casefold()
    ]
    if name and record.get("Status") == "ACTIVE" and taken:
        errors.append(GROUP_NAME_TAKEN)
    return record, errors


def groups_of(tenant):
    """Each contact's active groups: contact id -> [group, ...]."""
    by_contact = {}
    for group in tenant.records["ContactGroups"].values():
        if group["Status"] == "ACTIVE":
            for contact_id in group["_members"]:
                by_contact.setdefault(contact_id, []).append(group)
    return by_contact


def members(tenant, group):
    contacts = tenant.records["Contacts"]
    return [
        {"ContactID": contact_id, "Name": contacts[contact_id]["Name"]}
        for contact_id in group["_members"]
        if contact_id in contacts
    ]


def add_members(tenant, group, contact_ids):
    """Adds the contacts (each at most once); returns those not found."""
    missing = [c for c in contact_ids if c not in tenant.records["Contacts"]]
    for contact_id in contact_ids:
        if contact_id not in missing and contact_id not in group["_members"]:
            group["_members"].append(contact_id)
    return missing

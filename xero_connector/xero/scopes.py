"""Which OAuth2 scopes a connection asks Xero for, from what it syncs.

Xero apps created on or after 2 March 2026 may ask only for granular scopes; older apps
keep the broad ``accounting.transactions`` until September 2027
(developer.xero.com/faq/granular-scopes). Invoices, credit notes and purchase orders
moved to ``accounting.invoices``; contacts and settings kept their scopes. A direction
that only reads asks for the ``.read`` variant.
"""

GRANULAR = "granular"
BROAD = "broad"

# what each area of the Accounting API answers to, per scope set
AREA_SCOPES = {
    "contacts": {GRANULAR: "accounting.contacts", BROAD: "accounting.contacts"},
    "settings": {GRANULAR: "accounting.settings", BROAD: "accounting.settings"},
    "documents": {GRANULAR: "accounting.invoices", BROAD: "accounting.transactions"},
}

DEFAULT_SCOPES = "offline_access accounting.invoices accounting.contacts accounting.settings"


def scope_name(area, scope_set, write=True):
    name = AREA_SCOPES[area][scope_set]
    return name if write else name + ".read"


def requested_scopes(scope_set, needs, offline=True):
    """The scope string for ``needs``, a dict area -> "write" | "read" (absent: none)."""
    wanted = ["offline_access"] if offline else []
    for area in ("documents", "contacts", "settings"):
        access = needs.get(area)
        if access:
            wanted.append(scope_name(area, scope_set, write=access == "write"))
    return " ".join(wanted)


def broad_scopes_in(scope):
    """The broad scopes a granular-only app may not ask for, found in ``scope``."""
    return [
        s for s in (scope or "").split() if s.startswith("accounting.transactions") or s == "accounting.reports.read"
    ]

"""Which OAuth2 scopes a connection asks Xero for, from what it syncs.

Xero apps created on or after 2 March 2026 may ask only for granular scopes; older apps
keep the broad ``accounting.transactions`` until September 2027
(developer.xero.com/faq/granular-scopes). Invoices, credit notes, purchase orders and
items moved to ``accounting.invoices``; contacts and settings kept their scopes. A
direction that only reads asks for the ``.read`` variant, and a scope is asked for once,
for the most any area needs of it: under granular scopes a connection that writes items
and documents reads the organisation's settings only (``accounting.settings.read``).
"""

GRANULAR = "granular"
BROAD = "broad"

# what each area of the Accounting API answers to, per scope set
AREA_SCOPES = {
    "contacts": {GRANULAR: "accounting.contacts", BROAD: "accounting.contacts"},
    "settings": {GRANULAR: "accounting.settings", BROAD: "accounting.settings"},
    "documents": {GRANULAR: "accounting.invoices", BROAD: "accounting.transactions"},
    "items": {GRANULAR: "accounting.invoices", BROAD: "accounting.settings"},
}
AREA_ORDER = ("documents", "items", "contacts", "settings")

DEFAULT_SCOPES = "offline_access accounting.invoices accounting.contacts accounting.settings.read"
# Xero ends the broad scopes of apps created before March 2026 on this day
BROAD_SCOPES_END = "13 September 2027"


def scope_name(area, scope_set, write=True):
    name = AREA_SCOPES[area][scope_set]
    return name if write else name + ".read"


def requested_scopes(scope_set, needs, offline=True):
    """The scope string for ``needs``, a dict area -> "write" | "read" (absent: none):
    each scope once, writable if any area that answers to it is written."""
    access = {}
    for area in AREA_ORDER:
        if needs.get(area):
            name = AREA_SCOPES[area][scope_set]
            access[name] = "write" if "write" in (needs[area], access.get(name)) else "read"
    wanted = ["offline_access"] if offline else []
    wanted += [name if level == "write" else name + ".read" for name, level in access.items()]
    return " ".join(wanted)


def broad_scopes_in(scope):
    """The broad scopes a granular-only app may not ask for, found in ``scope``."""
    return [
        s for s in (scope or "").split() if s.startswith("accounting.transactions") or s == "accounting.reports.read"
    ]

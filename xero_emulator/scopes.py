"""OAuth2 scopes: which scope opens which Accounting API endpoint, and which scopes an
app may ask for.

Xero apps created on or after 2 March 2026 may ask only for granular scopes: the broad
``accounting.transactions`` and ``accounting.reports.read`` end the sign-in with
"unauthorized_client: Invalid scope for client" (developer.xero.com/faq/granular-scopes;
the error as reported by Apideck's help centre and osodevops/xero-cli v0.5.0). Older
apps keep the broad scopes until September 2027 and may mix both.

Each endpoint accepts its broad scope (the ``security`` of Xero's OpenAPI spec) or the
granular one that replaced it. A token without any of them gets a 401 whose Detail is
``AuthorizationUnsuccessful`` (XeroAPI/xero-ruby-oauth2-app#82,
foxbytehq/laravel-xero-oauth2#19 and #99).
"""

BROAD_ONLY = frozenset({"accounting.transactions", "accounting.transactions.read", "accounting.reports.read"})

# collection -> the scopes that allow writing it; each one's ".read" variant allows reading
_WRITE_SCOPES = {
    "Contacts": ("accounting.contacts",),
    "ContactGroups": ("accounting.contacts",),
    # items answer to the settings scope (OpenAPI spec) and to the granular invoices scope
    # (Apideck, "Xero Scopes: what changed", March 2026)
    "Items": ("accounting.settings", "accounting.invoices"),
    "Invoices": ("accounting.transactions", "accounting.invoices"),
    "CreditNotes": ("accounting.transactions", "accounting.invoices"),
    "PurchaseOrders": ("accounting.transactions", "accounting.invoices"),
    "Quotes": ("accounting.transactions", "accounting.invoices"),
    "Payments": ("accounting.transactions", "accounting.payments"),
    "TaxRates": ("accounting.settings",),
    "Accounts": ("accounting.settings",),
    "BrandingThemes": ("accounting.settings",),
    "TrackingCategories": ("accounting.settings",),
    "Currencies": ("accounting.settings",),
    "Organisation": ("accounting.settings",),
}

KNOWN = frozenset(
    {
        "openid",
        "profile",
        "email",
        "offline_access",
        "accounting.reports.read",
        "accounting.journals.read",
        "accounting.budgets.read",
        "accounting.attachments",
        "accounting.attachments.read",
    }
    | {scope + suffix for scopes in _WRITE_SCOPES.values() for scope in scopes for suffix in ("", ".read")}
    | {
        "accounting.banktransactions",
        "accounting.banktransactions.read",
        "accounting.manualjournals",
        "accounting.manualjournals.read",
        "accounting.reports.aged.read",
        "accounting.reports.profitandloss.read",
        "accounting.reports.balancesheet.read",
    }
)

# what a custom connection's token carries when the emulator is not told otherwise
BROAD_SET = "accounting.transactions accounting.contacts accounting.settings"
GRANULAR_SET = "accounting.invoices accounting.contacts accounting.settings"


def refused_at_sign_in(requested, granular_only):
    """The OAuth error the authorize endpoint answers for these scopes, or None."""
    scopes = set(requested.split())
    if scopes - KNOWN:
        return "invalid_scope", "Invalid scope: %s" % " ".join(sorted(scopes - KNOWN))
    if granular_only and scopes & BROAD_ONLY:
        return "unauthorized_client", "Invalid scope for client"
    return None


def allows(granted, collection, write):
    """Whether a token granted ``granted`` (space-separated) may read or write ``collection``."""
    scopes = set((granted or "").split())
    needed = _WRITE_SCOPES.get(collection)
    if needed is None:
        return True
    accepted = set(needed) if write else {s + suffix for s in needed for suffix in ("", ".read")}
    return bool(scopes & accepted)

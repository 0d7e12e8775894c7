"""The registry the sync engine reads: which Xero collections sync, how they are listed
and written, and the pair of pure mapping functions of each.

Adding an entity is one mapping module (``mapping_*.py``), one ``register`` call, a
name below and its place in ``SYNC_ORDER``. Code names an entity by these constants,
never by a string of its own.
"""

from dataclasses import dataclass, field

_REGISTRY = {}

# the entities' names: the engine's keys, and what links, cursors, queue rows and log
# lines store
CONTACT = "contact"
CONTACT_GROUP = "contact_group"  # customers' tags; synced by a run step of its own
ITEM = "item"
INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
PURCHASE_ORDER = "purchase_order"
ORDER_INVOICE = "order_invoice"  # a confirmed sales order's draft invoice
LEAD_INVOICE = "lead_invoice"  # an opportunity's draft invoice
QUOTE = "quote"  # Xero's quotes, read for the orders and opportunities that made them
ORDER_QUOTE = "order_quote"  # a sent quotation's Xero quote
LEAD_QUOTE = "lead_quote"  # an opportunity's Xero quote

# The order a run takes the entities in, both ways: what others refer to comes first
# (a document's customer and products before the document; Xero's invoices before the
# orders and opportunities whose copies of them they update).
# Quotes go before invoices: an order's invoice names its quote.
SYNC_ORDER = (
    CONTACT,
    CONTACT_GROUP,
    ITEM,
    INVOICE,
    CREDIT_NOTE,
    QUOTE,
    PURCHASE_ORDER,
    ORDER_QUOTE,
    LEAD_QUOTE,
    ORDER_INVOICE,
    LEAD_INVOICE,
)


@dataclass(frozen=True)
class Entity:
    name: str  # the engine's key, e.g. "contact"
    group: str  # what a connection switches on and off: customers, products, documents
    odoo_model: str  # the Odoo model its records become, e.g. "res.partner"
    collection: str  # the Accounting API's collection, e.g. "Contacts"
    id_field: str  # e.g. "ContactID"
    list_operation: str  # SDK method that lists, e.g. "get_contacts"
    write_operation: str  # SDK method that creates or updates a batch
    to_xero: callable  # Odoo values -> Xero payload (a JSON-ready dict)
    from_xero: callable  # Xero payload -> Odoo values
    paged: bool = True  # Items, for one, is not paged
    sized_pages: bool = True  # the list takes pageSize (Quotes' pages are Xero's 100)
    webhook_category: str = None  # CONTACT, INVOICE, CREDITNOTE: what Xero's events say
    list_kwargs: dict = field(default_factory=dict)  # e.g. includeArchived
    # values only Xero has (balances, flags): applied on every pull, never compared or pushed
    readonly_fields: tuple = ()
    get_operation: str = None  # SDK method reading one record by id, when lists take no IDs
    get_kwargs: dict = field(default_factory=dict)  # e.g. unitdp, for get_operation
    pull: bool = True  # read from Xero by the routine sync
    push: bool = True  # written to Xero from Odoo
    mirror_entity: str = None  # the pulled entity Xero's answer to a push also updates
    write_kwargs: dict = field(default_factory=dict)  # e.g. unitdp
    history_operation: str = None  # SDK method adding a History note to one record
    merged_field: str = None  # names the record another was merged into (MergedToContactID)
    # Xero deletes these outright (items): a refused push of a linked one is checked by id
    deletable: bool = False
    scope_area: str = "documents"  # which OAuth scope opens it: contacts, settings, documents
    create_operation: str = None  # SDK method that only creates (PUT): new records go there
    # which records read by id belong here (e.g. sales credit notes, not supplier ones)
    accepts: callable = None
    # synced by this step of the run (``SyncRun.steps()``) instead of the generic pull and push
    own_step: str = None


def register(entity):
    if entity.name in _REGISTRY:
        raise ValueError("entity %s is registered twice" % entity.name)
    if entity.name not in SYNC_ORDER:
        raise ValueError("entity %s has no place in SYNC_ORDER" % entity.name)
    _REGISTRY[entity.name] = entity
    return entity


def get(name):
    return _REGISTRY[name]


def all_entities():
    """The registered entities, in ``SYNC_ORDER``."""
    return [_REGISTRY[name] for name in SYNC_ORDER if name in _REGISTRY]

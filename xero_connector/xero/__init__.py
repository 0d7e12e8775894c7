"""Plain Python, no ORM: the only code that talks to Xero (through xero-python), its
typed errors, its per-tenant throttle, and the entity registry with its mapping pairs.
Importable without Odoo."""

# each mapping module registers its entities on import; the order the engine syncs them in
# is entities.SYNC_ORDER, whatever the order of these imports
from . import mapping_contacts  # noqa: F401  (registers the contact entity)
from . import contact_groups  # noqa: F401  (registers the contact groups, synced by a step of their own)
from . import mapping_items  # noqa: F401  (registers the item entity)
from . import mapping_documents  # noqa: F401  (registers invoices, credit notes, purchase orders)

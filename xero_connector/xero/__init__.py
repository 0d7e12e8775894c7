"""Plain Python, no ORM: the only code that talks to Xero (through xero-python), its
typed errors, its per-tenant throttle, and the entity registry with its mapping pairs.
Importable without Odoo."""
from . import mapping_contacts  # noqa: F401  (registers the contact entity)

"""Plain Python, no ORM: the only code that talks to Xero (through xero-python), its
typed errors and its per-tenant throttle. Importable without Odoo."""

"""``xero.api.call``: one row per call to Xero, the shared rate budget's ledger
(``engine/budget.py`` counts and waits on it)."""

from odoo import fields, models


class XeroApiCall(models.Model):
    _name = "xero.api.call"
    _description = "Xero API Call (rate budget)"
    _log_access = False

    tenant_id = fields.Char(required=True, index=True)
    called_at = fields.Datetime(required=True)
    finished = fields.Boolean()

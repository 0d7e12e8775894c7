"""``xero.api.call``: one row per call to Xero, the shared rate budget's ledger
(``engine/budget.py`` counts and waits on it)."""

from odoo import fields, models


class XeroApiCall(models.Model):
    _name = "xero.api.call"
    _description = "Xero API Call (rate budget)"
    _log_access = False

    tenant_id = fields.Char(required=True, index=True)
    # the company whose connection made the call (Xero's limits are the organisation's,
    # so the budget counts by tenant; the company is for the record rules)
    company_id = fields.Many2one("res.company", index=True, ondelete="cascade")
    called_at = fields.Datetime(required=True)
    finished = fields.Boolean()

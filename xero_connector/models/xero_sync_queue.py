"""``xero.sync.queue``: Xero records a webhook named, waiting to be fetched by id."""

from odoo import fields, models

from ..odoo_series import Constraint


class XeroSyncQueue(models.Model):
    _name = "xero.sync.queue"
    _description = "Xero Records to Fetch"

    connection_id = fields.Many2one("xero.connection", required=True, index=True, ondelete="cascade")
    entity = fields.Char(required=True)
    xero_id = fields.Char(required=True)

    _record_uniq = Constraint("unique(connection_id, entity, xero_id)", "Already waiting to be fetched.")

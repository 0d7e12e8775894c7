"""``xero.sync.queue``: Xero records a webhook named, waiting to be fetched by id."""

from odoo import fields, models

from ..odoo_series import Constraint


class XeroSyncQueue(models.Model):
    _name = "xero.sync.queue"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Records to Fetch"

    entity = fields.Char(required=True)
    xero_id = fields.Char(required=True)

    _record_uniq = Constraint("unique(connection_id, entity, xero_id)", "Already waiting to be fetched.")

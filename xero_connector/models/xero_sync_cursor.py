"""``xero.sync.cursor``: how far each connection has read each entity from Xero."""

from odoo import fields, models

from ..odoo_series import Constraint


class XeroSyncCursor(models.Model):
    _name = "xero.sync.cursor"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Sync Cursor"

    entity = fields.Char(required=True)
    last_updated = fields.Datetime(
        help="The greatest UpdatedDateUTC received and committed; the next pull asks for "
        "what changed since then, minus a small overlap."
    )
    # how often a routine sync reads this entity: every run while Xero changes it, less
    # and less often while nothing changes (Xero's Starter tier allows 1,000 calls a day)
    idle_pulls = fields.Integer(readonly=True, help="Pulls in a row that found nothing new.")
    next_pull_date = fields.Datetime(readonly=True, help="Routine syncs before this leave the entity alone.")
    # the latest pull's progress, committed with each page: what an import shows live
    run_done = fields.Integer("Read", readonly=True)
    run_total = fields.Integer("To Read", readonly=True)

    _connection_entity_uniq = Constraint("unique(connection_id, entity)", "One cursor per connection and entity.")

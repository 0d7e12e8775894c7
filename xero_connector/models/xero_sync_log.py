"""``xero.sync.log``: one line per sync run and direction, with the records that failed."""

from odoo import api, fields, models

OUTCOMES = [("done", "Done"), ("partial", "Partly done"), ("deferred", "Deferred (rate limit)"), ("failed", "Failed")]


class XeroSyncLog(models.Model):
    _name = "xero.sync.log"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Sync Log"
    _order = "id desc"

    entity = fields.Char(required=True, help="What was synced: a Xero entity (contact, item, invoice, ...) or the run.")
    direction = fields.Selection([("pull", "From Xero"), ("push", "To Xero")], required=True)
    created_count = fields.Integer("Created")
    updated_count = fields.Integer("Updated")
    unchanged_count = fields.Integer("Unchanged")
    failed_count = fields.Integer("Failed")
    api_calls = fields.Integer("API Calls")
    duration = fields.Float("Duration (s)", digits=(16, 2))
    outcome = fields.Selection(OUTCOMES, required=True, default="done")
    message = fields.Text()
    line_ids = fields.One2many("xero.sync.log.line", "log_id", string="Failed Records")

    @api.autovacuum
    def _gc_xero_sync_logs(self):
        """Logs older than the configured retention go (default 30 days)."""
        days = int(self.env["ir.config_parameter"].sudo().get_param("xero_connector.log_retention_days", 30))
        self.search([("create_date", "<", fields.Datetime.subtract(fields.Datetime.now(), days=days))]).unlink()


class XeroSyncLogLine(models.Model):
    _name = "xero.sync.log.line"
    _description = "Xero Sync Log: Failed Record"

    log_id = fields.Many2one("xero.sync.log", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    res_model = fields.Char()
    res_id = fields.Many2oneReference(model_field="res_model")
    xero_id = fields.Char("Xero ID")
    message = fields.Text()

"""Import Xero data: the first (or a later) full read of the organisation, run in the
background by the routine sync, with its progress and a summary at the end."""

from odoo import _, fields, models

from ..access import XERO_ADMIN, xero_role
from ..xero import entities

ENTITY_LABELS = {
    entities.CONTACT: "Customers",
    entities.ITEM: "Products",
    entities.INVOICE: "Invoices",
    entities.CREDIT_NOTE: "Credit notes",
    entities.QUOTE: "Quotes",
    entities.PURCHASE_ORDER: "Purchase orders",
}


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    import_state = fields.Selection(
        [("none", "Not run"), ("running", "Running"), ("done", "Done")],
        default="none",
        required=True,
        readonly=True,
        copy=False,
    )
    import_started = fields.Datetime(readonly=True, copy=False)
    import_first_log_id = fields.Integer(
        readonly=True, copy=False, help="Sync log lines from this id on belong to the import."
    )
    import_summary = fields.Text(readonly=True, copy=False)
    import_progress = fields.Json(
        compute="_compute_import_progress", help="Per entity: records read and records to read, as committed so far."
    )

    def _compute_import_progress(self):
        Cursor = self.env["xero.sync.cursor"].sudo()
        for connection in self:
            cursors = {c.entity: c for c in Cursor.search([("connection_id", "=", connection.id)])}
            connection.import_progress = [
                {
                    "entity": entity.name,
                    "label": _(ENTITY_LABELS.get(entity.name, entity.collection)),
                    "done": cursors[entity.name].run_done if entity.name in cursors else 0,
                    "total": cursors[entity.name].run_total if entity.name in cursors else None,
                }
                for entity in entities.all_entities()
                if connection._xero_reads(entity)
            ]

    @xero_role(XERO_ADMIN, access="write")
    def action_xero_import(self):
        """Read the whole organisation again (matching, never duplicating), in the
        background: the cursors start over and the routine sync is woken now."""
        self.ensure_one()
        if not self.tax_mapping_ids:
            self.action_xero_prefill_tax_mapping()
        self.env["xero.sync.cursor"].sudo().search([("connection_id", "=", self.id)]).write(
            {"last_updated": False, "run_done": 0, "run_total": 0, "idle_pulls": 0, "next_pull_date": False}
        )
        last_log = self.env["xero.sync.log"].sudo().search([], order="id desc", limit=1)
        self.write(
            {
                "import_state": "running",
                "import_started": fields.Datetime.now(),
                "import_summary": False,
                "import_first_log_id": last_log.id + 1,
            }
        )
        self._xero_wake()
        return True

    def _xero_finish_import(self):
        """The import's summary, from the sync log since it started: the last step of
        the first run that goes to the end once the import began."""
        Log = self.env["xero.sync.log"].sudo()
        logs = Log.search(
            [("connection_id", "=", self.id), ("direction", "=", "pull"), ("id", ">=", self.import_first_log_id)]
        )
        lines = []
        for entity in entities.all_entities():
            if not entity.pull:
                continue  # sent only, or synced by a step of its own
            mine = logs.filtered(lambda log, name=entity.name: log.entity == name)
            if mine:
                lines.append(
                    _(
                        "%(label)s: %(created)s created, %(updated)s linked or updated, %(unchanged)s "
                        "unchanged, %(failed)s failed",
                        label=_(ENTITY_LABELS.get(entity.name, entity.collection)),
                        created=sum(mine.mapped("created_count")),
                        updated=sum(mine.mapped("updated_count")),
                        unchanged=sum(mine.mapped("unchanged_count")),
                        failed=sum(mine.mapped("failed_count")),
                    )
                )
        reviews = self.env["xero.sync.review"].sudo().search_count([("connection_id", "=", self.id)])
        lines.append(_("%s left for review (Matches to Review).", reviews))
        self._xero_record_status({"import_state": "done", "import_summary": "\n".join(lines)})

"""The admins' dashboard: per connection, whether the sync is healthy at a glance."""

import datetime as dt

from odoo import _, fields, models

from ..access import XERO_ADMIN, xero_role
from ..engine.schedule import DEFAULT_DAY_LIMIT


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    next_sync_date = fields.Datetime("Next Run", compute="_compute_dashboard")
    pending_count = fields.Integer("Waiting to Send", compute="_compute_dashboard")
    failed_count = fields.Integer("Failed or in Conflict", compute="_compute_dashboard")
    review_count = fields.Integer("Matches to Review", compute="_compute_dashboard")
    api_calls_today = fields.Integer(
        "Calls Used Today",
        compute="_compute_dashboard",
        help="Calls the sync and the buttons made today (UTC), from the sync log.",
    )
    api_daily_limit = fields.Integer("Daily Limit", compute="_compute_dashboard")
    errors_today = fields.Integer("Failed Records Today", compute="_compute_dashboard")

    def _compute_dashboard(self):
        Link = self.env["xero.sync.link"].sudo()
        Log = self.env["xero.sync.log"].sudo()
        midnight = dt.datetime.combine(fields.Date.today(), dt.time())
        links = dict(
            ((c.id, s), n)
            for c, s, n in Link._read_group(
                [("connection_id", "in", self.ids)], ["connection_id", "state"], ["__count"]
            )
        )
        logs = {
            c.id: (calls, failed)
            for c, calls, failed in Log._read_group(
                [("connection_id", "in", self.ids), ("create_date", ">=", midnight)],
                ["connection_id"],
                ["api_calls:sum", "failed_count:sum"],
            )
        }
        reviews = {
            c.id: n
            for c, n in self.env["xero.sync.review"]
            .sudo()
            ._read_group([("connection_id", "in", self.ids)], ["connection_id"], ["__count"])
        }
        for connection in self:
            connection.next_sync_date = connection._xero_next_run() if connection.state == "connected" else False
            connection.pending_count = links.get((connection.id, "pending"), 0)
            connection.failed_count = links.get((connection.id, "error"), 0) + links.get((connection.id, "conflict"), 0)
            connection.review_count = reviews.get(connection.id, 0)
            connection.api_calls_today, connection.errors_today = logs.get(connection.id, (0, 0))
            # the limit Xero's headers showed (1,000 on the Starter tier), else the usual one
            connection.api_daily_limit = connection.api_day_limit or DEFAULT_DAY_LIMIT

    def _xero_next_run(self):
        """When this connection's routine sync really runs next: its scheduled action's
        next call, or sooner when something woke it (a webhook, an import, a deferral)."""
        cron = self.sudo().cron_id
        if not cron.active:
            return False
        woken = self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)], order="call_at", limit=1)
        # due already: it runs as soon as a cron worker is free
        return max(min(filter(None, (cron.nextcall, woken.call_at))), fields.Datetime.now())

    def _xero_links_action(self, states, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "xero.sync.link",
            "view_mode": "list,form",
            "domain": [("connection_id", "=", self.id), ("state", "in", states)],
            "context": {"create": False},
        }

    @xero_role(XERO_ADMIN)
    def action_xero_open_pending(self):
        return self._xero_links_action(["pending"], _("Waiting to Send"))

    @xero_role(XERO_ADMIN)
    def action_xero_open_failed(self):
        return self._xero_links_action(["error", "conflict"], _("Failed or in Conflict"))

    @xero_role(XERO_ADMIN)
    def action_xero_open_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_sync_review")
        action["domain"] = [("connection_id", "=", self.id)]
        return action

    @xero_role(XERO_ADMIN)
    def action_xero_open_runs(self):
        """Runs and failed records over time: the sync log's graph, by day."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_sync_log")
        action.update(
            domain=[("connection_id", "=", self.id)],
            view_mode="graph,pivot,list,form",
            views=[(False, "graph"), (False, "pivot"), (False, "list"), (False, "form")],
        )
        return action

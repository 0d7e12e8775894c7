"""``xero.webhook.delivery``: the webhook deliveries a connection has taken, by the
SHA-256 of their body, so that one seen again (a retry of Xero's, or someone posting a
captured delivery) queues nothing and does not make the webhook look healthy."""

import datetime as dt

from odoo import api, fields, models

from ..odoo_series import Constraint

# a delivery's events are refused by their date once Xero could no longer be retrying
# them (``schedule.WEBHOOK_EVENT_MAX_AGE``): by then its digest is no longer needed
KEEP_DELIVERIES = dt.timedelta(days=2)


class XeroWebhookDelivery(models.Model):
    _name = "xero.webhook.delivery"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Webhook Delivery Taken"
    _log_access = False

    digest = fields.Char(required=True, help="SHA-256 of the delivery's body, in hex.")
    received = fields.Datetime(required=True)
    # Xero's intent-to-receive check: no events, so no date that would refuse it later
    checks_address = fields.Boolean()

    _delivery_uniq = Constraint("unique(connection_id, digest)", "This delivery was already taken.")

    @api.model
    def _xero_take(self, connections, digest, checks_address):
        """Record the delivery of body ``digest`` for ``connections``; returns those that
        had not taken it yet. One statement, so that two workers receiving the same body
        at once cannot both take it: the second waits for the first's transaction."""
        if not connections:
            return connections
        self.env.cr.execute(
            """
            INSERT INTO xero_webhook_delivery (connection_id, company_id, digest, received, checks_address)
            SELECT id, company_id, %s, now() at time zone 'UTC', %s FROM xero_connection WHERE id = ANY(%s)
            ON CONFLICT (connection_id, digest) DO NOTHING
            RETURNING connection_id""",
            [digest, bool(checks_address), connections.ids],
        )
        taken = [row[0] for row in self.env.cr.fetchall()]
        return connections.filtered(lambda connection: connection.id in taken)

    @api.autovacuum
    def _gc_xero_webhook_deliveries(self):
        """Deliveries with events go once their date refuses them anyway. Xero's address
        checks stay: they carry no date, are rare (a few each time a webhook is created,
        re-enabled or moved), and one posted again must never revive a disabled webhook."""
        self.flush_model(["checks_address", "received"])
        self.env.cr.execute(
            "DELETE FROM xero_webhook_delivery WHERE NOT checks_address AND received < %s",
            [fields.Datetime.now() - KEEP_DELIVERIES],
        )

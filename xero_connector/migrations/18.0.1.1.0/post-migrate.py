"""Upgrading to 18.0.1.1.0: each connected connection gets the scheduled action of its own
that replaces the one shared cron (removed with its data file), and customers and
suppliers imported before Xero's flags gave a rank get it now, nothing else of them
written."""

from odoo import SUPERUSER_ID, api


def rank_imported_partners(env):
    """Returns the partners that got a rank."""
    ranked = env["res.partner"]
    for connection in env["xero.connection"].search([]):
        Partner = env["res.partner"].with_company(connection.company_id).with_context(active_test=False)
        linked = env["xero.sync.link"].search(
            [("connection_id", "=", connection.id), ("entity", "=", "contact"), ("res_model", "=", "res.partner")]
        )
        partners = Partner.browse(linked.mapped("res_id")).exists()
        for flag, rank in (("xero_is_customer", "customer_rank"), ("xero_is_supplier", "supplier_rank")):
            unranked = partners.filtered(lambda p, flag=flag, rank=rank: p[flag] and not p[rank])
            unranked.with_context(xero_from_sync=True).write({rank: 1})
            ranked |= unranked
    return ranked


def schedule_connections(env):
    """Returns the connections that got their scheduled action."""
    unscheduled = env["xero.connection"].search([("state", "=", "connected"), ("cron_id", "=", False)])
    for connection in unscheduled:
        connection._xero_cron()
    return unscheduled


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    schedule_connections(env)
    rank_imported_partners(env)

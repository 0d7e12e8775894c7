"""Customers and suppliers imported before Xero's flags gave a rank get it now, for
each connection's company, and nothing else of them is written."""

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


def migrate(cr, version):
    rank_imported_partners(api.Environment(cr, SUPERUSER_ID, {}))

"""Upgrading to 1.6.0: the connection's single tracking option, put on every line, becomes
what it always meant, a rule of its category with that option fixed (unless a rule of
that category already decided it, as it did before, or Xero's two categories have their
rules); its column goes."""

from odoo.tools import SQL, sql


def migrate(cr, version):
    if not version or not sql.column_exists(cr, "xero_connection", "tracking_option_id"):
        return
    cr.execute(
        """
        INSERT INTO xero_tracking_rule
               (connection_id, company_id, category, source, fixed_option_id, create_date, write_date)
        SELECT c.id, c.company_id, o.category, 'fixed', o.id, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM xero_connection c
          JOIN xero_tracking_option o ON o.id = c.tracking_option_id
         WHERE NOT EXISTS (
               SELECT 1 FROM xero_tracking_rule r WHERE r.connection_id = c.id AND r.category = o.category)
           AND (SELECT count(*) FROM xero_tracking_rule r WHERE r.connection_id = c.id) < 2"""
    )
    cr.execute(SQL("ALTER TABLE xero_connection DROP COLUMN %s", SQL.identifier("tracking_option_id")))

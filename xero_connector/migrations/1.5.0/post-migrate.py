"""Upgrading to 1.5.0: the client secret and the webhook key move from the connection,
where Xero administrators could read them back, to its secrets (system only), and
Xero's addresses are no longer stored: their columns go, values and all."""

from odoo.tools import SQL, sql

MOVED_SECRETS = ("client_secret", "webhook_key")
DROPPED_COLUMNS = (*MOVED_SECRETS, "authorize_url", "token_url", "api_url")


def migrate(cr, version):
    if not version:
        return
    moved = [name for name in MOVED_SECRETS if sql.column_exists(cr, "xero_connection", name)]
    if moved:
        # a connection without secrets yet gets its row; then each secret is copied over
        cr.execute(
            """
            INSERT INTO xero_connection_token (connection_id, company_id, create_date, write_date)
            SELECT c.id, c.company_id, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM xero_connection c
             WHERE NOT EXISTS (SELECT 1 FROM xero_connection_token t WHERE t.connection_id = c.id)"""
        )
    for name in moved:
        cr.execute(
            SQL(
                "UPDATE xero_connection_token t SET %(column)s = c.%(column)s FROM xero_connection c "
                "WHERE t.connection_id = c.id AND c.%(column)s IS NOT NULL",
                column=SQL.identifier(name),
            )
        )
    for name in DROPPED_COLUMNS:
        if sql.column_exists(cr, "xero_connection", name):
            cr.execute(SQL("ALTER TABLE xero_connection DROP COLUMN %s", SQL.identifier(name)))

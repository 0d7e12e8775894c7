"""``xero.receivable.ageing``: what customers owe in Xero, by age. One row per approved
invoice not fully paid, its amount due in the bucket of its days past due today. A view
on the invoices the routine sync reads: it costs no call of its own."""

from odoo import api, fields, models, tools
from odoo.tools import SQL

AGE_BUCKETS = [
    ("current", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
]


class XeroReceivableAgeing(models.Model):
    _name = "xero.receivable.ageing"
    _description = "Xero Receivables by Age"
    _auto = False
    _order = "days_overdue desc, id"
    _rec_name = "number"

    transaction_id = fields.Many2one("xero.sales.transaction", "Xero Invoice", readonly=True)
    number = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    bucket = fields.Selection(AGE_BUCKETS, "Age", readonly=True)
    amount_due = fields.Monetary("Due", readonly=True)

    @api.private  # Odoo's own hook at install and upgrade, not for RPC
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the team is the order's or the opportunity's the invoice came from
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT t.id, t.id AS transaction_id, t.number, t.partner_id, t.user_id,
                           COALESCE(sale.team_id, lead.team_id) AS team_id,
                           t.company_id, t.currency_id, t.due_date,
                           GREATEST(CURRENT_DATE - t.due_date, 0) AS days_overdue,
                           CASE WHEN t.due_date IS NULL OR t.due_date >= CURRENT_DATE THEN 'current'
                                WHEN CURRENT_DATE - t.due_date <= 30 THEN '1_30'
                                WHEN CURRENT_DATE - t.due_date <= 60 THEN '31_60'
                                WHEN CURRENT_DATE - t.due_date <= 90 THEN '61_90'
                                ELSE 'over_90' END AS bucket,
                           t.amount_due
                      FROM xero_sales_transaction t
                      LEFT JOIN sale_order sale ON sale.id = t.order_id
                      LEFT JOIN crm_lead lead ON lead.id = t.lead_id
                     WHERE t.kind = 'invoice' AND t.status = 'AUTHORISED' AND t.flag IS NULL
                       AND t.amount_due > 0
                )""",
                SQL.identifier(self._table),
            )
        )

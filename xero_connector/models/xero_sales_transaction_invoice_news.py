"""Invoice news on the sales transaction read from Xero: what its salesperson is told
when Xero says it is paid, voided or overdue."""

import logging

from markupsafe import escape

from odoo import _, api, fields, models
from odoo.tools import format_amount

from ..engine import schedule
from ..engine.features import register_step
from ..engine.log import auto_commit
from ..xero import entities

_logger = logging.getLogger(__name__)


class XeroSalesTransaction(models.Model):
    _inherit = "xero.sales.transaction"

    overdue_said = fields.Boolean(readonly=True, help="Its salesperson was given a to-do to follow it up.")
    overdue_activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    # -- what the sync sees change ------------------------------------------------------
    def _xero_apply_values(self, values, connection=None, entity=None):
        """A transaction Odoo already had that Xero now says is paid (or voided) is news:
        the invoice Odoo sent is in Odoo from the moment Xero took it."""
        was_paid, was_dead = self.status == "PAID", bool(self.flag)
        super()._xero_apply_values(values, connection, entity=entity)
        if self.kind != "invoice" or not connection.invoice_news:
            return
        if self.status == "PAID" and not was_paid:
            self._xero_say_paid()
        elif self.flag and not was_dead and self.overdue_activity_id:
            self.overdue_activity_id.action_feedback(
                feedback=_("Xero invoice %(number)s was %(status)s.", number=self.number, status=self.status.lower())
            )

    def _xero_say_paid(self):
        for transaction in self.sudo():
            record = transaction.order_id or transaction.lead_id
            if not record:
                continue
            news = _(
                "Xero invoice %(number)s is paid (%(amount)s).",
                number=transaction.number,
                amount=format_amount(self.env, transaction.amount_total, transaction.currency_id),
            )
            if transaction.overdue_activity_id:
                # the follow-up is done: its feedback is the news
                transaction.overdue_activity_id.action_feedback(feedback=news)
                continue
            salesperson = transaction.user_id or record.user_id
            record.message_post(
                body=news,
                subtype_xmlid="mail.mt_note",
                partner_ids=salesperson.partner_id.ids,
            )

    # -- what the calendar changes ------------------------------------------------------
    @api.model
    def _xero_follow_overdue(self, connection, today):
        """A to-do for the salesperson of each order or opportunity whose invoice became
        past due (``today``: Xero's date) and is still owed; once per invoice."""
        overdue = self.sudo().search(
            [
                ("connection_id", "=", connection.id),
                ("kind", "=", "invoice"),
                ("status", "=", "AUTHORISED"),
                ("flag", "=", False),
                ("amount_due", ">", 0),
                ("due_date", "<", today),
                ("overdue_said", "=", False),
                "|",
                ("order_id", "!=", False),
                ("lead_id", "!=", False),
            ]
        )
        # news is what becomes overdue while Odoo watches: invoices already past due when
        # Odoo first read them (an import of the history, an upgrade) are not news
        history = overdue.filtered(lambda t: t.due_date < t.create_date.date())
        history.write({"overdue_said": True})
        for transaction in overdue - history:
            record = transaction.order_id or transaction.lead_id
            salesperson = transaction.user_id or record.user_id
            values = {"overdue_said": True}
            try:
                with self.env.cr.savepoint():
                    values["overdue_activity_id"] = record.activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=today,
                        summary=_("Invoice %s is overdue", transaction.number),
                        # the note is HTML and the number is Xero's text: escaped, it shows as typed
                        note=escape(
                            _(
                                "Xero invoice %(number)s was due on %(due)s and %(amount)s is still owed: follow it "
                                "up with the customer. This to-do closes itself when Xero says it is paid.",
                                number=transaction.number,
                                due=fields.Date.to_string(transaction.due_date),
                                amount=format_amount(self.env, transaction.amount_due, transaction.currency_id),
                            )
                        ),
                        user_id=salesperson.id or self.env.uid,
                    ).id
            except Exception as error:  # noqa: BLE001 - e.g. the salesperson lost access: said once, not retried
                _logger.warning(
                    "Xero connection %s: no follow-up for overdue invoice %s: %s",
                    connection.id,
                    transaction.number,
                    error,
                )
            transaction.write(values)
        return overdue


def follow_overdue_invoices(run):
    """The run's step: salespeople follow up the invoices of their orders that are past
    due, by Xero's date when this run heard from Xero, else by Odoo's."""
    now = run.client.xero_now or schedule.now(run.connection)
    run.env["xero.sales.transaction"]._xero_follow_overdue(run.connection, now.date())
    auto_commit(run.env)


register_step(
    "follow_overdue_invoices",
    50,
    follow_overdue_invoices,
    when=lambda connection: (
        connection.invoice_news and connection._xero_allows(entities.get(entities.INVOICE), "import")
    ),
)

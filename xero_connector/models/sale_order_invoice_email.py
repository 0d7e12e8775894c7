"""Approved invoices emailed by Xero: when the connection approves the invoices of
confirmed orders and wants them emailed, Xero sends each to the customer once it is
created (``POST /Invoices/{id}/Email``, one call each). What stops it (no email address,
Xero's refusal, its daily limit) is said on the order, which can ask again."""

import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..access import XERO_USER, xero_role
from ..engine.features import register_after_push, register_step
from ..engine.log import auto_commit
from ..xero import entities
from ..xero import mapping_documents as mapping
from ..xero.errors import XeroError, XeroRateLimited, XeroValidationError

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    xero_email_state = fields.Selection(
        [("waiting", "Waiting to be emailed"), ("sent", "Emailed by Xero"), ("refused", "Not emailed")],
        "Xero Email",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Whether Xero emailed the approved invoice to the customer.",
    )
    xero_email_problem = fields.Char("Why Not Emailed", readonly=True, copy=False)
    # each time someone asks again: a new idempotency key, so Xero answers afresh
    xero_email_attempt = fields.Integer(readonly=True, copy=False)

    def _xero_email_when_taken(self):
        """An invoice just created approved waits to be emailed: sent after the push is
        committed (``_xero_email_waiting``), never from inside it."""
        self.invalidate_recordset(["xero_transaction_id", "xero_invoice_status"])
        self.filtered(
            lambda order: not order.xero_email_state and order.xero_invoice_status in mapping.EMAILABLE_STATUSES
        ).write({"xero_email_state": "waiting"})

    @api.model
    def _xero_email_waiting(self, run):
        """Have Xero email the invoices of this connection's orders waiting for it, one
        call each. A rate limit or an outage leaves the rest waiting for the next run; a
        refusal is said on the order."""
        connection = run.connection
        # a company has one connection: its orders are this connection's
        waiting = self.sudo().search(
            [("xero_email_state", "=", "waiting"), ("company_id", "=", connection.company_id.id)]
        )
        for order in waiting:
            if run.scheduled:
                run.check_budget()
            try:
                order._xero_email_invoice(run)
            except XeroRateLimited:
                return  # the rest waits for Xero's limit
            except XeroError as error:
                _logger.warning("Xero connection %s: %s not emailed yet: %s", connection.id, order.name, error)
                return

    def _xero_email_invoice(self, run):
        """Ask Xero to email this order's approved invoice; True when it did. A refusal is
        said on the order (``xero_email_state`` refused) and False returned."""
        self.ensure_one()
        transaction = self.xero_transaction_id
        customer = self.partner_id.commercial_partner_id
        if not transaction or transaction.status not in mapping.EMAILABLE_STATUSES:
            return self._xero_email_refused(
                _("Xero emails approved invoices only; this order's invoice is not approved in Xero.")
            )
        if not (customer.email or any(customer._xero_persons().mapped("email"))):
            return self._xero_email_refused(
                _(
                    "%(customer)s has no email address: add one (it goes to Xero with the customer), then click "
                    "Email Invoice from Xero.",
                    customer=customer.display_name,
                )
            )
        try:
            run.client.email_invoice(run.connection.tenant_id, transaction.xero_id, self.xero_email_attempt)
        except XeroValidationError as error:
            return self._xero_email_refused(error.user_message(self.env._))
        self.xero_email_state = "sent"
        self.message_post(body=_("Xero emailed invoice %s to the customer.", transaction.number))
        return True

    def _xero_email_refused(self, reason):
        self.xero_email_state = "refused"
        self.xero_email_problem = reason
        self.message_post(
            body=_("Xero did not email invoice %(number)s: %(reason)s", number=self.xero_invoice_number, reason=reason)
        )
        return False

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_email_invoice(self):
        """Email Invoice from Xero: ask Xero again to email the approved invoice."""
        self.ensure_one()
        connection = self.env["xero.connection"]._xero_for_user()
        if not (connection.approve_invoices and connection.email_invoices):
            raise UserError(_("Emailing invoices from Xero is switched off on the company's Xero connection."))
        if self.state != "sale":
            raise UserError(_("Xero emails the invoices of confirmed orders only."))
        if self.xero_email_state not in ("waiting", "refused"):
            # asked once, answered once: a click must never email the customer again
            raise UserError(
                _("Xero emailed this invoice already.")
                if self.xero_email_state == "sent"
                else _("This order's invoice is not waiting to be emailed.")
            )
        order = self.sudo()
        order.write(
            {
                "xero_email_state": "waiting",
                "xero_email_problem": False,
                "xero_email_attempt": order.xero_email_attempt + 1,
            }
        )
        with connection._xero_clicked(entities.ORDER_INVOICE, "push") as run:
            try:
                sent = order._xero_email_invoice(run)
                message = _("Xero emailed the invoice.") if sent else order.xero_email_problem
            except XeroError as error:
                # it stays waiting: the routine sync asks Xero again
                sent = False
                message = _("Xero did not answer (%s): the routine sync asks again.", error.user_message(self.env._))
        self.env.user._bus_send(
            "simple_notification",
            {"type": "success" if sent else "warning", "title": _("Xero"), "message": message},
        )
        return True


def email_approved_invoices(run):
    """The run's step: the invoices approved at their creation wait to be emailed by
    Xero, after the pushes that created them are committed."""
    run.env["sale.order"]._xero_email_waiting(run)
    auto_commit(run.env)


register_step(
    "email_approved_invoices",
    60,
    email_approved_invoices,
    after_clicks=True,
    when=lambda connection: connection.email_invoices,
)
register_after_push(
    entities.ORDER_INVOICE,
    lambda run, orders, links: orders._xero_email_when_taken(),
    when=lambda connection: connection.approve_invoices and connection.email_invoices,
)

"""What the customer gets of a record's Xero invoice: its online address (to copy or to
email from the chatter) and Xero's own PDF, each one call made only when clicked."""

from markupsafe import Markup

from odoo import _, models
from odoo.exceptions import UserError

from ..access import XERO_USER, xero_role
from ..xero import entities
from ..xero.errors import XeroError

# Xero shows a customer an invoice only once it is approved
UNAPPROVED_STATUSES = ("DRAFT", "SUBMITTED")


class XeroInvoicedMixin(models.AbstractModel):
    _inherit = "xero.invoiced.mixin"

    def _xero_customer_invoice(self):
        """This record's Xero invoice, if a customer may be shown it; else why not."""
        self.ensure_one()
        self.check_access("read")
        transaction = self.xero_transaction_id.sudo()
        if not transaction:
            raise UserError(_("There is no Xero invoice for %s yet.", self.display_name))
        if transaction.flag:
            raise UserError(
                _(
                    "Xero invoice %(number)s was %(status)s in Xero: there is nothing to show the customer.",
                    number=transaction.number,
                    status=transaction.status.lower(),
                )
            )
        if transaction.status in UNAPPROVED_STATUSES:
            raise UserError(
                _(
                    "Xero invoice %(number)s is still a draft: Xero makes its online invoice and its PDF for the "
                    "customer once it is approved. Approve it in Xero; Odoo learns of it with the next sync.",
                    number=transaction.number,
                )
            )
        return transaction

    def _xero_ask_customer_copy(self, transaction, call):
        """One call about ``transaction``'s invoice (``call``: the client's named call,
        taking the tenant and the invoice's id); the quota it reports is kept even when
        the click fails, and a refusal is said in the user's words."""
        connection = transaction.connection_id.sudo()
        try:
            with connection._xero_clicked(entities.INVOICE) as run:
                return call(run.client)(connection.tenant_id, transaction.xero_id)
        except XeroError as error:
            raise UserError(
                _(
                    "Xero did not give the customer's copy of invoice %(number)s: %(why)s",
                    number=transaction.number,
                    why=error.user_message(self.env._),
                )
            ) from None

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_invoice_link(self):
        """Fetch the invoice's online address once; the form then shows it, to copy."""
        transaction = self._xero_customer_invoice()
        if not transaction.online_url:
            transaction.online_url = self._xero_ask_customer_copy(transaction, lambda client: client.online_invoice_url)
            self.invalidate_recordset(["xero_online_invoice_url"])
        return True

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_email_invoice_link(self):
        """The chatter's email composer, addressed to the customer, with the link in it."""
        self.ensure_one()
        self.check_access("read")
        if not self.xero_online_invoice_url:
            self.action_xero_invoice_link()
        transaction = self.xero_transaction_id.sudo()
        customer = self.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_partner_ids": customer.ids,
                "default_subject": _("Invoice %s", transaction.number),
                "default_body": Markup(
                    _(
                        "<p>Dear %(name)s,</p><p>Your invoice %(number)s is ready: "
                        '<a href="%(url)s">view and pay it online</a>.</p>'
                    )
                )
                % {"name": customer.name or "", "number": transaction.number, "url": transaction.online_url},
            },
        }

    @xero_role(XERO_USER, access="write", current_company=True)
    def action_xero_attach_pdf(self):
        """Xero's own PDF of the invoice, posted in the chatter."""
        transaction = self._xero_customer_invoice()
        pdf = self._xero_ask_customer_copy(transaction, lambda client: client.invoice_pdf)
        if not pdf.startswith(b"%PDF"):
            raise UserError(_("Xero's answer for invoice %s was not a PDF; try again later.", transaction.number))
        self.message_post(
            body=_("Xero's PDF of invoice %s.", transaction.number),
            attachments=[("%s.pdf" % transaction.number, pdf)],
            subtype_xmlid="mail.mt_note",
        )
        return True

"""Documents from the pipeline: an opportunity entering a stage marked *Create Xero
Document* (say, Won) gets its Xero document through the same queue, budget and
idempotency as its button. What stops it is said on the opportunity, before any call."""

from odoo import _, api, models

from ..xero import entities


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._xero_documents_for_stage()
        return leads

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        before = {lead.id: lead.stage_id for lead in self}
        result = super().write(vals)
        self.filtered(lambda lead: lead.stage_id != before[lead.id])._xero_documents_for_stage()
        return result

    def _xero_documents_for_stage(self):
        """The opportunities among these whose stage makes their Xero document."""
        entering = self.filtered(lambda lead: lead.type == "opportunity" and lead.stage_id.xero_create_document)
        for company, leads in entering.grouped("company_id").items():
            connection = self.env["xero.connection"].sudo()._xero_for_company(company or self.env.company)
            quote = connection.opportunity_document == "quote" if connection else False
            entity_name = entities.LEAD_QUOTE if quote else entities.LEAD_INVOICE
            if not connection or not connection._xero_allows(entities.get(entity_name), "export"):
                continue
            ready = self.browse()
            for lead in leads:
                problem = lead._xero_stage_problem(connection)
                if problem:
                    lead.message_post(
                        body=_(
                            "Not sent to Xero on entering %(stage)s: %(problem)s",
                            stage=lead.stage_id.name,
                            problem=problem,
                        )
                    )
                else:
                    ready |= lead
            for lead in ready.filtered(lambda lead: not lead.xero_revenue_account_code):
                lead.sudo().xero_revenue_account_code = connection.default_revenue_account_code
            ready._xero_send(connection, entity_name)

    def _xero_stage_problem(self, connection):
        """What stops this opportunity's document before anything is sent, or None."""
        self.ensure_one()
        if not self.partner_id:
            return _("the opportunity has no customer.")
        if not (self.xero_revenue_account_code or connection.default_revenue_account_code or self._xero_quotation()):
            return _(
                "it has no revenue account. Choose one with Create Draft Invoice on Xero, or set the Default "
                "Revenue Account on the Xero connection."
            )
        return None

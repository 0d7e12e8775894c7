"""``xero.sync.review``: a Xero record that several Odoo records could be. The sync links
none of them and creates nothing; a person compares them side by side and decides."""

from odoo import api, fields, models

from ..access import XERO_ADMIN, xero_role
from ..odoo_series import Constraint
from ..xero import entities


class XeroSyncReview(models.Model):
    _name = "xero.sync.review"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Match to Review"
    _order = "id desc"

    entity = fields.Char(required=True, help="The Xero entity of the record to match: contact or item.")
    res_model = fields.Char("Odoo Model", required=True)
    xero_id = fields.Char("Xero ID", required=True)
    name = fields.Char("In Xero", required=True)
    xero_summary = fields.Char("Xero's Values")
    xero_values = fields.Json(help="The Xero record as Odoo values, for creating it if none fits.")
    candidate_ids = fields.One2many("xero.sync.review.candidate", "review_id", "Could Be")

    _xero_record_uniq = Constraint(
        "unique(connection_id, entity, xero_id)", "This Xero record is already waiting for review."
    )

    @api.model
    def _xero_record_ambiguity(self, connection, entity, xero_id, values, candidates):
        """Keep (or refresh) the review of ``xero_id`` with its current candidates."""
        review = self.search(
            [("connection_id", "=", connection.id), ("entity", "=", entity.name), ("xero_id", "=", xero_id)]
        )
        data = {
            "name": values.get("name") or xero_id,
            "xero_summary": _summary(values),
            "xero_values": values,
            "candidate_ids": [fields.Command.clear()]
            + [
                fields.Command.create(
                    {
                        "res_id": c.id,
                        "name": c.display_name,
                        "summary": _summary(c._xero_read_values(connection, entity=entity)),
                    }
                )
                for c in candidates
            ],
        }
        if review:
            review.write(data)
        else:
            self.create(
                dict(
                    data, connection_id=connection.id, entity=entity.name, res_model=entity.odoo_model, xero_id=xero_id
                )
            )

    @xero_role(XERO_ADMIN, access="write")
    def action_create_new(self):
        """None of them: create a new Odoo record from Xero's values, linked."""
        for review in self.sudo():
            connection = review.connection_id
            record = review.env[review.res_model]._xero_create_from(
                [review.xero_values], connection, entity=entities.get(review.entity)
            )
            review.env["xero.sync.link"].create(
                {
                    "connection_id": connection.id,
                    "entity": review.entity,
                    "res_model": review.res_model,
                    "res_id": record.id,
                    "xero_id": review.xero_id,
                    "state": "synced",
                }
            )
        self.unlink()
        return True


class XeroSyncReviewCandidate(models.Model):
    _name = "xero.sync.review.candidate"
    _description = "Odoo Record a Xero Record Could Be"

    review_id = fields.Many2one("xero.sync.review", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    res_id = fields.Many2oneReference("Odoo Record", model_field="res_model", required=True)
    res_model = fields.Char(related="review_id.res_model")
    name = fields.Char("In Odoo")
    summary = fields.Char("Odoo's Values")

    @xero_role(XERO_ADMIN)
    def action_link(self):
        """This is the one: link it, and take Xero's values (the sync's default side)."""
        self.ensure_one()
        self.check_access("read")
        self.review_id.check_access("write")
        # links are kept by the engine: written for the administrator, once allowed
        return self.sudo()._xero_link()

    def _xero_link(self):
        review = self.review_id
        connection = review.connection_id
        record = self.env[review.res_model].browse(self.res_id)
        record._xero_links(connection).unlink()
        link = self.env["xero.sync.link"].create(
            {
                "connection_id": connection.id,
                "entity": review.entity,
                "res_model": review.res_model,
                "res_id": self.res_id,
                "xero_id": review.xero_id,
                "state": "synced",
            }
        )
        connection._xero_refresh_links(link)
        review.unlink()
        return {"type": "ir.actions.act_window_close"}


def _summary(values):
    """What a person compares at a glance: name, email, ledger code."""
    return " · ".join(str(values[key]) for key in ("name", "email", "ref") if values.get(key))

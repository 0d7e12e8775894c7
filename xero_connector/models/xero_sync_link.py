"""``xero.sync.link``: one Odoo record paired with one Xero record of one connection,
with the pair's sync state. A partner shared by two companies has a link per connection."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..access import XERO_ADMIN, XERO_USER, check_records, xero_role
from ..engine.log import plain
from ..odoo_series import Constraint
from ..xero import entities

STATES = [("synced", "Synced"), ("pending", "Pending"), ("error", "Error"), ("conflict", "Conflict")]


class XeroSyncLink(models.Model):
    _name = "xero.sync.link"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Sync Link"

    entity = fields.Char(required=True, help="The engine's name of the Xero collection, e.g. contact.")
    res_model = fields.Char("Odoo Model", required=True, index=True)
    res_id = fields.Many2oneReference("Odoo Record", model_field="res_model", required=True, index=True)
    xero_id = fields.Char("Xero ID", index=True, copy=False)
    state = fields.Selection(STATES, required=True, default="pending", index=True)
    version = fields.Integer(
        default=1, required=True, help="Raised by every local change; the push's idempotency key names it."
    )
    synced_version = fields.Integer(help="The version Xero last accepted.")
    last_sync_date = fields.Datetime(readonly=True)
    xero_updated_date = fields.Datetime(
        "Xero Updated", readonly=True, help="UpdatedDateUTC of the Xero record when last synced."
    )
    synced_values = fields.Json(
        help="The mapped values both sides agreed on at the last sync: the base for telling which side changed what."
    )
    conflict_values = fields.Json(
        readonly=True,
        help="Xero's values of the fields changed on both sides, waiting for someone to choose "
        "(the agreed values keep the old ones meanwhile).",
    )
    unanswered_values = fields.Json(
        readonly=True,
        help="The values an update sent without an answer: Xero may or may not have them. The next "
        "read of the record settles it.",
    )
    last_error = fields.Text(readonly=True)
    warning = fields.Text(readonly=True, help="What Xero could not take, though the rest was sent.")
    unanswered_create = fields.Boolean(
        readonly=True,
        help="A create was sent without an answer: before sending it again, look for "
        "the record it may have made in Xero.",
    )
    # a customer's Xero contact groups (its tags of groups): the groups both sides agreed
    # on at the last group sync (none: none agreed), and whether its tags changed since
    xero_group_ids = fields.Json("Xero Contact Groups", readonly=True)
    groups_pending = fields.Boolean(readonly=True, index=True)
    changed_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        ondelete="set null",
        help="Who made the latest change waiting to go to Xero.",
    )

    # one Odoo model may sync several Xero entities (an order: a quote and an invoice)
    _xero_record_uniq = Constraint(
        "unique(connection_id, entity, xero_id)", "This Xero record is already linked to another Odoo record."
    )
    _odoo_record_uniq = Constraint(
        "unique(connection_id, entity, res_model, res_id)",
        "This Odoo record is already linked to this kind of Xero record for this connection.",
    )

    # -- the binder: the one place that says which Odoo record is which Xero record -----------
    @api.model
    def _xero_for_records(self, records, connection=None, entity_name=None):
        """The links of ``records``: of one connection, and of one entity (the model's
        default one when a connection is given); of every connection and entity else."""
        domain = [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        if connection:
            domain += [("connection_id", "=", connection.id), ("entity", "=", entity_name or records._xero_entity)]
        elif entity_name:
            domain.append(("entity", "=", entity_name))
        return self.sudo().search(domain)

    @api.model
    def _xero_by_record(self, records, connection=None, entity_name=None):
        """{Odoo record id: its link} of ``records`` (as ``_xero_for_records``)."""
        return {link.res_id: link for link in self._xero_for_records(records.filtered("id"), connection, entity_name)}

    @api.model
    def _xero_for_ids(self, connection, entity_names, xero_ids):
        """The links of these Xero ids on ``connection``, as one entity or any of several."""
        names = [entity_names] if isinstance(entity_names, str) else list(entity_names)
        return self.sudo().search(
            [("connection_id", "=", connection.id), ("entity", "in", names), ("xero_id", "in", list(xero_ids))]
        )

    @api.model
    def _xero_record_ids(self, connection, entity_name, xero_ids):
        """{Xero id: Odoo record id} of those of ``xero_ids`` linked on ``connection``."""
        return {link.xero_id: link.res_id for link in self._xero_for_ids(connection, entity_name, xero_ids)}

    @api.model
    def _xero_linked_ids(self, connection, entity_name, xero_ids):
        """Those of ``xero_ids`` some Odoo record is linked to on ``connection``."""
        return set(self._xero_for_ids(connection, entity_name, xero_ids).mapped("xero_id"))

    @api.model
    def _xero_linked_res_ids(self, connection, res_model, res_ids):
        """Those of these Odoo records already linked to a Xero record on ``connection``."""
        links = self.sudo().search(
            [
                ("connection_id", "=", connection.id),
                ("res_model", "=", res_model),
                ("res_id", "in", list(res_ids)),
                ("xero_id", "!=", False),
            ]
        )
        return set(links.mapped("res_id"))

    @api.model
    def _xero_of_entity(self, entity_name, connection=None):
        """Every link of ``entity_name``: on ``connection``, or on every connection."""
        domain = [("entity", "=", entity_name)] + ([("connection_id", "=", connection.id)] if connection else [])
        return self.sudo().search(domain)

    @api.model
    def _xero_any(self, connection, entity_names):
        """Whether ``connection`` has any link of these entities."""
        return bool(
            self.sudo().search_count(
                [("connection_id", "=", connection.id), ("entity", "in", list(entity_names))], limit=1
            )
        )

    def _xero_record_state(self):
        """This link's record as its form tells it: "none" without a link, "pending"
        while it waits to reach Xero the first time, else the link's state."""
        if not self:
            return "none"
        self.ensure_one()
        return self.state if self.xero_id or self.state == "error" else "pending"

    @api.depends("res_id", "entity", "xero_id")
    def _compute_display_name(self):
        for link in self:
            link.display_name = "%s %s → %s" % (link.entity, link.res_id, link.xero_id or "?")

    def _mark_pending(self):
        """A mapped field changed in Odoo: push it on the next run."""
        for link in self:
            link.write(
                {
                    "version": link.version + 1,
                    "changed_by_id": self.env.uid,
                    "state": "conflict" if link.state == "conflict" else "pending",
                }
            )

    @xero_role(XERO_USER)
    def action_xero_take_xero(self):
        """Keep Xero's values, from a list of links: for whoever may change the records."""
        self._xero_check_records_access("write")
        return self.sudo()._xero_take_xero()

    @xero_role(XERO_USER)
    def action_xero_take_odoo(self):
        """Keep Odoo's values, from a list of links: for whoever may change the records."""
        self._xero_check_records_access("write")
        return self.sudo()._xero_take_odoo()

    def _xero_check_records_access(self, operation):
        """The caller may ``operation`` the Odoo records these links pair."""
        for model, links in self.grouped("res_model").items():
            check_records(self.env[model].browse(links.mapped("res_id")).exists(), operation)

    def _xero_take_xero(self):
        """Settle a conflict with Xero's values; Odoo's other changes still go out."""
        for link in self.filtered(lambda link: link.state == "conflict"):
            record = self.env[link.res_model].browse(link.res_id)
            theirs = link.conflict_values or {}
            record._xero_apply_values(theirs, link.connection_id, entity=entities.get(link.entity))
            link._xero_settle(theirs)
        return True

    def _xero_take_odoo(self):
        """Settle a conflict with Odoo's values: they are pushed by the next run."""
        for link in self.filtered(lambda link: link.state == "conflict"):
            link._xero_settle(link.conflict_values or {})
        return True

    def _xero_settle(self, theirs):
        """Xero's side of the conflict becomes the agreed value: what Odoo holds and
        differs from it is then an ordinary change, pushed by the next run."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        agreed = dict(self.synced_values or {}, **theirs)
        local = plain(record._xero_read_values(self.connection_id, entity=entities.get(self.entity)))
        same = record._xero_same_value
        differs = any(not same(name, local.get(name), value) for name, value in agreed.items() if name in local)
        self.write(
            {
                "synced_values": agreed,
                "conflict_values": None,
                "last_error": False,
                "state": "pending" if differs else "synced",
                "synced_version": self.synced_version if differs else self.version,
            }
        )

    # -- the sync log's and dashboard's buttons on a link ----------------------------------------
    res_name = fields.Char("Record", compute="_compute_res_name")

    def _compute_res_name(self):
        for link in self:
            record = self.env[link.res_model].browse(link.res_id).exists() if link.res_model in self.env else None
            link.res_name = record.display_name if record else _("(deleted)")

    @xero_role(XERO_USER)
    def action_open_record(self):
        self.ensure_one()
        self._xero_check_records_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }

    @xero_role(XERO_ADMIN)
    def action_retry(self):
        """Try again (Xero administrators): the link goes back to pending, for the next run."""
        if not self.env.user.has_group("xero_connector.group_xero_manager"):
            raise AccessError(_("Only Xero administrators retry failed records."))
        self.sudo().filtered(lambda link: link.state == "error").write({"state": "pending", "last_error": False})
        return True

"""``xero.synced.mixin``: what a synced Odoo model gives the engine. It gathers the
mapped values, applies Xero's, checks them before a push, finds a match before
creating, and marks its links pending when a watched field changes in Odoo.

The engine calls each hook with the entity (``xero.entities.Entity``) it acts for: a
model may sync as several entities (say, an order as an invoice and as a quote), its
default being ``_xero_entity``."""

from odoo import _, api, models
from odoo.exceptions import UserError

from ..access import ROLE_GROUPS, XERO_USER
from ..engine import SyncRun
from ..engine.push import PUSH_BATCH_SIZE
from ..xero import entities


class XeroSyncedMixin(models.AbstractModel):
    _name = "xero.synced.mixin"
    _description = "Synced with Xero"

    # set by each model: the name of its default entity in the registry, the keys of its
    # mapped values and the Odoo fields whose change means "push again" (none for models
    # only read from Xero, or sent by a button)
    _xero_entity = None
    _xero_fields = ()
    _xero_watched_fields = ()

    def _xero_read_values(self, connection=None, entity=None):
        """The mapped Odoo values of one record, as the mapping's ``to_xero`` takes them."""
        self.ensure_one()
        return {name: self[name] for name in self._xero_fields}

    def _xero_apply_values(self, values, connection=None, entity=None):
        """Write values that came from Xero, without marking the record for a push."""
        self.with_context(xero_from_sync=True).write(values)

    @api.model
    def _xero_create_from(self, values_list, connection=None, entity=None):
        return self.with_context(xero_from_sync=True, tracking_disable=True).create(values_list)

    def _xero_before_push(self, run, entity=None):
        """Make sure what these records refer to is in Xero first (e.g. an invoice's
        customer and products)."""

    @api.model
    def _xero_same_value(self, name, odoo_value, xero_value):
        """Whether Odoo's and Xero's value of a mapped field agree (overridden where
        Odoo stores less precisely than Xero)."""
        return odoo_value == xero_value

    def _xero_check_values(self, values, connection=None, entity=None, link=None):
        """Problems that stop a push before it is sent (``errors``: nothing is sent) or
        that Xero would pass over silently (``warnings``: sent, and said on the record).
        ``link``: the record's link, when a push asks (what Xero holds of it)."""
        return [], []

    @api.model
    def _xero_prepare_creates(self, connection, creates, entity=None):
        """Records about to be created in Xero, as ``(record, values, payload)``: fill in
        each payload what a record created from Odoo inherits (e.g. the connection's
        template), and return those Xero already has under another link, ``{record id:
        why}``, which are not sent. Nothing by default."""
        return {}

    @api.model
    def _xero_explain_error(self, message):
        """Xero's message for a refused record, with what the user can do about it."""
        if "cannot be used with account code" in message:
            message += " " + _(
                "Xero allows each tax on sales or on purchase accounts only: choose a sales account "
                "for a sales tax (and a purchases account for a purchase tax), or map the tax to "
                "another Xero tax type on the connection's Products tab."
            )
        return message

    @api.model
    def _xero_find_created(self, run, payload, entity=None):
        """The Xero id of the record a create sent as ``payload`` made, if it reached Xero
        though its answer did not, else None: looked up before the create is sent again."""
        return None

    @api.model
    def _xero_read_wanted(self, connection):
        """Whether the routine sync reads this model's Xero records for ``connection``:
        always, unless a model says when it is of use."""
        return True

    @api.model
    def _xero_before_page(self, run, values_list, entity=None):
        """A page of Xero records is about to be applied (``values_list``: their Odoo
        values): read first what they refer to and Odoo lacks. Nothing by default."""

    def _xero_after_refusal(self, run, links):
        """Xero refused these records (their ``links`` say why): look into what Xero's
        message points at, e.g. a record deleted in Xero. Nothing by default."""

    @api.model
    def _xero_match_many(self, connection, values_list, entity=None):
        """For each incoming Xero record new to this connection, the existing records it
        may be: one to link to, none, or several, which is ambiguous and left for review
        (overridden per model)."""
        return [self.browse()] * len(values_list)

    def _xero_links(self, connection=None, entity_name=None):
        """These records' links: of one connection, and of one Xero entity (the model's
        default one when a connection is given)."""
        return self.env["xero.sync.link"]._xero_for_records(self, connection, entity_name)

    def _xero_ensure_links(self, connection, entity_name=None):
        """These records' links as ``entity_name`` (the model's default entity), made
        where missing, all pending: ready to push."""
        Link = self.env["xero.sync.link"].sudo()
        entity_name = entity_name or self._xero_entity
        links = self._xero_links(connection, entity_name)
        for record in self - self.browse(links.mapped("res_id")):
            links |= Link.create(
                {
                    "connection_id": connection.id,
                    "entity": entity_name,
                    "res_model": self._name,
                    "res_id": record.id,
                }
            )
        # a new version: its idempotency key must differ from the last push's, or Xero
        # would replay that push's answer instead of applying this one. A conflict
        # waiting in review stays: only a person's choice settles it.
        for link in links.filtered(lambda link: link.state not in ("pending", "conflict")):
            link.write({"state": "pending", "changed_by_id": self.env.uid, "version": link.version + 1})
        return links

    def _xero_check_no_conflict(self, connection, entity_name=None):
        """A button refuses to send a record waiting in review: it would send Odoo's
        value over the one the accounts team typed in Xero."""
        waiting = self._xero_links(connection, entity_name).filtered(lambda link: link.state == "conflict")
        if waiting:
            record = self.browse(waiting[0].res_id)
            raise UserError(
                _(
                    "%(record)s changed in Odoo and in Xero (%(fields)s): choose Keep Xero's values or Keep Odoo's "
                    "values first.",
                    record=record.display_name,
                    fields=", ".join(sorted(waiting[0].conflict_values or {})) or _("see its Xero tab"),
                )
            )

    def _xero_push_now(self, connection, entity_name=None):
        """Push these records to Xero (as ``entity_name``, the model's default entity
        when not given) as soon as this transaction commits, through the
        routine push path, and tell the user how it went. Nothing is sent if the
        transaction rolls back; a retry carries the same idempotency key. A save of
        more than one batch (an import of thousands) is not sent from the user's
        request: it waits, pending, for the routine sync, which is woken for it."""
        entity_name = entity_name or self._xero_entity
        if not connection._xero_allows(entities.get(entity_name), "export"):
            return self.env["xero.sync.link"]  # the admin switched sending these off
        links = self._xero_ensure_links(connection, entity_name)
        if not self.env.su and not self.env.user.has_group(ROLE_GROUPS[XERO_USER]):
            # a save by someone without the Xero role is sent by the routine sync, which
            # acts for the company; no call to Xero is made on their behalf
            return links
        # one push per connection and transaction, however many times it is asked for
        queued = self.env.cr.postcommit.data.setdefault("xero_push_now", {})
        first = connection.id not in queued
        link_ids = queued.setdefault(connection.id, set())
        link_ids.update(links.ids)
        if len(link_ids) > PUSH_BATCH_SIZE and not self.env.cr.postcommit.data.get(("xero_woken", connection.id)):
            # committed with the records: the routine sync starts as soon as they exist
            self.env.cr.postcommit.data[("xero_woken", connection.id)] = True
            connection.sudo()._xero_wake()
        if not first:
            return links
        uid, context, registry = self.env.uid, self.env.context, self.env.registry

        @self.env.cr.postcommit.add
        def push_after_commit():
            with registry.cursor() as cr:
                env = self.env(cr=cr, user=uid, context=context)
                if len(link_ids) > PUSH_BATCH_SIZE:
                    env.user._bus_send(
                        "simple_notification",
                        {
                            "type": "info",
                            "title": _("Xero"),
                            "message": _(
                                "%s records are queued: the routine sync sends them to Xero in batches.", len(link_ids)
                            ),
                        },
                    )
                    return
                # the user may press the button; the engine acts for them
                SyncRun(env["xero.connection"].sudo().browse(connection.id)).push_links(
                    env["xero.sync.link"].sudo().browse(sorted(link_ids)).exists()
                )

        return links

    def _xero_mark_changed(self):
        """A watched field changed in Odoo: the links go out again."""
        links = self._xero_links()
        if links:
            links._mark_pending()

    def unlink(self):
        """The record goes, its links with it: Xero keeps its side (an accounting system
        forgets nothing), and a later change there is read as a record new to Odoo."""
        links = self._xero_links()
        result = super().unlink()
        links.unlink()
        return result

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("xero_from_sync") and set(vals) & set(self._xero_watched_fields):
            self._xero_mark_changed()
        return result

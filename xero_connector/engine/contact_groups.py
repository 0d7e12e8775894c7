"""Contact groups as partner tags, within a run: Xero's groups become tags (made once,
renamed with their group), and a linked customer's group tags follow its groups both
ways. Xero keeps no modified date on groups, so reading them costs a call plus one per
group: they are read on the schedule of a quiet entity, while tag changes made in Odoo
go at the next run, one call per group gaining members and one per removal."""

import logging

from odoo import _

from ..xero import contact_groups, entities
from ..xero.errors import XeroError, XeroNotFound, XeroRateLimited
from .log import RunStats, auto_commit

_logger = logging.getLogger(__name__)

ENTITY = entities.CONTACT_GROUP  # the links of tags to groups, and the groups' read schedule
MEMBERS_PER_CALL = 100
# Xero's refusal of a call adding a contact it has archived to a group (docs/xero-fidelity.md)
ARCHIVED_MEMBER_REFUSAL = "Unable to assign an Archived contact"


class ContactGroupSync:
    def __init__(self, run):
        self.sync_run = run
        self.connection = run.connection
        self.client = run.client
        self.env = run.env
        self.Links = self.env["xero.sync.link"].sudo()
        self.Tags = self.env["res.partner.category"].sudo()
        self.stats = RunStats()

    def run(self):
        calls_before = self.client.calls
        due = self.sync_run.read_due(ENTITY)
        if due:
            # Xero sends no webhook for groups: read on the schedule of a quiet entity
            self.sync_run.schedule_next_read(ENTITY, self._read_xero())
        else:
            self._send_odoo_changes()
        self.sync_run.log(ENTITY, "push" if not due else "pull", self.stats, calls=self.client.calls - calls_before)

    # -- the groups and their members in Xero -----------------------------------------------------
    def _read_xero(self):
        """Read every group and its members; apply both sides' changes. True when Xero
        had news for Odoo."""
        tenant = self.connection.tenant_id
        groups = contact_groups.groups_from_xero(self.client.contact_groups(tenant))
        tags, news = self._tags_of(groups)
        members = {}
        for group_id in groups:
            self.sync_run.check_budget()
            answer = self.client.contact_group(tenant, group_id)
            members[group_id] = contact_groups.members_from_xero(answer)
        by_contact = {}
        for group_id, contact_ids in members.items():
            for contact_id in contact_ids:
                by_contact.setdefault(contact_id, set()).add(group_id)
        links = self.Links.search(
            [
                ("connection_id", "=", self.connection.id),
                ("entity", "=", entities.CONTACT),
                ("xero_id", "!=", False),
                "|",
                "|",
                ("xero_id", "in", list(by_contact)),
                ("groups_pending", "=", True),
                ("xero_group_ids", "!=", False),
            ]
        )

        def in_xero_of(link):
            return by_contact.get(link.xero_id, set()) & set(groups)

        return self._reconcile_all(links, tags, in_xero_of) or news

    def _tags_of(self, groups):
        """Group id -> tag, making the tags Odoo lacks and renaming those whose group
        was renamed; links to groups gone from Xero are dropped (their tags stay)."""
        connection, news = self.connection, False
        links = self.Links._xero_of_entity(ENTITY, connection)
        tags = {}
        for link in links:
            tag = self.Tags.browse(link.res_id).exists()
            if link.xero_id not in groups or not tag:
                link.unlink()
                continue
            if tag.name != groups[link.xero_id]:
                tag.name = groups[link.xero_id]
                self.stats.updated += 1
                news = True
            tags[link.xero_id] = tag
        for group_id, name in groups.items():
            if group_id in tags:
                continue
            tag = self.Tags.search([("name", "=ilike", name)], limit=1) or self.Tags.create({"name": name})
            self.Links.create(
                {
                    "connection_id": connection.id,
                    "entity": ENTITY,
                    "res_model": "res.partner.category",
                    "res_id": tag.id,
                    "xero_id": group_id,
                    "state": "synced",
                }
            )
            self.stats.created += 1
            tags[group_id] = tag
            news = True
        return tags, news

    # -- the customers ------------------------------------------------------------------------------
    def _reconcile_all(self, links, tags, in_xero_of):
        """Both sides' changes since the last agreement, for each linked customer: the
        tags Xero changed are set in Odoo, then the groups Odoo changed are sent, one
        call per group gaining members (a hundred at a time) and one per removal. True
        when Odoo's tags changed."""
        group_of_tag = {tag.id: group_id for group_id, tag in tags.items()}
        partners = self.env[entities.get(entities.CONTACT).odoo_model].sudo().browse(links.mapped("res_id")).exists()
        partner_of = {partner.id: partner for partner in partners}
        news, agreed, adds, removes = False, {}, {}, []
        for link in links:
            partner = partner_of.get(link.res_id)
            if not partner:
                continue
            in_odoo = {group_of_tag[tag.id] for tag in partner._xero_group_tags() if tag.id in group_of_tag}
            in_xero = in_xero_of(link)
            base = set(link.xero_group_ids) & set(tags) if link.xero_group_ids else None
            final, add, remove = contact_groups.reconcile(base, in_odoo, in_xero)
            if final != in_odoo:
                partner._xero_take_group_tags(
                    self.Tags.union(*(tags[g] for g in final - in_odoo)),
                    self.Tags.union(*(tags[g] for g in in_odoo - final)),
                )
                self.stats.updated += 1
                news = True
            agreed[link] = set(in_xero)
            for group_id in add:
                adds.setdefault(group_id, []).append(link)
            removes += [(group_id, link) for group_id in remove]
        problems = self._send(adds, removes, agreed)
        for link, groups in agreed.items():
            # what Xero refused (an archived contact, an outage) is asked again at the next
            # run: between reads of Xero only pending customers are looked at
            values = {"xero_group_ids": sorted(groups) or None, "groups_pending": bool(problems.get(link))}
            if problems.get(link):
                self.stats.fail(partners._name, link.res_id, link.xero_id, "; ".join(problems[link]))
            link.write(values)
        auto_commit(self.env)
        return news

    def _send(self, adds, removes, agreed):
        """Send the groups' gains and losses; what Xero refused stays as Xero has it
        (``agreed`` follows what went through). Returns each link's problems."""
        tenant, problems = self.connection.tenant_id, {}
        for group_id, links in sorted(adds.items()):
            archived = [link for link in links if (link.synced_values or {}).get("active") is False]
            for link in archived:
                # Xero refuses to add an archived contact: not sent, said on the customer
                problems.setdefault(link, []).append(self._archived_member_hint())
            links = [link for link in links if link not in archived]
            for start in range(0, len(links), MEMBERS_PER_CALL):
                self._add_members(group_id, links[start : start + MEMBERS_PER_CALL], agreed, problems)
        for group_id, link in removes:
            try:
                self.sync_run.check_budget()
                self.client.remove_from_contact_group(tenant, group_id, link.xero_id)
            except XeroNotFound:
                # out of the group already: taken out in Xero too since the last read
                _logger.debug("Xero contact %s was out of group %s already", link.xero_id, group_id)
            except XeroRateLimited:
                raise
            except XeroError as error:
                problems.setdefault(link, []).append(error.user_message(self.env._))
                continue
            agreed[link].discard(group_id)
        return problems

    def _add_members(self, group_id, batch, agreed, problems):
        """One call adding ``batch`` to the group. Xero refuses the whole call when one of
        them was archived in Xero since the last read: then each goes alone, so that one
        archived customer never keeps the others out."""
        try:
            self.sync_run.check_budget()
            self.client.add_to_contact_group(self.connection.tenant_id, group_id, [link.xero_id for link in batch])
        except XeroRateLimited:
            raise
        except XeroError as error:
            archived = ARCHIVED_MEMBER_REFUSAL in error.message
            if archived and len(batch) > 1:
                for link in batch:
                    self._add_members(group_id, [link], agreed, problems)
                return
            for link in batch:
                problems.setdefault(link, []).append(
                    self._archived_member_hint() if archived else error.user_message(self.env._)
                )
            return
        for link in batch:
            agreed[link].add(group_id)

    def _archived_member_hint(self):
        return _(
            "Not added to its Xero contact group: the contact is archived in Xero, which takes no "
            "archived contact into a group. Restore it in Xero, or remove the tag here."
        )

    def _send_odoo_changes(self):
        """Between reads of Xero: the tags changed in Odoo, against the groups last agreed."""
        tags = {
            link.xero_id: self.Tags.browse(link.res_id) for link in self.Links._xero_of_entity(ENTITY, self.connection)
        }
        pending = self.Links.search(
            [
                ("connection_id", "=", self.connection.id),
                ("entity", "=", entities.CONTACT),
                ("groups_pending", "=", True),
                ("xero_id", "!=", False),
            ]
        )
        if pending and tags:
            self._reconcile_all(pending, tags, lambda link: set(link.xero_group_ids or ()) & set(tags))
        else:
            pending.write({"groups_pending": False})


def sync_contact_groups(run):
    """The run's step for groups (registered by ``models/res_partner_contact_groups.py``):
    Xero's contact groups and the customers' tags, both ways, where ``allowed``."""
    run.scope_guarded(entities.get(ENTITY), "pull", ContactGroupSync(run).run)


def allowed(connection):
    """Groups follow customers both ways, where the connection wants them."""
    contact = entities.get(entities.CONTACT)
    return (
        connection.contact_groups
        and connection._xero_allows(contact, "import")
        and connection._xero_allows(contact, "export")
    )

"""Randomized proof that the two-way sync converges (issue 21).

Each seed runs rounds of random edits on both sides: salespeople edit, create, archive
and restore partners and products through the ORM; the accounts team edits, creates,
archives and restores contacts and items through Xero's screens, several times the same
record and field in one round, and saves records while the connector reads pages. Xero
answers with random faults (429 with Retry-After, 503, lost answers). Each round ends
with one routine run: the cron entry with its back-off, a scheduled run, or Sync now.
Then come clean runs, and both sides are compared field by field, read from Odoo's
tables and from the emulator, never from the connector's links, and against a ledger
of every edit made:

- no field differs, except where a person must decide (a conflict in review, or an
  Odoo change to a contact Xero archived, which Xero refuses and the record says);
- no edit is lost: each side's last edit of a field is the final value, or was seen on
  both sides at the end of a round after it was made (then replaced by a later edit),
  or lost a conflict the record's chatter names;
- no record is twice on either side, none is missing.

Seeds, rounds: ``XERO_CONVERGENCE_SEEDS`` (comma-separated) and ``XERO_CONVERGENCE_ROUNDS``;
``make test`` runs 3 seeds of 25 rounds, ``make bench`` more. A failure names its seed:
rerun it alone with ``XERO_CONVERGENCE_SEEDS=<seed>``.
"""

import datetime as dt
import logging
import os
import random

from odoo import fields
from odoo.tests import tagged

from .common import SyncCase

_logger = logging.getLogger(__name__)

SEEDS = [int(s) for s in os.environ.get("XERO_CONVERGENCE_SEEDS", "3,4,5").split(",") if s.strip()]
ROUNDS = int(os.environ.get("XERO_CONVERGENCE_ROUNDS", "25"))
POLICIES = ("xero", "odoo", "review")
CONTACT_FIELDS = ("name", "email", "phone", "active")
ITEM_FIELDS = ("name", "description", "sale_price")
CONFLICT_NOTE = "Changed in Odoo and in Xero"
HELD_BACK = "archived in Xero"


class World:
    """Both sides as a person would read them: Odoo's records by their reference
    (partner ``ref``, product ``default_code``) and Xero's by the same key
    (``AccountNumber``, ``Code``)."""

    def __init__(self, case):
        self.case = case
        self.env = case.env

    @staticmethod
    def partner_values(partner):
        return {
            "name": partner.name,
            "email": partner.email or None,
            "phone": partner.phone or None,
            "active": partner.active,
        }

    @staticmethod
    def contact_values(contact):
        phone = next((p for p in contact.get("Phones") or [] if p["PhoneType"] == "DEFAULT"), {})
        return {
            "name": contact["Name"],
            "email": contact.get("EmailAddress") or None,
            "phone": phone.get("PhoneNumber") or None,
            "active": contact["ContactStatus"] == "ACTIVE",
        }

    @staticmethod
    def product_values(product):
        return {
            "name": product.name,
            "description": product.description_sale or None,
            "sale_price": round(product.lst_price, 2),
        }

    @staticmethod
    def item_values(item):
        return {
            "name": item["Name"],
            "description": item.get("Description") or None,
            "sale_price": round(float((item.get("SalesDetails") or {}).get("UnitPrice") or 0), 2),
        }

    @staticmethod
    def by_key(records, key_of, values_of, keys):
        """{key: [values of each record with that key]}, for the records whose key is one
        of ``keys``: a list, so that a record twice on one side shows."""
        found = {}
        for record in records:
            if key_of(record) in keys:
                found.setdefault(key_of(record), []).append(values_of(record))
        return found

    def odoo_contacts(self, keys):
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("ref", "in", list(keys)), ("parent_id", "=", False)])
        )
        return self.by_key(partners, lambda partner: partner.ref, self.partner_values, keys)

    def xero_contacts(self, keys):
        contacts = self.case.xero_records("Contacts")
        return self.by_key(contacts, lambda contact: contact.get("AccountNumber"), self.contact_values, keys)

    def odoo_items(self, keys):
        products = (
            self.env["product.product"].with_context(active_test=False).search([("default_code", "in", list(keys))])
        )
        return self.by_key(products, lambda product: product.default_code, self.product_values, keys)

    def xero_items(self, keys):
        return self.by_key(self.case.xero_records("Items"), lambda item: item["Code"], self.item_values, keys)

    def snapshot(self, contact_keys, item_keys):
        """{(kind, key): (Odoo's values or None, Xero's values or None)}, failing on
        a record twice on either side."""
        both = {}
        for kind, odoo, xero in (
            ("contact", self.odoo_contacts(contact_keys), self.xero_contacts(contact_keys)),
            ("item", self.odoo_items(item_keys), self.xero_items(item_keys)),
        ):
            for key in set(odoo) | set(xero):
                self.case.assertLessEqual(len(odoo.get(key, [])), 1, "%s %s twice in Odoo" % (kind, key))
                self.case.assertLessEqual(len(xero.get(key, [])), 1, "%s %s twice in Xero" % (kind, key))
                both[kind, key] = ((odoo.get(key) or [None])[0], (xero.get(key) or [None])[0])
        return both


class Ledger:
    """Every edit made, and every value seen on both sides at the end of a round."""

    def __init__(self):
        # (kind, key, field) -> [(round, side, value, first message id, the value before)]
        self.edits = {}
        self.agreed = {}  # (kind, key, field) -> {value: last round it was seen on both sides}
        self.decided = {}  # (kind, key, field) -> the round a person settled its conflict

    def edit(self, round_number, side, kind, key, values, message_mark, before=None):
        """``before``: the side's values just before the edit (None: a new record)."""
        for field, value in values.items():
            self.edits.setdefault((kind, key, field), []).append(
                (round_number, side, value, message_mark, (before or {}).get(field))
            )

    def observe(self, round_number, snapshot):
        for (kind, key), (odoo, xero) in snapshot.items():
            if not odoo or not xero:
                continue
            for field, value in odoo.items():
                if xero.get(field) == value:
                    self.agreed.setdefault((kind, key, field), {})[value] = round_number

    def last_edits(self):
        """Each side's last edit of each field that changed it: a round whose edits of a
        field end on the value that side had before them (archived, then restored) left
        it as it was."""
        last = {}
        for target, edits in self.edits.items():
            rounds = {}
            for edit in edits:
                rounds.setdefault((edit[1], edit[0]), []).append(edit)
            for (side, _round), made in rounds.items():
                if made[0][4] is not None and made[0][4] == made[-1][2]:
                    continue
                last[target + (side,)] = made[-1][:4]
        return last


@tagged("post_install", "-at_install", "xero_convergence")
class TestConvergence(SyncCase):
    """The generator and the checks; one test per seed is added below."""

    def setUp(self):
        super().setUp()
        self.use_nz_sales_taxes()
        self.world = World(self)

    def xero_records(self, collection):
        return self.emulator_admin("GET", "tenants/%s/%s" % (self.tenant_id, collection))[collection]

    def xero_write(self, collection, element):
        answer = self.emulator_admin(
            "POST", "tenants/%s/ui/%s" % (self.tenant_id, collection), **{collection: [element]}
        )
        # the ledger records only what Xero took
        self.assertEqual(answer[collection][0]["StatusAttributeString"], "OK", answer)

    def message_mark(self):
        self.env["mail.message"].flush_model()
        self.env.cr.execute("SELECT coalesce(max(id), 0) FROM mail_message")
        return self.env.cr.fetchone()[0]

    # -- the organisation both sides start from -------------------------------------------------
    def start(self, rng, policy):
        # every contact gets a ledger code: the key both sides are compared by
        for index, contact in enumerate(self.xero_records("Contacts")):
            if not contact.get("AccountNumber"):
                self.xero_write("Contacts", {"ContactID": contact["ContactID"], "AccountNumber": "K%03d" % index})
        self.connection.write(
            {
                "conflict_policy": policy,
                "push_new_customers": True,
                "push_new_products": True,
                "push_changes_now": rng.random() < 0.5,
            }
        )
        if rng.random() < 0.5:
            self.emulator_admin("POST", "paging", max_page_size=rng.choice((3, 4, 5)))
        self.connection._xero_sync()
        self.contact_keys = {c["AccountNumber"] for c in self.xero_records("Contacts")}
        self.item_keys = {i["Code"] for i in self.xero_records("Items")}
        self.now = fields.Datetime.now()

    # -- the salespeople ------------------------------------------------------------------------
    def odoo_edits(self, rng, round_number, ledger, counter):
        Partner = self.env["res.partner"].with_context(active_test=False)
        mark = self.message_mark()
        for _i in range(rng.randint(3, 12)):
            action = rng.random()
            tag = "%s-%s" % (round_number, next(counter))
            if action < 0.1:
                key = "O" + tag
                values = {"name": "Customer %s" % tag, "email": "o%s@odoo.example" % tag, "active": True}
                Partner.create({"name": values["name"], "email": values["email"], "ref": key, "is_company": True})
                self.contact_keys.add(key)
                ledger.edit(round_number, "odoo", "contact", key, values, mark)
            elif action < 0.18:
                key = "P" + tag
                values = {"name": "Product %s" % tag, "sale_price": round(rng.uniform(5, 500), 2)}
                self.env["product.product"].create(
                    {
                        "name": values["name"],
                        "default_code": key,
                        "list_price": values["sale_price"],
                        "taxes_id": [(6, 0, self.gst.ids)],
                    }
                )
                self.item_keys.add(key)
                ledger.edit(round_number, "odoo", "item", key, values, mark)
            elif action < 0.75:
                partners = Partner.search([("ref", "in", list(self.contact_keys)), ("parent_id", "=", False)])
                partner = rng.choice(partners.filtered("active") or partners)
                if not partner.active:
                    values = {"active": True}  # restored from the archive
                else:
                    values = rng.choice(
                        (
                            {"email": "o%s@odoo.example" % tag},
                            {"phone": "04 7%s" % tag},
                            {"name": "Customer %s" % tag},
                            {"email": "o%s@odoo.example" % tag, "phone": "04 7%s" % tag},
                            {"active": False},
                        )
                    )
                before = self.world.partner_values(partner)
                partner.write(values)
                ledger.edit(round_number, "odoo", "contact", partner.ref, values, mark, before)
            else:
                product = rng.choice(self.env["product.product"].search([("default_code", "in", list(self.item_keys))]))
                values = rng.choice(
                    (
                        {"sale_price": round(rng.uniform(5, 500), 2)},
                        {"description": "Odoo text %s" % tag},
                        {"name": "Product %s" % tag},
                    )
                )
                written = {"sale_price": "lst_price", "description": "description_sale", "name": "name"}
                before = self.world.product_values(product)
                product.write({written[k]: v for k, v in values.items()})
                ledger.edit(round_number, "odoo", "item", product.default_code, values, mark, before)
            if self.connection.push_changes_now and rng.random() < 0.2:
                self.run_after_commit()  # the save's own push, as a commit runs it
                # what it sent is on both sides now, before the accounts team's edits
                ledger.observe(round_number, self.world.snapshot(self.contact_keys, self.item_keys))

    # -- the accounts team ----------------------------------------------------------------------
    def xero_edit_of_contact(self, rng, tag, contact, typing_only=False):
        """(Xero element, ledger values) of one edit of ``contact``."""
        if contact["ContactStatus"] != "ACTIVE" and not typing_only:
            return {"ContactID": contact["ContactID"], "ContactStatus": "ACTIVE"}, {"active": True}
        choices = [
            ({"EmailAddress": "x%s@xero.example" % tag}, {"email": "x%s@xero.example" % tag}),
            (
                {"Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": "09 3%s" % tag}]},
                {"phone": "09 3%s" % tag},
            ),
        ]
        if not typing_only:
            choices += [
                ({"Name": "Contact %s" % tag}, {"name": "Contact %s" % tag}),
                ({"ContactStatus": "ARCHIVED"}, {"active": False}),
            ]
        element, values = rng.choice(choices)
        return dict(element, ContactID=contact["ContactID"]), values

    def xero_edits(self, rng, round_number, ledger, counter):
        mark = self.message_mark()
        for _i in range(rng.randint(3, 12)):
            action = rng.random()
            tag = "%s-%s" % (round_number, next(counter))
            if action < 0.1:
                key = "X" + tag
                values = {"name": "Contact %s" % tag, "email": "x%s@xero.example" % tag, "active": True}
                self.xero_write(
                    "Contacts", {"Name": values["name"], "EmailAddress": values["email"], "AccountNumber": key}
                )
                self.contact_keys.add(key)
                ledger.edit(round_number, "xero", "contact", key, values, mark)
            elif action < 0.18:
                key = "I" + tag
                values = {"name": "Item %s" % tag, "description": "Xero text %s" % tag, "sale_price": 12.5}
                self.xero_write(
                    "Items",
                    {
                        "Code": key,
                        "Name": values["name"],
                        "Description": values["description"],
                        "SalesDetails": {"UnitPrice": 12.5, "AccountCode": "200", "TaxType": "OUTPUT2"},
                    },
                )
                self.item_keys.add(key)
                ledger.edit(round_number, "xero", "item", key, values, mark)
            elif action < 0.75:
                contacts = [c for c in self.xero_records("Contacts") if c.get("AccountNumber") in self.contact_keys]
                contact = rng.choice(contacts)
                element, values = self.xero_edit_of_contact(rng, tag, contact)
                self.xero_write("Contacts", element)
                before = self.world.contact_values(contact)
                ledger.edit(round_number, "xero", "contact", contact["AccountNumber"], values, mark, before)
            else:
                item = rng.choice([i for i in self.xero_records("Items") if i["Code"] in self.item_keys])
                choice = rng.randrange(3)
                if choice == 0:
                    price = round(rng.uniform(5, 500), 2)
                    details = dict(item.get("SalesDetails") or {}, UnitPrice=price)
                    element, values = {"SalesDetails": details}, {"sale_price": price}
                elif choice == 1:
                    element, values = {"Description": "Xero text %s" % tag}, {"description": "Xero text %s" % tag}
                else:
                    element, values = {"Name": "Item %s" % tag}, {"name": "Item %s" % tag}
                self.xero_write("Items", dict(element, ItemID=item["ItemID"]))
                ledger.edit(round_number, "xero", "item", item["Code"], values, mark, self.world.item_values(item))
        if rng.random() < 0.15:
            # a bulk operation in Xero: every contact saved in one second
            self.emulator_admin("POST", "tenants/%s/stamp" % self.tenant_id, collection="Contacts")

    # -- Xero's faults --------------------------------------------------------------------------
    def add_fault(self, rng, round_number, counter):
        """One fault for this round's run, or none: (its kind, and for a save while pages
        are read, the (contact key, ledger values) to record once it happened)."""
        kind = rng.choice(("none", "none", "429", "429-wait", "503", "drop", "touch"))
        if kind == "none":
            return kind, None
        path = rng.choice(("/Contacts", "/Items"))
        if kind == "429":
            self.emulator_admin("POST", "faults", kind="429", path=path, retry_after=0, after=rng.randint(0, 3))
        elif kind == "429-wait":
            self.emulator_admin("POST", "faults", kind="429", path=path, retry_after=120, after=rng.randint(0, 3))
        elif kind == "503":
            self.emulator_admin("POST", "faults", kind="503", path=path, after=rng.randint(0, 3))
        elif kind == "drop":
            self.emulator_admin("POST", "faults", kind="drop", path=path, method=rng.choice(("PUT", "POST")))
        elif kind == "touch":
            contacts = [
                c
                for c in self.xero_records("Contacts")
                if c.get("AccountNumber") in self.contact_keys and c["ContactStatus"] == "ACTIVE"
            ]
            contact = rng.choice(contacts)
            element, values = self.xero_edit_of_contact(
                rng, "%s-%s" % (round_number, next(counter)), contact, typing_only=True
            )
            # saved right after a page of a pull is answered, before the next is asked for
            # after=1 on a pull of one page never fires: the test records only what happened
            self.save_in_xero_after_read("order=", records=[element], after=rng.choice((0, 0, 1)))
            return kind, (contact["AccountNumber"], values)
        return kind, None

    def routine_run(self, rng):
        """One routine run, as one of the ways Odoo starts one."""
        minutes = rng.choice((1, 5, 10, 30, 90))
        self.now += dt.timedelta(minutes=minutes)
        # time passes on both clocks, and for the shared rate budget: its last minute is over
        self.emulator_admin("POST", "clock", advance=minutes * 60)
        self.env["xero.api.call"].sudo().search([]).unlink()
        way = rng.choice(("cron", "scheduled", "now"))
        connection = self.connection.with_context(xero_now=self.now)
        if way == "cron":
            connection._cron_xero_sync()
        elif way == "scheduled":
            connection.with_context(xero_scheduled=True)._xero_sync()
        else:
            connection._xero_sync()
        self.env.invalidate_all()
        return way

    def clean_runs(self):
        self.emulator_admin("DELETE", "faults")
        for _i in range(3):
            # a clean run starts after Xero's minute is over, as the cron's next one would:
            # long rounds can end with the minute's 60 calls spent
            self.now += dt.timedelta(minutes=1)
            self.emulator_admin("POST", "clock", advance=60)
            self.env["xero.api.call"].sudo().search([]).unlink()
            self.connection.with_context(xero_now=self.now)._xero_sync()
        self.env.invalidate_all()

    # -- the whole -----------------------------------------------------------------------------
    def converge(self, seed):
        rng = random.Random(seed)
        policy = POLICIES[seed % len(POLICIES)]
        _logger.info("convergence seed %s: %s rounds, conflict policy %s", seed, ROUNDS, policy)
        self.start(rng, policy)
        ledger = Ledger()
        ledger.observe(0, self.world.snapshot(self.contact_keys, self.item_keys))
        counter = iter(range(1, 10**6))
        ways, faults = {}, {}
        for round_number in range(1, ROUNDS + 1):
            mark = self.message_mark()
            self.odoo_edits(rng, round_number, ledger, counter)
            self.xero_edits(rng, round_number, ledger, counter)
            fault, touched = self.add_fault(rng, round_number, counter)
            way = self.routine_run(rng)
            ways[way] = ways.get(way, 0) + 1
            unfired = self.emulator_admin("GET", "faults")["faults"]
            if not unfired:
                faults[fault] = faults.get(fault, 0) + 1
                if touched:
                    ledger.edit(round_number, "xero", "contact", touched[0], touched[1], mark)
            self.emulator_admin("DELETE", "faults")
            ledger.observe(round_number, self.world.snapshot(self.contact_keys, self.item_keys))
        edits = sum(len(e) for e in ledger.edits.values())
        self.clean_runs()
        waiting = self.check(ledger, ROUNDS + 1, seed, policy, final=False)
        in_review = sum(1 for link, _names in waiting.values() if link.state == "conflict")
        if policy == "review":
            # a person decides each conflict, either way; then nothing else may differ
            for (kind, key), (link, names) in waiting.items():
                if link.state != "conflict":
                    continue
                (link.action_xero_take_xero if rng.random() < 0.5 else link.action_xero_take_odoo)()
                for name in names:
                    ledger.decided[kind, key, name] = ROUNDS + 1
            self.clean_runs()
            waiting = self.check(ledger, ROUNDS + 2, seed, policy, final=True)
        _logger.info(
            "convergence seed %s: %s edits, runs %s, faults %s, %s conflicts decided in review, %s held back "
            "for a person at the end (%s)",
            seed,
            edits,
            ways,
            faults,
            in_review,
            len(waiting),
            ", ".join(sorted("%s %s" % key for key in waiting)) or "none",
        )

    def links(self):
        return self.env["xero.sync.link"].search(
            [("connection_id", "=", self.connection.id), ("entity", "in", ("contact", "item"))]
        )

    def waiting_for_a_person(self, final):
        """{(kind, key): (link, its conflicting fields)} that a person must settle: a
        conflict in review (before the decisions), or an Odoo change held back because
        Xero archived the contact."""
        waiting = {}
        for link in self.links():
            record = self.env[link.res_model].with_context(active_test=False).browse(link.res_id)
            key = record.ref if link.entity == "contact" else record.default_code
            if link.state == "conflict" and not final:
                waiting[link.entity, key] = (link, set(link.conflict_values or {}))
            elif link.state == "error" and HELD_BACK in (link.last_error or ""):
                waiting[link.entity, key] = (link, set())
            else:
                self.assertEqual(link.state, "synced", "%s %s: %s" % (link.entity, key, link.last_error))
        return waiting

    def check(self, ledger, round_number, seed, policy, final):
        snapshot = self.world.snapshot(self.contact_keys, self.item_keys)
        ledger.observe(round_number, snapshot)
        waiting = self.waiting_for_a_person(final)
        differing, lost = [], []
        for (kind, key), (odoo, xero) in sorted(snapshot.items()):
            self.assertTrue(odoo and xero, "seed %s: %s %s only on one side (%s, %s)" % (seed, kind, key, odoo, xero))
            if (kind, key) in waiting:
                continue
            differing += [
                "%s %s %s: Odoo %r, Xero %r" % (kind, key, f, odoo[f], xero[f]) for f in odoo if odoo[f] != xero[f]
            ]
        for (kind, key, field, side), (made, _side, value, mark) in sorted(ledger.last_edits().items()):
            odoo, xero = snapshot[kind, key]
            final_value = (odoo if side == "odoo" else xero)[field]
            if (kind, key) in waiting:
                # a person decides: both sides keep their own edit meanwhile
                if final_value == value or ledger.agreed.get((kind, key, field), {}).get(value, -1) >= made:
                    continue
            elif odoo[field] == xero[field] == value:
                continue
            if ledger.agreed.get((kind, key, field), {}).get(value, -1) >= made:
                continue  # it reached the other side, and a later edit replaced it
            if ledger.decided.get((kind, key, field), -1) >= made:
                continue  # a person settled its conflict
            if policy not in (side, "review") and self.conflict_noted(kind, key, field, mark):
                continue  # it lost a conflict by the connection's policy, and the record says so
            lost.append(
                "%s %s %s: %s's %r of round %s (now Odoo %r, Xero %r)"
                % (kind, key, field, side, value, made, odoo[field], xero[field])
            )
        self.assertFalse(differing, "seed %s: fields differ:\n%s" % (seed, "\n".join(differing)))
        self.assertFalse(lost, "seed %s: edits lost without a conflict shown:\n%s" % (seed, "\n".join(lost)))
        return waiting

    def conflict_noted(self, kind, key, field, mark):
        model = "res.partner" if kind == "contact" else "product.product"
        domain = [("ref", "=", key), ("parent_id", "=", False)] if kind == "contact" else [("default_code", "=", key)]
        record = self.env[model].with_context(active_test=False).search(domain)
        notes = self.env["mail.message"].search(
            [("model", "=", model), ("res_id", "=", record.id), ("id", ">", mark), ("body", "ilike", CONFLICT_NOTE)]
        )
        return any(field in str(note.body) for note in notes)


for _seed in SEEDS:
    setattr(
        TestConvergence,
        "test_random_edits_on_both_sides_converge_seed_%d" % _seed,
        lambda self, seed=_seed: self.converge(seed),
    )

"""Both sides of the randomized convergence test as a person reads them, and the ledger
that judges every edit made to either side.

``World`` pairs each Odoo record with its Xero record by what the test itself saw them
made as (never by the connector's links), and reads every mapped key of each side
(``convergence_keys``). ``Ledger`` keeps every edit, every value seen on both sides at
the end of a round and every conflict a record's chatter names, and says of each edit
whether it was kept, replaced after it reached the other side, or lost to a conflict
shown on that exact field."""

import re

from .convergence_keys import CONTACT, ITEM, KEYS

CONFLICT_NOTE = re.compile(r"Changed in Odoo and in Xero since the last sync: (.*?) \(policy")
MODELS = {CONTACT: "res.partner", ITEM: "product.product"}
COLLECTIONS = {CONTACT: ("Contacts", "ContactID"), ITEM: ("Items", "ItemID")}


class World:
    """The pairs of records the test follows: ``(kind, label) -> [Odoo id, Xero id]``
    (either None while not made yet on that side, or once deleted there)."""

    def __init__(self, case):
        self.case = case
        self.env = case.env
        self.pairs = {}
        self.deleted = {}  # (kind, label) -> the side that deleted it

    # -- reading -------------------------------------------------------------------------------
    def odoo_record(self, kind, label):
        odoo_id = self.pairs[kind, label][0]
        return self.env[MODELS[kind]].with_context(active_test=False).browse(odoo_id).exists() if odoo_id else None

    def xero_records(self, kind):
        """Xero's records of ``kind`` by id; a contact carries the names of its groups."""
        collection, id_field = COLLECTIONS[kind]
        records = {r[id_field]: r for r in self.case.xero_records(collection)}
        if kind == CONTACT:
            groups = self.case.emulator_admin("GET", "tenants/%s/contact-groups" % self.case.tenant_id)
            for group in groups["ContactGroups"]:
                for contact_id in group["Contacts"]:
                    if contact_id in records:
                        records[contact_id].setdefault("ContactGroups", []).append({"Name": group["Name"]})
        return records

    @staticmethod
    def odoo_values(kind, record):
        return {key.name: key.read_odoo(record) for key in KEYS[kind]}

    @staticmethod
    def xero_values(kind, record):
        return {key.name: key.read_xero(record) for key in KEYS[kind]}

    def snapshot(self):
        """{(kind, label): (Odoo's values or None, Xero's values or None)} of every pair."""
        found = {}
        for kind in (CONTACT, ITEM):
            xero = self.xero_records(kind)
            for (pair_kind, label), (_odoo_id, xero_id) in self.pairs.items():
                if pair_kind != kind:
                    continue
                record = self.odoo_record(kind, label)
                found[kind, label] = (
                    self.odoo_values(kind, record) if record else None,
                    self.xero_values(kind, xero[xero_id]) if xero_id in xero else None,
                )
        return found

    # -- pairing -------------------------------------------------------------------------------
    def pair(self, kind, label, odoo_id=None, xero_id=None):
        pair = self.pairs.setdefault((kind, label), [None, None])
        if odoo_id:
            pair[0] = odoo_id
        if xero_id:
            pair[1] = xero_id

    def pair_new_records(self, creations):
        """Records made on one side in ``creations`` ({(kind, label): (side, key value)})
        found on the other, by the key they were made with (a ledger code, an item code):
        nothing edits a record before both of its sides are known."""
        for kind in (CONTACT, ITEM):
            xero = self.xero_records(kind)
            field = "AccountNumber" if kind == CONTACT else "Code"
            odoo_field = "ref" if kind == CONTACT else "default_code"
            for (made_kind, label), (_side, key) in list(creations.items()):
                if made_kind != kind:
                    continue
                odoo = (
                    self.env[MODELS[kind]]
                    .with_context(active_test=False)
                    .search([(odoo_field, "=", key)] + ([("parent_id", "=", False)] if kind == CONTACT else []))
                )
                theirs = [record_id for record_id, record in xero.items() if record.get(field) == key]
                self.case.assertLessEqual(len(odoo), 1, "%s %s twice in Odoo" % (kind, key))
                self.case.assertLessEqual(len(theirs), 1, "%s %s twice in Xero" % (kind, key))
                if odoo:
                    self.pair(kind, label, odoo_id=odoo.id)
                if theirs:
                    self.pair(kind, label, xero_id=theirs[0])
                if odoo and theirs:
                    del creations[kind, label]

    def both_known(self, kind):
        """Labels of ``kind`` known on both sides and deleted on neither: what people edit."""
        return sorted(
            label
            for (pair_kind, label), (odoo_id, xero_id) in self.pairs.items()
            if pair_kind == kind and odoo_id and xero_id and (kind, label) not in self.deleted
        )


class Ledger:
    """Every edit made, every value seen on both sides at the end of a round, and what a
    person decided."""

    def __init__(self):
        # (kind, label, key) -> [(round, side, value, first message id, order of the edit)]
        self.edits = {}
        self.agreed = {}  # (kind, label, key) -> {value: last round it was on both sides}
        self.decided = {}  # (kind, label, key) -> the round a person settled its conflict
        # (kind, side whose edits travel) -> the rounds whose run carried them: Xero's
        # records read, Odoo's written to Xero (a quiet entity is not read every run)
        self.carried = {}
        self.synced = {}  # (kind, label) -> the rounds at whose end its link said synced
        # (kind, label, key) -> [(round, value)]: both sides held it, the link said synced
        self.agreed_by_sync = {}
        self.count = 0

    def record(self, round_number, side, kind, label, before, after, mark):
        """The values of one record on ``side`` before and after an edit: what changed is
        the edit (a change of one key may change others: an item archived in Odoo is
        neither sold nor purchased in Xero)."""
        for key, value in after.items():
            if before is None or before.get(key) != value:
                self.count += 1
                self.edits.setdefault((kind, label, key), []).append((round_number, side, value, mark, self.count))

    def observe(self, round_number, snapshot, synced=None):
        """The values both sides hold at the end of a round; of the records in ``synced``
        (all when None: the start), also as an agreement the connector made."""
        for (kind, label), (odoo, xero) in snapshot.items():
            if not odoo or not xero:
                continue
            by_the_sync = synced is None or (kind, label) in synced
            for key, value in odoo.items():
                if xero.get(key) != value:
                    continue
                self.agreed.setdefault((kind, label, key), {})[hashable(value)] = round_number
                if by_the_sync:
                    self.agreed_by_sync.setdefault((kind, label, key), []).append((round_number, hashable(value)))

    def synced_in(self, round_number):
        """The records whose link said synced at the end of that round."""
        return {record for record, rounds in self.synced.items() if round_number in rounds}

    def last_synced_agreement(self, target, before):
        """(round, value) of the last agreement the connector made on ``target`` at the
        end of a round before ``before``, or None."""
        earlier = [seen for seen in self.agreed_by_sync.get(target, ()) if seen[0] < before]
        return earlier[-1] if earlier else None

    def carried_between(self, target, side, start, end):
        """Whether a run of a round from ``start`` to before ``end`` carried ``side``'s
        edit of ``target`` to the other side: for Odoo's, the record's link said synced
        at a round's end (the connector claims Xero has it); for Xero's, a read of the
        collection went to its last page (a quiet collection is not read every run)."""
        kind, label, key = target
        if side == "odoo":
            rounds = self.synced.get((kind, label), ())
        else:
            rounds = self.carried.get((kind if key != "groups" else "groups", side), ())
        return any(start <= r < end for r in rounds)

    def reached(self, target, value, made):
        return self.agreed.get(target, {}).get(hashable(value), -1) >= made


def hashable(value):
    return tuple(value) if isinstance(value, list) else value


def conflicts_named(env, kind, record, after_mark):
    """The keys the record's conflict notes name, after message ``after_mark``."""
    messages = env["mail.message"].search(
        [
            ("model", "=", MODELS[kind]),
            ("res_id", "=", record.id),
            ("id", ">", after_mark),
            ("body", "ilike", "Changed in Odoo and in Xero"),
        ]
    )
    named = set()
    for message in messages:
        found = CONFLICT_NOTE.search(str(message.body))
        if found:
            named |= {name.strip() for name in found.group(1).split(",")}
    return named

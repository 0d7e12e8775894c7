"""The benchmark's phases, run inside ``odoo-bin shell`` by scripts/bench (``env`` is
Odoo's). Each phase prints and records wall time, records per second, API calls used
beside the minimum possible, and the Odoo process's peak memory."""

import cProfile
import datetime
import json
import math
import os
import pstats
import resource
import sys
import time

import requests

from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES
from odoo.addons.xero_connector.xero import entities

EMULATOR = os.environ["XERO_BENCH_EMULATOR"]
OUTPUT = os.environ["XERO_BENCH_OUTPUT"]
PUSH_COUNT = int(os.environ.get("XERO_BENCH_PUSH", "500"))
CONTACTS_ONLY = int(os.environ.get("XERO_BENCH_CONTACTS", "5000"))


def api_calls():
    """(calls, bytes downloaded) of the Accounting API since the last look."""
    log = requests.get(EMULATOR + "/_emulator/requests", timeout=60).json()["requests"]
    requests.delete(EMULATOR + "/_emulator/requests", timeout=60)
    api = [r for r in log if r["path"].startswith("/api.xro")]
    return len(api), sum(r.get("bytes") or 0 for r in api)


def records_bytes(collections):
    """The bytes of the records themselves, as Xero's JSON writes each: what any read
    of them must download at least."""
    total = 0
    for collection in collections:
        answer = requests.get(EMULATOR + "/_emulator/tenants/%s/%s" % (tenant["tenant_id"], collection), timeout=600)
        # written as the emulator writes its answers (Python's json, separators with spaces)
        total += sum(len(json.dumps(record, ensure_ascii=False).encode()) for record in answer.json()[collection])
    return total


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def phase(name, records, minimum_calls, run, minimum_bytes=None):
    api_calls()  # start from an empty request log
    started = time.monotonic()
    if name in os.environ.get("XERO_BENCH_PROFILE", "").split(","):
        # where a phase spends its time: XERO_BENCH_PROFILE="<phase name>[,...]" make bench
        profiler = cProfile.Profile()
        profiler.runcall(run)
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("XERO_BENCH_PROFILE_SORT", "cumulative"))
        stats.print_stats(os.environ.get("XERO_BENCH_PROFILE_FILTER", ""), 40)
        if os.environ.get("XERO_BENCH_PROFILE_CALLERS"):
            stats.print_callers(os.environ["XERO_BENCH_PROFILE_CALLERS"])
    else:
        run()
    env.cr.commit()
    elapsed = time.monotonic() - started
    calls, downloaded = api_calls()
    result = {
        "phase": name,
        "records": records,
        "seconds": round(elapsed, 2),
        "records_per_second": round(records / elapsed, 1) if records else None,
        "api_calls": calls,
        "minimum_api_calls": minimum_calls,
        "bytes_read": downloaded,
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }
    print(
        "%-28s %7d records %8.2f s %9s rec/s %5d calls (minimum %d) %8.1f MB peak %11d bytes read"
        % (
            name,
            records,
            elapsed,
            result["records_per_second"],
            calls,
            minimum_calls,
            result["peak_memory_mb"],
            downloaded,
        ),
        flush=True,
    )
    if minimum_bytes is not None:
        result["minimum_bytes"] = minimum_bytes
        if minimum_bytes:
            result["bytes_over_minimum"] = round(downloaded / minimum_bytes - 1, 3)
        print(
            "  egress: %d bytes read for %d bytes of records that changed%s"
            % (
                downloaded,
                minimum_bytes,
                ", %.1f%% over" % (100 * result["bytes_over_minimum"]) if minimum_bytes else "",
            ),
            flush=True,
        )
    return result


tenant = requests.get(EMULATOR + "/_emulator/tenants", timeout=60).json()["tenants"][0]
counts = tenant["counts"]


def emulator_admin(route, **payload):
    return requests.post(EMULATOR + "/_emulator/" + route, json=payload, timeout=300).json()


def contacts_only_import():
    """A contacts-only organisation imported into a company of its own, beside the ORM's
    ceiling: the same partners made by one batch ``create`` before any connection exists.
    Returns the phase's figures with the ceiling and the ratio."""
    other = emulator_admin("seed", seed="contacts:%d" % CONTACTS_ONLY, name="Contacts Only Ltd")
    company = env["res.company"].create({"name": "Contacts Only Ltd"})
    env.cr.commit()
    contact = entities.get(entities.CONTACT)

    payloads = requests.get(EMULATOR + "/_emulator/tenants/%s/Contacts" % other["tenant_id"], timeout=300).json()[
        "Contacts"
    ]
    Partner = env["res.partner"].with_company(company).with_context(xero_from_sync=True)
    values = Partner._xero_create_values(
        [contact.from_xero(p) for p in payloads], env["xero.connection"].new({"company_id": company.id})
    )
    ceilings = {}
    # the ORM's plain create, and the one the import makes (no chatter note per partner,
    # as Odoo's own mass imports)
    for label, context in (("plain", {}), ("as the import", {"tracking_disable": True})):
        started = time.monotonic()
        Created = Partner.with_context(**context)
        Created.create(values)
        Created.env.flush_all()
        ceilings[label] = len(values) / (time.monotonic() - started)
        env.cr.rollback()
    emulator_admin("custom-connection", tenant_id=other["tenant_id"])
    only = env["xero.connection"].create(
        {
            "company_id": company.id,
            "auth_mode": "custom",
            "contacts_only": True,
            "client_id": "bench-contacts-app",
            "client_secret": "bench-secret",
            "daily_api_reserve": 0,
        }
    )
    only.action_connect()
    env.cr.commit()
    result = phase("import contacts only", len(payloads), max(1, math.ceil(len(payloads) / 1000)), only._xero_sync)
    for label, ceiling in ceilings.items():
        ratio = result["records_per_second"] / ceiling
        result.setdefault("orm_ceiling_per_second", {})[label] = round(ceiling, 1)
        result.setdefault("ratio_to_orm_ceiling", {})[label] = round(ratio, 2)
        print(
            "  ORM ceiling, %-14s %7d records at %6.1f rec/s by one create: the import runs at %.2f of it"
            % (label, len(payloads), ceiling, ratio),
            flush=True,
        )
    return result


contacts_only_result = contacts_only_import()
emulator_admin("custom-connection", tenant_id=tenant["tenant_id"])
contacts, items = counts["Contacts"], counts["Items"]
# what the import reads: every collection the addon pulls (the generated organisation
# has no bills, which the import would leave out)
documents = {
    "Invoices": counts["Invoices"],
    "CreditNotes": counts["CreditNotes"],
    "PurchaseOrders": counts["PurchaseOrders"],
}
connection = env["xero.connection"].create(
    {
        "company_id": env.company.id,
        "auth_mode": "custom",
        "client_id": "bench-app",
        "client_secret": "bench-secret",
        "daily_api_reserve": 0,
    }
)
connection.action_connect()
env.cr.commit()
paged = [contacts] + list(documents.values())
entity_count = 5  # pulled so far: contacts, items (one unpaged read), invoices, credit notes, purchase orders
results = [
    contacts_only_result,
    phase(
        "import every entity",
        contacts + items + sum(documents.values()),
        sum(max(1, math.ceil(n / 1000)) for n in paged) + 1,
        connection._xero_sync,
        minimum_bytes=records_bytes(["Contacts", "Items", *documents]),
    ),
    phase("sync with no changes", 0, entity_count, connection._xero_sync, minimum_bytes=0),
]


def idle_day():
    """A day of the routine sync every five minutes in which nothing changes, on Odoo's
    schedule and on Xero's clock alike: what an idle organisation costs."""
    scheduled = connection.with_context(xero_scheduled=True)
    start = datetime.datetime.utcnow().replace(microsecond=0)
    # Odoo's clock does not move with Xero's: tokens that outlive the simulated day keep
    # expiries (refreshed ahead of time in real life) out of the count
    requests.post(EMULATOR + "/_emulator/token-lifetime", json={"seconds": 3 * 86400}, timeout=60)
    for run in range(24 * 12):
        scheduled.with_context(xero_now=start + datetime.timedelta(minutes=5 * run))._xero_sync()
        requests.post(EMULATOR + "/_emulator/clock", json={"advance": 300}, timeout=60)
        # five simulated minutes pass for the shared rate budget too: its minute is over
        env.cr.execute("DELETE FROM xero_api_call")
        env.cr.commit()


# at least one read of each entity a day; Xero's Starter tier allows 1,000 calls in all
results.append(phase("calls per idle day (no webhooks)", 0, entity_count, idle_day, minimum_bytes=0))
partners = env["res.partner"].create(
    [
        {
            "name": "Bench New Customer %05d" % i,
            "email": "new%05d@bench.example" % i,
        }
        for i in range(PUSH_COUNT)
    ]
)
env["xero.sync.link"].sudo().create(
    [
        {
            "connection_id": connection.id,
            "entity": "contact",
            "res_model": "res.partner",
            "res_id": p.id,
        }
        for p in partners
    ]
)
env.cr.commit()
results.append(
    phase("push new customers", PUSH_COUNT, entity_count + math.ceil(PUSH_COUNT / 50), connection._xero_sync)
)

# confirmed quotations of imported customers and products: their draft invoices
connection.push_confirmed_orders = False  # sent by the timed sync, not at each commit
customers = (
    env["xero.sync.link"]
    .sudo()
    .search(
        [("connection_id", "=", connection.id), ("entity", "=", "contact"), ("xero_id", "!=", False)], limit=PUSH_COUNT
    )
)
products = env["product.product"].browse(
    env["xero.sync.link"]
    .sudo()
    .search([("connection_id", "=", connection.id), ("entity", "=", "item"), ("xero_id", "!=", False)], limit=20)
    .mapped("res_id")
)
orders = env["sale.order"].create(
    [
        {
            "partner_id": link.res_id,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": products[(i + k) % len(products)].id,
                        "product_uom_qty": 1 + k,
                        ORDER_LINE_TAXES: [(5, 0, 0)],
                    },
                )
                for k in range(3)
            ],
        }
        for i, link in enumerate(customers)
    ]
)
orders.action_confirm()
orders._xero_ensure_links(connection)
env.cr.commit()
results.append(
    phase("push confirmed quotations", len(orders), entity_count + math.ceil(len(orders) / 50), connection._xero_sync)
)

# the same quotations, sent: their Xero quotes (the quotes' read joins the run once the
# connection makes quotes)
quotations = env["sale.order"].create(
    [
        {
            "partner_id": order.partner_id.id,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.product_uom_qty,
                        ORDER_LINE_TAXES: [(5, 0, 0)],
                    },
                )
                for line in order.order_line
            ],
        }
        for order in orders
    ]
)
quotations.with_context(tracking_disable=True).write({"state": "sent"})  # Quote Sent Quotations is off
quotations._xero_ensure_links(connection, entities.ORDER_QUOTE)
env.cr.commit()
results.append(
    phase(
        "push sent quotations as quotes",
        len(quotations),
        entity_count + 1 + math.ceil(len(quotations) / 50),
        connection._xero_sync,
    )
)


def trace_addon_calls(run):
    """The addon's functions that ``run`` passes through, in the order first called, as
    (file inside the addon, qualified name): the hops a reader follows through the code."""
    addon = os.path.dirname(os.path.dirname(entities.__file__)) + os.sep
    tests = addon + "tests" + os.sep
    seen = {}

    def profile(frame, event, arg):
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(addon) and not filename.startswith(tests):
                seen.setdefault((filename[len(addon) :], frame.f_code.co_qualname), None)

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return list(seen)


def confirm_one_order():
    """One quotation confirmed with *Invoice Confirmed Orders* on, as a salesperson's click
    makes it: the confirmation, then its draft invoice sent after the commit."""
    connection.push_confirmed_orders = True
    order = env["sale.order"].create(
        {
            "partner_id": customers[0].res_id,
            "order_line": [(0, 0, {"product_id": products[0].id, "product_uom_qty": 2, ORDER_LINE_TAXES: [(5, 0, 0)]})],
        }
    )
    env.cr.commit()
    calls = trace_addon_calls(lambda: (order.action_confirm(), env.cr.commit()))
    invoice = order.xero_invoice_number
    # the named functions (no comprehension, lambda or inner function), until Xero's
    # answer is on the order's link (the draft exists), and in all (with the reporting
    # copy of the answer, the sync log and the connection's status)
    named = [(path, name) for path, name in calls if "<" not in name]
    answered = next(i for i, (_path, name) in enumerate(named, 1) if name == "EntityPush._record_answer")
    to_draft = named[:answered]
    files = sorted({path for path, _name in to_draft})
    print(
        "hops of a confirmed order to its Xero draft (%s): %d named functions in %d files (%d with what follows, "
        "%d calls in all)" % (invoice, len(to_draft), len(files), len(named), len(calls))
    )
    for path, name in named:
        print("  %s %s" % (path, name))
    return {
        "phase": "hops of a confirmed order",
        "hops": len(to_draft),
        "files": len(files),
        "hops_with_what_follows": len(named),
        "invoice": invoice,
    }


results.append(confirm_one_order())
with open(OUTPUT, "w") as handle:
    json.dump({"organisation": counts, "phases": results}, handle, indent=2)
print("written to %s" % OUTPUT)

"""Checks that need real Odoo processes, run by ``make test`` after the addon's tests
(and reused by ``make bench``): Odoo's own cron workers and HTTP workers, several
``odoo-bin`` processes on one PostgreSQL, against the Xero emulator on loopback.

    process_checks.py --conf ODOO_CONF --template DB [parallel] [budget] [demo]

- parallel: four organisations synced by one cron worker, then by two; two finish in
  about half the time, and no connection ever runs twice at once;
- budget: a cron run and a dozen button clicks at once for one organisation, with
  Xero's limits on and a slow Xero: no 429, nothing lost;
- demo: ``make demo``'s server, as configured there, completes an import it is asked for;
- wheel: the addon built as the ``odoo-addon-xero_connector`` wheel and installed with
  ``--no-deps`` (plus ``xero-python``) into a throwaway virtualenv, from which Odoo
  installs it with no repository path in its addons path.

Each check works in a copy of the template database (the addon installed, nothing
else), and prints one line; the exit status is non-zero if one failed.
"""

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import xmlrpc.client

import psycopg2
import requests

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_ROOT = os.environ.get("ODOO_ROOT", "/opt/odoo")
VAR = os.path.join(HERE, "var")
PY = sys.executable
RUN_LINE = re.compile(r"^(\S+ \S+) (\d+) INFO \S+ \S+: Xero connection (\d+): sync (started|finished)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError("%s: not within %s s" % (what, timeout))


class Emulator:
    def __init__(self, *options):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log = open(os.path.join(VAR, "checks-emulator.log"), "w")
        self.process = subprocess.Popen(
            [PY, "-m", "xero_emulator", "--port", str(self.port), "--seed", "empty", *options],
            cwd=HERE,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._up, 20, "the emulator starts")

    def _up(self):
        try:
            return requests.get(self.url + "/_emulator/requests", timeout=1).ok
        except requests.RequestException:
            return False

    def admin(self, verb, route, **payload):
        answer = requests.request(verb, "%s/_emulator/%s" % (self.url, route), json=payload, timeout=60)
        answer.raise_for_status()
        return answer.json()

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def query(dbname, sql, params=()):
    """One statement in its own transaction on ``dbname``; its rows, if it has any."""
    connection = psycopg2.connect(dbname=dbname)
    try:
        with connection, connection.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else None
    finally:
        connection.close()


class Database:
    """A copy of the template database, dropped at the end."""

    def __init__(self, conf, template, name):
        self.conf, self.name = conf, name
        with self._admin_cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
            cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (name, template))

    @staticmethod
    @contextlib.contextmanager
    def _admin_cursor():
        connection = psycopg2.connect(dbname="postgres")
        connection.autocommit = True
        try:
            yield connection.cursor()
        finally:
            connection.close()

    def query(self, sql, params=()):
        return query(self.name, sql, params)

    def shell(self, code):
        """Run ``code`` in ``odoo-bin shell`` (``env`` is there); it must commit itself."""
        log = os.path.join(VAR, "checks-shell.log")
        subprocess.run(
            [
                PY,
                os.path.join(ODOO_ROOT, "odoo-bin"),
                "shell",
                "-c",
                self.conf,
                "-d",
                self.name,
                "--no-http",
                "--logfile",
                log,
            ],
            input=code,
            text=True,
            check=True,
            cwd=HERE,
            env=dict(os.environ, PYTHONPATH=ODOO_ROOT),
        )

    def use_emulator(self, emulator):
        """From now on this database's servers and shells are configured, as a server
        pointed at another Xero is, with ``xero_base_url`` naming ``emulator``."""
        with open(self.conf, encoding="utf-8") as handle:
            options = [line for line in handle if not line.startswith("xero_base_url")]
        self.conf = os.path.join(VAR, "checks-%s.conf" % self.name)
        with open(self.conf, "w", encoding="utf-8") as handle:
            handle.writelines(options + ["xero_base_url = %s\n" % emulator.url])

    def connect_organisations(self, emulator, tenants, **values):
        """A company per tenant (the first is the main company), connected to it."""
        self.use_emulator(emulator)
        lines = ["import requests"]
        for number, tenant in enumerate(tenants):
            client_id = "check-app-%s" % tenant
            lines += [
                # a custom connection reaches the organisation the emulator was told of
                "requests.post(%r, json={'tenant_id': %r}, timeout=30).raise_for_status()"
                % (emulator.url + "/_emulator/custom-connection", tenant),
                "company = env.company if %d == 0 else env['res.company'].create({'name': 'Org %d Ltd'})"
                % (number, number),
                "connection = env['xero.connection'].create(dict({'company_id': company.id, 'auth_mode': 'custom',"
                " 'client_id': %r, 'client_secret': 'check-secret'}, **%r))" % (client_id, values),
                "connection.action_connect()",
                "assert connection.state == 'connected', connection.last_error",
                "assert connection.tenant_id == %r, connection.tenant_id" % tenant,
                "env.ref('base.user_admin').company_ids |= company",
                "env.cr.commit()",
            ]
        self.shell("\n".join(lines) + "\n")

    def drop(self):
        with self._admin_cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % self.name)


class OdooServer:
    def __init__(self, database, *options, name="server"):
        self.port = free_port()
        self.database = database
        self.logfile = os.path.join(VAR, "checks-%s.log" % name)
        if os.path.exists(self.logfile):
            os.unlink(self.logfile)
        self.process = subprocess.Popen(
            [
                PY,
                os.path.join(ODOO_ROOT, "odoo-bin"),
                "-c",
                database.conf,
                "-d",
                database.name,
                "--db-filter",
                "^%s$" % database.name,
                "--http-port",
                str(self.port),
                "--logfile",
                self.logfile,
                "--gevent-port",
                str(free_port()),
                "--log-level",
                "info",
                *options,
            ],
            cwd=HERE,
            env=dict(os.environ, PYTHONPATH=ODOO_ROOT),
        )
        wait_until(self._up, 60, "Odoo starts")

    def _up(self):
        try:
            return requests.get("http://127.0.0.1:%d/web/login" % self.port, timeout=2).ok
        except requests.RequestException:
            return False

    def rpc(self, model, method, *args, company_ids=None):
        """``model.method(*args)`` as the administrator, in all companies given."""
        common = xmlrpc.client.ServerProxy("http://127.0.0.1:%d/xmlrpc/2/object" % self.port, allow_none=True)
        kwargs = {"context": {"allowed_company_ids": company_ids}} if company_ids else {}
        return common.execute_kw(self.database.name, 2, "admin", model, method, list(args), kwargs)

    def runs(self):
        """(connection id, pid, started, finished) of every sync the log shows."""
        open_runs, runs = {}, []
        with open(self.logfile, encoding="utf-8") as handle:
            for line in handle:
                match = RUN_LINE.match(line)
                if not match:
                    continue
                when = dt.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f")
                pid, connection, what = int(match.group(2)), int(match.group(3)), match.group(4)
                if what == "started":
                    open_runs[(connection, pid)] = when
                else:
                    runs.append((connection, pid, open_runs.pop((connection, pid)), when))
        return runs

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def overlapping(runs):
    """Connections that ever ran twice at once."""
    twice = set()
    for index, (connection, _pid, start, end) in enumerate(runs):
        for other, _other_pid, other_start, other_end in runs[index + 1 :]:
            if other == connection and other_start < end and start < other_end:
                twice.add(connection)
    return twice


def sync_organisations(args, emulator, tenants, cron_workers, label, **values):
    """A fresh database with a connection per tenant; an Odoo with ``cron_workers`` cron
    processes syncs them all once. Returns (wall seconds from the first run's start to
    the last one's end, the runs)."""
    database = Database(args.conf, args.template, "xero_check_%s" % label)
    server = None
    try:
        database.connect_organisations(emulator, tenants, **values)
        count = len(tenants)
        server = OdooServer(database, "--workers", "1", "--max-cron-threads", str(cron_workers), name=label)
        # Import Xero data, clicked for each: it wakes each connection's scheduled action
        for connection_id, company_id in database.query("SELECT id, company_id FROM xero_connection"):
            server.rpc("xero.connection", "action_xero_import", [connection_id], company_ids=[company_id])
        wait_until(
            lambda: (
                database.query("SELECT count(*) FROM xero_connection WHERE last_sync_date IS NOT NULL")[0][0] == count
            ),
            args.timeout,
            "every organisation synced (%s)" % label,
        )
        runs = wait_until(lambda: len(server.runs()) >= count and server.runs(), 30, "the runs logged")
        wall = (max(end for *_rest, end in runs) - min(start for _c, _p, start, _e in runs)).total_seconds()
        return wall, runs
    finally:
        if server:
            server.stop()
        database.drop()


def seed_organisations(emulator, count, label, seed="demo"):
    return [emulator.admin("POST", "seed", seed=seed, name="%s Org %d" % (label, n))["tenant_id"] for n in range(count)]


def check_parallel(args):
    emulator = Emulator()
    try:
        # a slow Xero: the runs' time is spent waiting for it, as with the real one
        emulator.admin("POST", "faults", kind="slow", seconds=args.latency, count=10**6, path="/api.xro/")
        # organisations of their own for each database: each keeps its own rate budget
        one, one_runs = sync_organisations(args, emulator, seed_organisations(emulator, 4, "One"), 1, "one_worker")
        two, two_runs = sync_organisations(args, emulator, seed_organisations(emulator, 4, "Two"), 2, "two_workers")
    finally:
        emulator.stop()
    twice = overlapping(one_runs) | overlapping(two_runs)
    workers_used = len({pid for _c, pid, _s, _e in two_runs})
    ok = one / two >= 1.6 and not twice and workers_used == 2
    print(
        "parallel: 4 organisations, one cron worker %.1f s, two %.1f s (ratio %.2f, %d processes), "
        "ran twice at once: %s -> %s"
        % (one, two, one / two, workers_used, sorted(twice) or "none", "ok" if ok else "FAILED")
    )
    return ok


def check_budget(args):
    emulator = Emulator()
    database = Database(args.conf, args.template, "xero_check_budget")
    server = None
    try:
        tenant = emulator.admin("POST", "seed", seed="demo", name="Busy Org")["tenant_id"]
        database.connect_organisations(emulator, [tenant], contacts_only=True, push_new_customers=True)
        emulator.admin("POST", "faults", kind="slow", seconds=args.latency, count=10**6, path="/api.xro/")
        emulator.admin("DELETE", "requests")
        server = OdooServer(database, "--workers", "6", "--max-cron-threads", "1", name="budget")
        names = ["Walk-in Customer %02d" % n for n in range(12)]
        connection_id = database.query("SELECT id FROM xero_connection")[0][0]
        # an import in a cron worker and a dozen salespeople creating customers, at once
        with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
            clicks = [pool.submit(server.rpc, "xero.connection", "action_xero_import", [connection_id])]
            clicks += [
                pool.submit(server.rpc, "res.partner", "create", {"name": name, "is_company": True}) for name in names
            ]
            for click in clicks:
                click.result()
        synced = """SELECT count(*) FROM xero_sync_link l JOIN res_partner p ON p.id = l.res_id
                    WHERE l.state = 'synced' AND l.res_model = 'res.partner' AND p.name LIKE 'Walk-in Customer %%'"""
        wait_until(lambda: database.query(synced)[0][0] == len(names), args.timeout, "every customer in Xero")
        wait_until(
            lambda: database.query("SELECT import_state FROM xero_connection")[0][0] == "done",
            args.timeout,
            "the import",
        )
        statuses = [r["status"] for r in emulator.admin("GET", "requests")["requests"] if "/api.xro/" in r["path"]]
        contacts = {c["Name"] for c in emulator.admin("GET", "tenants/%s/Contacts" % tenant)["Contacts"]}
    finally:
        if server:
            server.stop()
        database.drop()
        emulator.stop()
    refused = statuses.count(429)
    lost = [name for name in names if name not in contacts]
    ok = not refused and not lost
    print(
        "budget: a cron run and %d clicks at once, 6 HTTP workers, Xero's limits on: %d calls, %d refused "
        "with 429, %d customers lost -> %s" % (len(names), len(statuses), refused, len(lost), "ok" if ok else "FAILED")
    )
    return ok


def check_demo(args):
    """``make demo``'s server, started with the options the demo uses, imports."""
    options = shlex.split(
        subprocess.run(
            ["bash", "-c", "source scripts/demo-options; echo $XERO_DEMO_SERVER_OPTIONS"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    emulator = Emulator()
    database = Database(args.conf, args.template, "xero_check_demo")
    server = None
    try:
        tenant = emulator.admin("POST", "seed", seed="demo")["tenant_id"]
        database.connect_organisations(emulator, [tenant])
        server = OdooServer(database, *options, name="demo")
        connection_id = database.query("SELECT id FROM xero_connection")[0][0]
        started = time.monotonic()
        server.rpc("xero.connection", "action_xero_import", [connection_id])
        wait_until(
            lambda: database.query("SELECT import_state FROM xero_connection")[0][0] == "done", 60, "the demo's import"
        )
        took = time.monotonic() - started
        customers = database.query("SELECT count(*) FROM xero_sync_link WHERE entity = 'contact'")[0][0]
    finally:
        if server:
            server.stop()
        database.drop()
        emulator.stop()
    print(
        "demo: Import Xero data in make demo's server (%s) completed in %.1f s, %d customers -> ok"
        % (" ".join(options), took, customers)
    )
    return True


def bench_organisations(args):
    """``make bench``'s scale phase: 20 organisations of 500 contacts, synced by one cron
    worker and then by two; both wall times and their ratio, added to ``--output``."""
    emulator = Emulator(*([] if args.limits else ["--no-limits"]))
    try:
        walls = {}
        for workers in (1, 2):
            tenants = seed_organisations(
                emulator, args.organisations, "Scale %d" % workers, seed="contacts:%d" % args.contacts
            )
            walls[workers], runs = sync_organisations(
                args, emulator, tenants, workers, "scale_%d" % workers, contacts_only=True
            )
            if overlapping(runs):
                raise AssertionError("a connection ran twice at once")
    finally:
        emulator.stop()
    result = {
        "phase": "organisations in parallel",
        "organisations": args.organisations,
        "contacts_each": args.contacts,
        "one_worker_seconds": round(walls[1], 2),
        "two_workers_seconds": round(walls[2], 2),
        "ratio": round(walls[1] / walls[2], 2),
    }
    print(
        "%-28s %d organisations of %d contacts: one cron worker %.1f s, two %.1f s (ratio %.2f)"
        % (result["phase"], args.organisations, args.contacts, walls[1], walls[2], result["ratio"]),
        flush=True,
    )
    if args.output:
        with open(args.output) as handle:
            figures = json.load(handle)
        figures["phases"].append(result)
        with open(args.output, "w") as handle:
            json.dump(figures, handle, indent=2)
    return True


def odoo_addons_paths():
    """Odoo's own addons folders: odoo/addons, and addons/ beside it in a git clone (19.0)."""
    return [
        path
        for path in (os.path.join(ODOO_ROOT, "addons"), os.path.join(ODOO_ROOT, "odoo", "addons"))
        if os.path.isdir(path)
    ]


def check_wheel(args):
    """The pip route of the user guide, end to end."""
    dist = os.path.join(VAR, "dist")
    venv = os.path.join(VAR, "wheel-venv")
    for path in (dist, venv):
        subprocess.run(["rm", "-rf", path], check=True)
    # the wheel of the running Odoo's series (make wheel)
    subprocess.run([os.path.join(HERE, "scripts", "build-wheel")], check=True, cwd=HERE, stdout=subprocess.DEVNULL)
    (wheel,) = [name for name in os.listdir(dist) if name.endswith(".whl")]
    subprocess.run([PY, "-m", "venv", venv], check=True)
    pip = [os.path.join(venv, "bin", "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    # both without their dependencies: those are Odoo's and the SDK's, which the project's
    # environment has (installing them here would shadow its versions)
    subprocess.run([*pip, "--no-deps", "xero-python==15.2.0", os.path.join(dist, wheel)], check=True)
    site = subprocess.run(
        [os.path.join(venv, "bin", "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    installed = os.path.join(site, "odoo", "addons", "xero_connector", "__manifest__.py")
    # Odoo's own requirements come from the project's environment; the addon and its
    # library only from the throwaway one, and the addons path names Odoo's addons alone
    name = "xero_check_wheel"
    log = os.path.join(VAR, "checks-wheel.log")
    if os.path.exists(log):
        os.unlink(log)
    try:
        subprocess.run(
            [
                PY,
                os.path.join(ODOO_ROOT, "odoo-bin"),
                "-c",
                args.conf,
                "-d",
                name,
                "--addons-path",
                ",".join(odoo_addons_paths()),
                "-i",
                "xero_connector",
                "--stop-after-init",
                "--logfile",
                log,
            ],
            check=True,
            cwd=VAR,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join([ODOO_ROOT, site])),
        )
        state = query(name, "SELECT state FROM ir_module_module WHERE name = 'xero_connector'")[0][0]
    finally:
        with Database._admin_cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
    with open(log, encoding="utf-8") as handle:
        paths = next(line for line in handle if "addons paths:" in line)
    from_wheel = os.path.join(site, "odoo", "addons") in paths and HERE + "'" not in paths
    ok = os.path.exists(installed) and state == "installed" and from_wheel
    print(
        "wheel: %s installed with --no-deps (and xero-python) into a throwaway virtualenv; Odoo's addons "
        "paths are its own and the virtualenv's, not the repository: %s; the addon is %s -> %s"
        % (wheel, from_wheel, state, "ok" if ok else "FAILED")
    )
    return ok


CHECKS = {"parallel": check_parallel, "budget": check_budget, "demo": check_demo, "wheel": check_wheel}
BENCH = {"organisations": bench_organisations}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True, help="an Odoo configuration for the running PostgreSQL")
    parser.add_argument("--template", required=True, help="a database with the addon installed and nothing else")
    parser.add_argument("--latency", type=float, default=0.4, help="seconds the emulator takes per API call")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--organisations", type=int, default=20, help="bench: organisations")
    parser.add_argument("--contacts", type=int, default=500, help="bench: contacts in each")
    parser.add_argument("--limits", action="store_true", help="bench: Xero's rate limits on")
    parser.add_argument("--output", help="bench: the figures' JSON file to add to")
    parser.add_argument("checks", nargs="*", default=list(CHECKS), help=", ".join(list(CHECKS) + list(BENCH)))
    args = parser.parse_args()
    os.makedirs(VAR, exist_ok=True)
    results = []
    for name in args.checks:
        try:
            results.append(dict(CHECKS, **BENCH)[name](args))
        except Exception as error:  # noqa: BLE001 - reported as this check's failure, the others still run
            print("%s: FAILED: %s" % (name, error))
            results.append(False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())

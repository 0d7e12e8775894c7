"""The emulator's own admin API, under ``/_emulator/``, for tests, the demo and the
benchmark. It is not part of Xero; it never counts against rate limits."""

import datetime as dt

from . import seed as seeding
from . import webhooks
from .accounting import AccountingApi, ApiError
from .state import Limits, record_secret
from .xerojson import parse_date

FAULT_KINDS = ("429", "500", "503", "slow", "drop", "truncated", "touch")


class AdminApi:
    def __init__(self, state):
        self.state = state
        self.accounting = AccountingApi(state)

    def handle(self, method, parts, body):
        """``parts`` is the path below /_emulator/, split on '/'. Returns (status, payload)."""
        state = self.state
        route = (method, parts[0] if parts else "")
        if method == "POST" and len(parts) == 4 and parts[0] == "tenants" and parts[2] == "webhook":
            # these call the receiver over HTTP: never while holding the lock, since the
            # receiver may call the API back before it answers
            tenant = state.tenants.get(parts[1])
            if tenant is None:
                return 404, {"error": "no such tenant"}
            if parts[3] == "intent":
                return 200, webhooks.intent_to_receive(tenant.webhook_url, tenant.webhook_key)
            if parts[3] == "deliver":
                return 200, self.deliver_webhook(tenant)
        with state.lock:
            if route == ("POST", "reset"):
                state.reset()
                return 200, {"ok": True}
            if route == ("POST", "seed"):
                tenant = seeding.seed(state, body.get("seed", "demo"), body.get("name"))
                return 200, self._tenant_summary(tenant)
            if route == ("GET", "tenants") and len(parts) == 1:
                return 200, {"tenants": [self._tenant_summary(t) for t in state.tenants.values()]}
            if route == ("POST", "faults"):
                return self._add_fault(body)
            if route == ("GET", "faults"):
                return 200, {"faults": [dict(fault) for fault in self.state.faults]}
            if route == ("DELETE", "faults"):
                state.faults.clear()
                return 200, {"ok": True}
            if route == ("POST", "clock"):
                state.clock.advance(float(body.get("advance", 0)))
                return 200, {"now": state.clock.now().isoformat()}
            if route == ("GET", "requests"):
                return 200, {"requests": list(state.requests)}
            if route == ("POST", "requests") and parts[1:] == ["wait"]:
                return self._wait_for_request(body)
            if route == ("DELETE", "requests"):
                state.requests.clear()
                return 200, {"ok": True}
            if route == ("POST", "limits"):
                state.limits = Limits(**{k: (int(v) if v else 0) for k, v in body.items()})
                return 200, {"ok": True}
            if route == ("POST", "apps"):
                return self._register_app(body)
            if route == ("POST", "idempotency"):
                state.idempotency_seconds = float(body["seconds"])
                return 200, {"ok": True}
            if route == ("POST", "paging"):
                state.max_page_size = int(body.get("max_page_size") or 0) or None
                return 200, {"ok": True}
            if route == ("POST", "token-lifetime"):
                state.token_seconds = int(body["seconds"])
                return 200, {"ok": True}
            if route == ("POST", "custom-connection"):
                state.custom_tenant_id = body["tenant_id"]
                return 200, {"ok": True}
            if route == ("POST", "save"):
                state.save(body["path"])
                return 200, {"ok": True}
            if route == ("GET", "grants"):
                return 200, {
                    "grants": [
                        {"client_id": g.client_id, "revoked": g.revoked, "tenant_ids": g.tenant_ids}
                        for g in state.grants.values()
                    ]
                }
            if len(parts) >= 2 and parts[0] == "tenants":
                tenant = state.tenants.get(parts[1])
                if tenant is None:
                    return 404, {"error": "no such tenant"}
                return self._tenant_route(method, tenant, parts[2:], body)
        return 404, {"error": "no such admin route"}

    def _tenant_route(self, method, tenant, parts, body):
        if parts == ["webhook"] and method == "POST":
            tenant.webhook_url, tenant.webhook_key = body["url"], body["key"]
            record_secret(body["key"])
            tenant.webhook_auto = bool(body.get("auto", False))
            # set up or re-enabled in the app's settings: delivering again, nothing owed
            tenant.webhook_failing_since, tenant.webhook_disabled = None, False
            tenant.pending_events.clear()
            return 200, {"ok": True}
        if parts == ["webhook"] and method == "GET":
            return 200, {
                "url": tenant.webhook_url,
                "disabled": tenant.webhook_disabled,
                "queued": len(tenant.pending_events),
            }
        if parts == ["emails"] and method == "GET":
            return 200, {"emails": [dict(email, DateUTC=email["DateUTC"].isoformat()) for email in tenant.emails_sent]}
        if parts == ["settings"] and method == "POST":
            if "period_lock_date" in body:
                tenant.period_lock_date = parse_date(body["period_lock_date"])
            return 200, {"ok": True}
        if parts == ["contact-groups"] and method == "GET":
            # each active group with its members, as a person sees them in Xero's screens
            return 200, {
                "ContactGroups": [
                    {"ContactGroupID": g["ContactGroupID"], "Name": g["Name"], "Contacts": list(g["_members"])}
                    for g in tenant.records["ContactGroups"].values()
                    if g["Status"] == "ACTIVE"
                ]
            }
        if parts == ["contact-groups"] and method == "POST":
            # the accounts team puts a contact in exactly these groups (by name)
            contact_id, names = body["ContactID"].lower(), set(body["Groups"])
            for group in tenant.records["ContactGroups"].values():
                if group["Status"] != "ACTIVE":
                    continue
                if group["Name"] in names and contact_id not in group["_members"]:
                    group["_members"].append(contact_id)
                elif group["Name"] not in names and contact_id in group["_members"]:
                    group["_members"].remove(contact_id)
            return 200, {"ok": True}
        if parts == ["stamp"] and method == "POST":
            # records saved in one bulk operation share one UpdatedDateUTC
            moment = self.state.clock.now()
            for record in tenant.records[body["collection"]].values():
                record["UpdatedDateUTC"] = moment
            tenant.last_write = moment
            return 200, {"ok": True, "UpdatedDateUTC": moment.isoformat()}
        if len(parts) == 2 and parts[0] == "ui" and method == "POST":
            # what the accounts team does in Xero's own screens: the same rules as the
            # API, but no rate limits and no idempotency
            try:
                return 200, self.accounting.write(
                    tenant, parts[1], "POST", body, {"summarizeErrors": "false", "unitdp": "4"}, from_ui=True
                )
            except ApiError as error:
                return error.status, error.payload
        if len(parts) == 4 and parts[0] == "ui" and parts[3] == "Allocations" and method == "POST":
            # the accounts team allocates a credit note from its own screen
            try:
                return 200, self.accounting.allocate_credit_note(tenant, parts[2], body)
            except ApiError as error:
                return error.status, error.payload
        if len(parts) == 3 and parts[0] == "ui" and method == "DELETE":
            try:
                self.accounting.delete(tenant, parts[1], parts[2])
            except ApiError as error:
                return error.status, error.payload
            return 200, {"ok": True}
        if len(parts) == 3 and parts[0] == "ui" and parts[2] == "merge" and method == "POST":
            return self._merge(tenant, body["from"], body["into"])
        if len(parts) == 1 and method == "GET":
            records = tenant.records.get(parts[0])
            if records is None:
                return 404, {"error": "no such collection"}
            context = self.accounting._render_context(tenant, parts[0])
            return 200, {parts[0]: [self.accounting.render(parts[0], r, context) for r in records.values()]}
        return 404, {"error": "no such tenant route"}

    def deliver_webhook(self, tenant):
        """Send the tenant's queued events in one signed delivery. A failed delivery keeps
        its events for the next attempt; failures for a whole retry window disable the
        webhook, and its events are dropped."""
        with self.state.lock:
            events, tenant.pending_events = tenant.pending_events, []
        if not events or not tenant.webhook_url or tenant.webhook_disabled:
            return {"delivered": 0, "status": None, "disabled": tenant.webhook_disabled}
        # outside the lock: the receiver may call the API back before answering
        status = webhooks.deliver(tenant.webhook_url, tenant.webhook_key, events)
        with self.state.lock:
            now = self.state.clock.now()
            if status == 200:
                tenant.webhook_failing_since = None
            else:
                tenant.webhook_failing_since = tenant.webhook_failing_since or now
                if now - tenant.webhook_failing_since >= dt.timedelta(hours=webhooks.RETRY_HOURS):
                    tenant.webhook_disabled = True
                else:
                    tenant.pending_events[:0] = events
        delivered = len(events) if status == 200 else 0
        return {"delivered": delivered, "status": status, "events": events, "disabled": tenant.webhook_disabled}

    def _merge(self, tenant, loser_id, survivor_id):
        contacts = tenant.records["Contacts"]
        loser, survivor = contacts.get(loser_id), contacts.get(survivor_id)
        if not loser or not survivor:
            return 404, {"error": "no such contact"}
        for collection in ("Invoices", "CreditNotes", "PurchaseOrders"):
            for document in tenant.records[collection].values():
                if document["Contact"]["ContactID"] == loser_id:
                    document["Contact"] = {"ContactID": survivor_id, "Name": survivor["Name"]}
        self.accounting.write(
            tenant, "Contacts", "POST", {"Contacts": [{"ContactID": loser_id, "ContactStatus": "ARCHIVED"}]}, {}
        )
        contacts[loser_id]["MergedToContactID"] = survivor_id
        return 200, {"ok": True}

    def _wait_for_request(self, body):
        """Block until ``count`` (1) requests matching ``method``, a ``path`` ending and a
        ``query`` fragment have arrived (with ``processed``: and been answered), or ``timeout``
        seconds pass: lets a test act at the moment a client reaches a given call,
        without polling. Called holding the lock."""

        def seen():
            return sum(
                1
                for r in self.state.requests
                if r["method"] == body.get("method", r["method"])
                and r["path"].endswith(body.get("path", ""))
                and body.get("query", "") in r["query"]
                and (not body.get("processed") or r["status"] is not None)
            ) >= int(body.get("count", 1))

        found = self.state.activity.wait_for(seen, timeout=float(body.get("timeout", 30)))
        return (200, {"ok": True}) if found else (408, {"error": "no such request within the timeout"})

    def _register_app(self, body):
        """An app as registered at developer.xero.com: when it was created decides whether
        it may ask for broad scopes. A secret or redirect URIs left out stay as they were
        (unknown ones are fixed on the app's first use); they are never made empty."""
        uris = body.get("redirect_uris")
        if uris is not None and not (isinstance(uris, list) and all(isinstance(u, str) and u for u in uris)):
            return 400, {"error": "redirect_uris must be a list of URIs"}
        app = self.state.app_for(body["client_id"])
        app["granular_only"] = bool(body.get("granular_only"))
        app["scopes"] = body.get("scopes")
        if body.get("client_secret"):
            app["client_secret"] = str(body["client_secret"])
            record_secret(app["client_secret"])
        if uris:
            app["redirect_uris"] = list(uris)
        return 200, {"ok": True}

    def _add_fault(self, body):
        kind = str(body.get("kind"))
        if kind not in FAULT_KINDS:
            return 400, {"error": "kind must be one of %s" % ", ".join(FAULT_KINDS)}
        self.state.faults.append(
            {
                "kind": kind,
                "remaining": int(body.get("count", 1)),
                "path": body.get("path", ""),
                "method": (body.get("method") or "").upper(),
                "limit": body.get("limit", "minute"),
                "retry_after": int(body.get("retry_after", 1)),
                "seconds": float(body.get("seconds", 2)),
                "after": int(body.get("after", 0)),  # let this many matching requests through first
                "ids": list(body.get("ids") or []),  # touch: the records saved in Xero meanwhile
                "records": list(body.get("records") or []),  # touch: elements with the changes typed
                "query": body.get("query", ""),  # only requests whose query string holds this
            }
        )
        return 200, {"ok": True}

    @staticmethod
    def _tenant_summary(tenant):
        return {
            "tenant_id": tenant.tenant_id,
            "name": tenant.name,
            "short_code": tenant.short_code,
            "counts": {name: len(records) for name, records in tenant.records.items()},
        }

"""The emulator's WSGI application: routing, authentication, rate limits, faults,
idempotency and the request log around the identity, accounting and admin APIs."""

import hashlib
import json
import socket
import time

from werkzeug.wrappers import Request, Response

from . import limits, scopes
from .accounting import COLLECTIONS, AccountingApi, ApiError, validation_error
from .admin import AdminApi
from .identity import IdentityApi, OAuthError
from .state import EmulatorState
from .xerojson import dumps, loads, ms_date, new_id, prune

API_PREFIX = "/api.xro/2.0/"
# Xero's gateway answers 404 to a request whose URL (https://api.xero.com/...) is longer
# than this, before anything else (XeroAPI/Xero-NetStandard#471: "a total URL length of
# >2091"; XeroAPI/xero-node#404: 52 contact ids pass, 53 do not)
XERO_API_ORIGIN = "https://api.xero.com"
MAX_URL_LENGTH = 2091
ADMIN_PREFIX = "/_emulator/"
AUTHORIZE_PATH = "/identity/connect/authorize"
_COLLECTION_BY_LOWER = {name.lower(): name for name in COLLECTIONS}


def json_response(status, payload, headers=None):
    body = "" if payload is None else dumps(payload)
    return Response(body, status=status, headers=headers or {}, content_type="application/json; charset=utf-8")


class EmulatorApp:
    def __init__(self, state=None):
        self.state = state or EmulatorState()
        self.identity = IdentityApi(self.state)
        self.accounting = AccountingApi(self.state)
        self.admin = AdminApi(self.state)

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path.startswith(ADMIN_PREFIX):
            response = self._admin(request)
            return response(environ, start_response)
        entry = self._log(request)
        fault = self._take_fault(request)
        if fault and fault["kind"] in ("429", "500", "503"):
            response = self._fault_response(fault)
        else:
            if fault and fault["kind"] == "slow":
                entry["slowed"] = True
            response = self._dispatch(request, slow=fault["seconds"] if fault and fault["kind"] == "slow" else 0)
        if fault and fault["kind"] == "touch":
            self._touch(request, fault["ids"], fault["records"])
        if fault and fault["kind"] == "truncated":
            # Xero did the work, but its answer arrives cut short
            body = response.get_data()
            response.set_data(body[: len(body) // 2])
            entry["truncated"] = True
        with self.state.lock:
            entry["status"] = response.status_code
            # what the client downloads (Xero charges apps on its larger tiers for it)
            entry["bytes"] = response.calculate_content_length() or 0
            self.state.activity.notify_all()  # for admin waits on processed requests
        if fault and fault["kind"] == "drop":
            # Xero processed the request, but the answer never reaches the client
            sock = environ.get("werkzeug.socket")
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
            entry["dropped"] = True
            return []
        return response(environ, start_response)

    # -- plumbing -------------------------------------------------------------------------
    def _touch(self, request, record_ids, changes=()):
        """The accounts team saves these records in Xero right after this request was
        answered (between two page reads): each gets a new UpdatedDateUTC, and the
        ``changes`` (elements naming their record's id) are typed in as Xero's screens
        take them."""
        collection = self._collection_of(request.path)
        with self.state.lock:
            tenant = self.state.tenants.get((request.headers.get("xero-tenant-id") or "").lower())
            if tenant is None or collection is None:
                return
            key = COLLECTIONS[collection].key
            self.accounting.write(
                tenant,
                collection,
                "POST",
                {collection: [{key: i} for i in record_ids] + [dict(change) for change in changes]},
                {"summarizeErrors": "false", "unitdp": "4"},
                from_ui=True,
            )

    def _log(self, request):
        entry = {
            "method": request.method,
            "path": request.path,
            "query": request.query_string.decode(),
            "tenant": request.headers.get("xero-tenant-id"),
            "idempotency_key": request.headers.get("Idempotency-Key"),
            "if_modified_since": request.headers.get("If-Modified-Since"),
            "grant_type": request.form.get("grant_type") if request.path == "/connect/token" else None,
            "status": None,
        }
        with self.state.lock:
            self.state.requests.append(entry)
            self.state.activity.notify_all()  # for admin waits on the request log
        return entry

    def _take_fault(self, request):
        with self.state.lock:
            for fault in self.state.faults:
                if fault["path"] and fault["path"] not in request.path:
                    continue
                if fault["method"] and fault["method"] != request.method:
                    continue
                if fault["query"] and fault["query"] not in request.query_string.decode():
                    continue
                if fault["after"] > 0:
                    fault["after"] -= 1
                    continue
                fault["remaining"] -= 1
                if fault["remaining"] <= 0:
                    self.state.faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_response(fault):
        if fault["kind"] == "429":
            return json_response(
                429,
                {"Title": "Too Many Requests", "Status": 429, "Detail": "Rate limit exceeded"},
                {
                    "Retry-After": str(fault["retry_after"]),
                    "X-Rate-Limit-Problem": fault["limit"],
                    "X-MinLimit-Remaining": "0" if fault["limit"] == "minute" else "1",
                    "X-DayLimit-Remaining": "0" if fault["limit"] == "day" else "1",
                    "X-AppMinLimit-Remaining": "9999",
                },
            )
        status = int(fault["kind"])
        title = {500: "Internal Server Error", 503: "Service Unavailable"}[status]
        return json_response(status, {"Title": title, "Status": status, "Detail": title})

    def _admin(self, request):
        parts = [p for p in request.path[len(ADMIN_PREFIX) :].split("/") if p]
        body = request.get_json(silent=True) or {}
        status, payload = self.admin.handle(request.method, parts, body)
        return json_response(status, payload)

    def _dispatch(self, request, slow=0):
        path = request.path
        if slow and not path.startswith(API_PREFIX):
            time.sleep(slow)  # a slow Xero: the client's timeout must fire
        try:
            if path == AUTHORIZE_PATH and request.method == "GET":
                location = self.identity.authorize(request.args)
                return Response("", status=302, headers={"Location": location})
            if path == "/connect/token" and request.method == "POST":
                return json_response(200, self.identity.token(request.form, request.headers.get("Authorization")))
            if path == "/connect/revocation" and request.method == "POST":
                self.identity.revoke(request.form, request.headers.get("Authorization"))
                return Response("", status=200)
            if path.lower().startswith("/connections"):
                return self._connections(request)
            if path.startswith(API_PREFIX):
                return self._accounting(request, slow)
        except OAuthError as error:
            return json_response(error.status, error.payload)
        return json_response(404, {"Title": "Not Found", "Status": 404, "Detail": "No route %s" % path})

    def _bearer_grant(self, request):
        header = request.headers.get("Authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else ""
        with self.state.lock:
            grant = self.state.grant_for_access_token(token) if token else None
            if grant is None:
                raise ApiError(401, {"Title": "Unauthorized", "Status": 401, "Detail": "AuthenticationUnsuccessful"})
            if grant.access_expires <= self.state.clock.now():
                raise ApiError(
                    401,
                    {
                        "Title": "Unauthorized",
                        "Status": 401,
                        "Detail": "TokenExpired: token expired at %s" % grant.access_expires.isoformat(),
                    },
                )
        return grant

    def _connections(self, request):
        try:
            grant = self._bearer_grant(request)
        except ApiError as error:
            return json_response(error.status, error.payload)
        parts = [p for p in request.path.split("/") if p]
        if request.method == "GET" and len(parts) == 1:
            with self.state.lock:
                return json_response(200, self.identity.connections(grant))
        if request.method == "DELETE" and len(parts) == 2:
            if self.identity.delete_connection(grant, parts[1]):
                return Response("", status=204)
            return json_response(404, {"Title": "Not Found", "Status": 404, "Detail": "No such connection"})
        return json_response(405, {"Title": "Method Not Allowed", "Status": 405})

    def _accounting(self, request, slow=0):
        state = self.state
        query = request.query_string.decode()
        if len(XERO_API_ORIGIN + request.path) + (len(query) + 1 if query else 0) > MAX_URL_LENGTH:
            return json_response(
                404, {"Title": "Not Found", "Status": 404, "Detail": "The resource you're looking for cannot be found"}
            )
        try:
            grant = self._bearer_grant(request)
        except ApiError as error:
            return json_response(error.status, error.payload, {"WWW-Authenticate": "Bearer"})
        tenant_id = (request.headers.get("xero-tenant-id") or "").lower()
        with state.lock:
            tenant = state.tenants.get(tenant_id)
            if tenant is None or tenant_id not in grant.tenant_ids:
                return json_response(403, {"Title": "Forbidden", "Status": 403, "Detail": "AuthenticationUnsuccessful"})
            if not scopes.allows(
                grant.scope,
                self._collection_of(request.path),
                write=request.method in ("PUT", "POST", "DELETE", "PATCH"),
            ):
                # Xero's answer when the token lacks the endpoint's scope
                return json_response(
                    401,
                    {
                        "Type": None,
                        "Title": "Unauthorized",
                        "Status": 401,
                        "Detail": "AuthorizationUnsuccessful",
                        "Instance": new_id(),
                        "Extensions": {},
                    },
                )
            refusal = limits.admit(state, tenant)
            quota = limits.remaining_headers(state, tenant)
        if refusal:
            headers = dict(quota, **{"X-Rate-Limit-Problem": refusal.problem})
            if refusal.retry_after:
                headers["Retry-After"] = str(refusal.retry_after)
            return json_response(
                429,
                {"Title": "Too Many Requests", "Status": 429, "Detail": "Rate limit exceeded: %s" % refusal.problem},
                headers,
            )
        try:
            if slow:
                time.sleep(slow)  # slow while holding one of the tenant's concurrent slots
            with state.lock:
                status, payload = self._idempotent(request, tenant)
        finally:
            with state.lock:
                limits.release(state, tenant)
        if isinstance(payload, bytes):
            return Response(payload, status=status, headers=quota, content_type="application/pdf")
        return json_response(status, payload, quota)

    def _idempotent(self, request, tenant):
        """Replay the first answer to a repeated Idempotency-Key within its lifetime."""
        key = request.headers.get("Idempotency-Key")
        if not key or request.method not in ("PUT", "POST", "PATCH"):
            return self._accounting_call(request, tenant)
        if len(key) > 128:
            return 400, validation_error("The Idempotency-Key must be at most 128 characters.").payload
        now = self.state.clock.now()
        window = self.state.idempotency_seconds
        for stale in [k for k, v in tenant.idempotency.items() if (now - v[2]).total_seconds() > window]:
            del tenant.idempotency[stale]
        fingerprint = hashlib.sha256(
            b"\0".join((request.method.encode(), request.path.encode(), request.query_string, request.get_data()))
        ).hexdigest()
        if key in tenant.idempotency:
            known, answer, _ = tenant.idempotency[key]
            if known != fingerprint:
                return 400, validation_error(
                    "The Idempotency-Key has already been used with a different request."
                ).payload
            return answer
        answer = self._accounting_call(request, tenant)
        if answer[0] < 500:
            tenant.idempotency[key] = (fingerprint, answer, now)
        return answer

    def _accounting_call(self, request, tenant):
        parts = [p for p in request.path[len(API_PREFIX) :].split("/") if p]
        method = request.method
        try:
            status, payload = 200, self._route(request, tenant, method, parts)
        except ApiError as error:
            return error.status, error.payload  # 304 carries no body
        if isinstance(payload, bytes):
            return status, payload  # a file (an invoice's PDF): no envelope
        envelope = {
            "Id": new_id(),
            "Status": "OK",
            "ProviderName": "Xero Emulator",
            "DateTimeUTC": ms_date(self.state.clock.now()),
        }
        envelope.update(payload)
        return status, prune(json.loads(dumps(envelope)))

    @staticmethod
    def _collection_of(path):
        first = path[len(API_PREFIX) :].split("/", 1)[0].lower()
        return "Organisation" if first == "organisation" else _COLLECTION_BY_LOWER.get(first)

    def _sub_resource(self, request, method, collection, parts, body):
        """The handler of a read or write below a record (called with the tenant, the
        record's id and the sub-record's): a sales invoice as its customer gets it (the
        PDF, the online address), a contact group's members."""
        below = parts[2].lower() if len(parts) > 2 else None
        if collection == "Invoices" and method == "GET":
            if len(parts) == 2 and "application/pdf" in request.headers.get("Accept", ""):
                return self.accounting.invoice_pdf
            if len(parts) == 3 and below == "onlineinvoice":
                return self.accounting.online_invoice
        if collection == "Invoices" and method == "POST" and len(parts) == 3 and below == "email":
            return self.accounting.email_invoice
        if collection == "CreditNotes" and method == "PUT" and len(parts) == 3 and below == "allocations":
            return lambda tenant, credit_note_id: self.accounting.allocate_credit_note(tenant, credit_note_id, body)
        if collection == "ContactGroups" and below == "contacts" and len(parts) <= 4:
            if method == "PUT" and len(parts) == 3:
                return lambda tenant, group_id: self.accounting.add_group_contacts(tenant, group_id, body)
            if method == "DELETE":

                def remove(tenant, group_id, contact_id=None):
                    self.accounting.remove_group_contacts(tenant, group_id, contact_id)
                    raise ApiError(204, None)  # Xero answers a removal with no content

                return remove
        return None

    def _route(self, request, tenant, method, parts):
        if parts and parts[0].lower() == "organisation" and method == "GET":
            return self.accounting.organisation(tenant)
        collection = _COLLECTION_BY_LOWER.get(parts[0].lower()) if parts else None
        if collection is None:
            raise ApiError(404, {"Title": "Not Found", "Status": 404, "Detail": "No such resource"})
        args, body = request.args, None
        if method in ("PUT", "POST"):
            try:
                body = loads(request.get_data() or b"{}")
            except ValueError:
                raise validation_error("The request body is not valid JSON.") from None
        if len(parts) == 1:
            if method == "GET":
                return self.accounting.list(tenant, collection, args, request.headers)
            if method in ("PUT", "POST"):
                return self.accounting.write(tenant, collection, method, body, args)
        elif self._sub_resource(request, method, collection, parts, body):
            return self._sub_resource(request, method, collection, parts, body)(tenant, *parts[1:2] + parts[3:4])
        elif len(parts) == 2:
            if method == "GET":
                return self.accounting.get(tenant, collection, parts[1], request.headers)
            if method == "POST":
                return self.accounting.write(tenant, collection, method, body, args, record_id=parts[1])
            if method == "DELETE":
                self.accounting.delete(tenant, collection, parts[1])
                raise ApiError(204, None)  # Xero answers a delete with no content
        elif len(parts) == 3 and parts[2].lower() == "history":
            if method == "GET":
                return self.accounting.history(tenant, collection, parts[1])
            if method == "PUT":
                return self.accounting.add_history(tenant, collection, parts[1], body, "Odoo")
        raise ApiError(405, {"Title": "Method Not Allowed", "Status": 405, "Detail": "Not supported"})

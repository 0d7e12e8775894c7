"""HTTP routes of the connector: the OAuth2 callback and the webhook receiver."""

import base64
import hashlib
import hmac
import json
import logging
import re

from werkzeug.exceptions import Forbidden

from odoo import _, http
from odoo.http import request

from ..models.xero_connection import CALLBACK_PATH as OAUTH_CALLBACK_PATH

_logger = logging.getLogger(__name__)

# Xero's deliveries hold a few events of a few hundred bytes each: 1 MB is thousands of
# events, far beyond any delivery, and still read and hashed at once. A real delivery
# refused would be retried for a day, after which Xero disables the webhook: the limit
# errs on the large side.
WEBHOOK_MAX_BODY = 1024 * 1024
_CALLBACK_CREDENTIALS = re.compile(r"\b(code|state)=[^&\s\"]+")


class OAuthCallbackLogFilter(logging.Filter):
    """Werkzeug logs every request line with its query string: on the OAuth callback
    that is Xero's authorization code and Odoo's state, which stay out of the logs."""

    def filter(self, record):
        if isinstance(record.args, tuple) and any(
            isinstance(arg, str) and OAUTH_CALLBACK_PATH in arg for arg in record.args
        ):
            record.args = tuple(
                _CALLBACK_CREDENTIALS.sub(r"\1=***", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


_werkzeug_logger = logging.getLogger("werkzeug")
if not any(isinstance(f, OAuthCallbackLogFilter) for f in _werkzeug_logger.filters):
    _werkzeug_logger.addFilter(OAuthCallbackLogFilter())


class XeroController(http.Controller):
    @http.route(OAUTH_CALLBACK_PATH, type="http", auth="user", methods=["GET"], csrf=False)
    def xero_oauth_callback(self, state=None, code=None, error=None, **kwargs):
        """Xero sends the administrator back here after sign-in. The ``state`` must be the
        single-use value this connection issued; anything else is refused."""
        if not request.env.user.has_group("xero_connector.group_xero_manager"):
            raise Forbidden()
        connection = request.env["xero.connection"]._xero_from_oauth_state(state)
        if not connection:
            _logger.warning("Xero OAuth callback refused: unknown or already used state")
            return request.make_response(
                _(
                    "This Xero sign-in link is invalid or has already been used. "
                    "Start again with the Connect button of the Xero connection."
                ),
                headers=[("Content-Type", "text/plain; charset=utf-8")],
                status=400,
            )
        if error or not code:
            connection._xero_sign_in_refused(error or "no code", kwargs.get("error_description"))
        else:
            connection._xero_complete_authorization(code)
        return request.redirect("/odoo/action-xero_connector.action_xero_connection/%d" % connection.id)

    @http.route(
        "/xero/webhook",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        # a body declared over the limit is refused from its Content-Length, before Odoo parses it
        max_content_length=WEBHOOK_MAX_BODY,
    )
    def xero_webhook(self, **kwargs):
        """Xero's deliveries: verify the signature over the raw body, queue the ids each
        event names for its connection, wake the sync, and answer at once with no body.
        Nothing in the payload is trusted beyond the ids: the sync fetches the records."""
        # Odoo hands a route its body only whole, and one sent without its length (chunked)
        # to its end, however long: the length is required (411 Length Required). Xero
        # states it, as does a proxy that buffers the body.
        length = request.httprequest.content_length
        if length is None:
            _logger.warning("Xero webhook refused: no Content-Length")
            return request.make_response("", status=411)
        # the route's limit already refused most, but werkzeug checks it only when it
        # parses a form, which it skips for a body without a Content-Type
        if length > WEBHOOK_MAX_BODY:
            _logger.warning("Xero webhook refused: body over %d bytes", WEBHOOK_MAX_BODY)
            return request.make_response("", status=413)
        body = request.httprequest.get_data()  # no more than the length stated
        # the header as the bytes that came: any text compares, and fails, without error
        signature = request.httprequest.headers.get("x-xero-signature", "").encode("latin-1", "replace")
        signed_by = request.env["xero.connection"].sudo()
        for key, connections in _connections_by_webhook_key(request.env).items():
            if hmac.compare_digest(_signature(key, body), signature):
                signed_by |= connections
        if not signed_by:
            _logger.warning("Xero webhook refused: bad signature")
            return request.make_response("", status=401)
        try:
            events = json.loads(body).get("events") or []
        except (ValueError, AttributeError):
            return request.make_response("", status=400)
        if not isinstance(events, list):
            return request.make_response("", status=400)
        signed_by._xero_take_webhook_delivery(hashlib.sha256(body).hexdigest(), events)
        return request.make_response("", status=200)


def _connections_by_webhook_key(env):
    """The connections each webhook key signs for: one Xero app connected to several
    organisations has one key, checked once."""
    by_key = {}
    for secrets in env["xero.connection.token"].sudo().search([("webhook_key", "!=", False)]):
        by_key[secrets.webhook_key] = by_key.get(secrets.webhook_key, secrets.connection_id) | secrets.connection_id
    return by_key


def _signature(key, body):
    """What ``x-xero-signature`` holds for ``body`` under ``key``: base64 of its HMAC-SHA256."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest())

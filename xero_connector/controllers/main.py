"""HTTP routes of the connector: the OAuth2 callback."""
import logging

from werkzeug.exceptions import Forbidden

from odoo import _, http
from odoo.http import request

_logger = logging.getLogger(__name__)


class XeroController(http.Controller):

    @http.route("/xero/oauth/callback", type="http", auth="user", methods=["GET"], csrf=False)
    def xero_oauth_callback(self, state=None, code=None, error=None, **kwargs):
        """Xero sends the administrator back here after sign-in. The ``state`` must be the
        single-use value this connection issued; anything else is refused."""
        if not request.env.user.has_group("xero_connector.group_xero_manager"):
            raise Forbidden()
        connection = request.env["xero.connection"]._xero_from_oauth_state(state)
        if not connection:
            _logger.warning("Xero OAuth callback refused: unknown or already used state")
            return request.make_response(
                _("This Xero sign-in link is invalid or has already been used. "
                  "Start again with the Connect button of the Xero connection."),
                headers=[("Content-Type", "text/plain; charset=utf-8")], status=400)
        if error or not code:
            connection.write({"state": "error", "last_error": _(
                "Xero did not authorise the connection (%s). Click Connect to try again.",
                error or _("no code"))})
        else:
            connection._xero_complete_authorization(code)
        return request.redirect("/odoo/action-xero_connector.action_xero_connection/%d" % connection.id)

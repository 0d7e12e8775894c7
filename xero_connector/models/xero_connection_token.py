"""The secrets of a Xero connection, on a model of their own that only system
administrators can read (the connection reaches it with sudo, in one place): the
tokens, the app's client secret, the webhook key, and the pending sign-in."""

from odoo import fields, models

from ..odoo_series import Constraint


class XeroConnectionToken(models.Model):
    _name = "xero.connection.token"
    _inherit = "xero.per.connection.mixin"
    _description = "Xero Connection Secrets"
    _rec_name = "connection_id"

    access_token = fields.Char(copy=False, groups="base.group_system")
    refresh_token = fields.Char(copy=False, groups="base.group_system")
    expires_at = fields.Float(
        copy=False, groups="base.group_system", help="When the access token expires, in seconds since the epoch."
    )
    scope = fields.Char(copy=False, groups="base.group_system")
    # set by Xero administrators through the connection's write-only fields
    client_secret = fields.Char(copy=False, groups="base.group_system")
    webhook_key = fields.Char(copy=False, groups="base.group_system")
    # the pending authorization request: single-use OAuth state and PKCE verifier, the
    # user who started it and when (it is honoured for that user, for a few minutes)
    oauth_state = fields.Char(copy=False, groups="base.group_system")
    code_verifier = fields.Char(copy=False, groups="base.group_system")
    oauth_user_id = fields.Many2one("res.users", copy=False, ondelete="set null", groups="base.group_system")
    oauth_started = fields.Datetime(copy=False, groups="base.group_system")

    _connection_uniq = Constraint("unique(connection_id)", "A Xero connection has one set of secrets.")

    def _as_token_dict(self):
        self.ensure_one()
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at,
            "scope": (self.scope or "").split(),
            "token_type": "Bearer",
            "expires_in": None,
            "id_token": None,
        }

    @staticmethod
    def _values_from_token(token):
        scope = token.get("scope") or []
        return {
            "access_token": token.get("access_token"),
            "refresh_token": token.get("refresh_token"),
            "expires_at": token.get("expires_at") or 0.0,
            "scope": " ".join(scope) if isinstance(scope, (list, tuple)) else scope,
        }

    def _forget_authorization(self):
        """The tokens and any sign-in under way go; the app's credentials stay."""
        self.write(
            {
                "access_token": False,
                "refresh_token": False,
                "expires_at": 0.0,
                "scope": False,
                "oauth_state": False,
                "code_verifier": False,
                "oauth_user_id": False,
                "oauth_started": False,
            }
        )

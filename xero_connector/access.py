"""Who may call what. Every public method of the addon's models is an entry point of
Odoo's JSON-RPC, whoever the caller: each one that reaches Xero, spends the
organisation's quota, settles a conflict or changes a connection says here, with
``@xero_role``, which role it needs, and checks it (with the caller's access to the
records and their company) before it does anything.

The roles, each implying the one before:

- ``XERO_USER``: the Xero buttons on the records the user may change in Odoo (every
  salesperson has it);
- ``XERO_ADMIN``: connections, their settings, runs, imports and reviews;
- system administrators alone read secrets and choose where Xero is (the server's
  configuration file); no method is theirs alone.
"""

import functools

from odoo import _
from odoo.exceptions import AccessError, UserError

XERO_USER = "xero_user"
XERO_ADMIN = "xero_admin"
ROLE_GROUPS = {
    XERO_USER: "xero_connector.group_xero_user",
    XERO_ADMIN: "xero_connector.group_xero_manager",
}


def check_role(env, role):
    """Refuse a caller without ``role``; code running as superuser (crons, the engine
    acting for a button already checked) passes."""
    if env.su:
        return
    if not env.user.has_group(ROLE_GROUPS[role]):
        if role == XERO_ADMIN:
            raise AccessError(_("Only Xero administrators may do this (Settings > Users: Xero / Administrator)."))
        raise AccessError(_("Only Xero users may do this (Settings > Users: Xero / User)."))


def check_records(records, access, current_company=False):
    """The caller may ``access`` these records (Odoo's access rights and record rules,
    the multi-company ones among them), and, with ``current_company``, they belong to
    the company the caller works in: its connection is the one that acts."""
    if records.env.su or not records:
        return
    records.check_access(access)
    if current_company and "company_id" in records._fields:
        company = records.env.company
        elsewhere = records.filtered(lambda record: record.company_id and record.company_id != company)
        if elsewhere:
            raise UserError(
                _(
                    "%(record)s belongs to %(company)s: switch to that company to use its Xero connection.",
                    record=elsewhere[0].display_name,
                    company=elsewhere[0].company_id.name,
                )
            )


def xero_role(role, access="read", current_company=False):
    """Declare and check the role a public method needs. On a record method, the
    caller must also have ``access`` to the records (``None``: the method checks the
    records it acts on itself), and with ``current_company`` they must belong to the
    company the caller works in."""

    def decorate(method):
        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            check_role(self.env, role)
            if access:
                check_records(self, access, current_company)
            return method(self, *args, **kwargs)

        checked._xero_role = role
        checked._xero_access = access
        return checked

    return decorate


def declared_role(function):
    """The role a method declares with ``xero_role``, or None."""
    return getattr(function, "_xero_role", None)

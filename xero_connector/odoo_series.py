"""What differs between the Odoo series the addon runs on, 18.0 and 19.0: this module
is the only place that asks which one it is. Everything else is written once, for both,
through the names below.
"""

import contextlib

from odoo import fields, models, release

SERIES = release.version_info[0]

# sale.order.line's taxes: tax_id on 18.0, tax_ids since 19.0
ORDER_LINE_TAXES = "tax_ids" if SERIES >= 19 else "tax_id"

# res.users' groups: groups_id on 18.0, group_ids since 19.0
USER_GROUPS = "group_ids" if SERIES >= 19 else "groups_id"

# Odoo 19 dropped res.partner.mobile (its upgrade moves mobile numbers into phone): Xero's
# MOBILE phone then lives in a field of the addon's, and a contact with no default
# phone in Xero shows its mobile number as its phone
PARTNER_HAS_MOBILE = SERIES < 19
# the partner fields a user changes Xero's MOBILE phone through
MOBILE_FIELDS = ("mobile", "xero_mobile") if PARTNER_HAS_MOBILE else ("xero_mobile",)


def partner_mobile_field():
    """The field that holds Xero's MOBILE phone on a partner: Odoo's own mobile number
    on 18.0, a field of the addon's on 19.0."""
    help_text = "Xero's MOBILE phone of the contact, kept in step with Xero."
    if PARTNER_HAS_MOBILE:
        return fields.Char("Mobile (Xero)", related="mobile", readonly=False, help=help_text)
    return fields.Char("Mobile (Xero)", help=help_text)


if SERIES >= 19:
    Constraint = models.Constraint
else:

    class Constraint:
        """Odoo 19's ``models.Constraint`` on 18.0: a table constraint declared as a
        class attribute ``_name = Constraint(definition, message)`` becomes the model's
        ``_sql_constraints`` entry ``name``, which is the name 19.0 gives it too, so the
        same constraint exists in the database on both series."""

        def __init__(self, definition, message=""):
            self.definition = definition
            self.message = message

        def __set_name__(self, owner, name):
            rule = (name.lstrip("_"), self.definition, self.message)
            owner._sql_constraints = [*owner.__dict__.get("_sql_constraints", []), rule]


# res.groups' members: users on 18.0, user_ids since 19.0
GROUP_USERS = "user_ids" if SERIES >= 19 else "users"


def place_groups(env, category_xmlid, privilege_xmlid, groups_xmlids):
    """Put the addon's groups under its category in the user form: through the groups'
    category on 18.0, through a privilege of that category since 19.0 (groups no longer
    have a category there)."""
    category = env.ref(category_xmlid)
    groups = env["res.groups"].browse([env.ref(xmlid).id for xmlid in groups_xmlids])
    if SERIES < 19:
        groups.write({"category_id": category.id})
        return
    privilege = env["res.groups.privilege"]._load_records(
        [
            {
                "xml_id": privilege_xmlid,
                "values": {"name": category.name, "category_id": category.id, "sequence": category.sequence},
                "noupdate": False,
            }
        ]
    )
    groups.write({"privilege_id": privilege.id})


def report_cron_progress(env, done, remaining):
    """Tell the running scheduled action how far it got: 19.0's _commit_progress (which
    commits, as each connection's run has done already), 18.0's _notify_progress."""
    if SERIES >= 19:
        env["ir.cron"]._commit_progress(1, remaining=remaining)
    else:
        env["ir.cron"]._notify_progress(done=done, remaining=remaining)


# -- for the addon's tests ----------------------------------------------------------------------
def test_cursor_class():
    """The cursor class the registry hands out in test mode."""
    if SERIES >= 19:
        from odoo.tests.test_cursor import TestCursor
    else:
        from odoo.sql_db import TestCursor
    return TestCursor


def share_test_transaction(test_class):
    """Until the class's cleanup, every cursor the code under test opens (a token
    refresh has a transaction of its own) works inside the test's transaction, as
    HttpCase arranges."""
    if SERIES >= 19:
        test_class.registry_enter_test_mode_cls()  # which leaves it at the class's cleanup
    else:
        test_class.registry.enter_test_mode(test_class.cr)
        test_class.addClassCleanup(test_class.registry.leave_test_mode)


def requests_from_outside(http_case):
    """A context in which an HttpCase's Odoo answers requests that do not come from the
    test's own browser or opener (the emulator delivering a webhook): 19.0 refuses them
    otherwise, 18.0 always answers."""
    if SERIES >= 19:
        return http_case.allow_requests(all_requests=True)
    return contextlib.nullcontext()


def config_file():
    """The configuration file the running Odoo read (for the tests' own odoo-bin)."""
    from odoo.tools import config

    return config["config"] if SERIES >= 19 else config.rcfile


def export_translations(env, modules, buffer):
    """The translators' template of ``modules``, as ``odoo-bin --i18n-export`` writes it."""
    from odoo.tools.translate import trans_export

    trans_export(False, modules, buffer, "po", env if SERIES >= 19 else env.cr)

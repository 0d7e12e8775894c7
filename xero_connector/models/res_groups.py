from odoo import Command, api, models

from .. import odoo_series


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model
    def _xero_place_groups(self):
        """Called by security/xero_security.xml: where the addon's groups show in the user
        form, and the administrators who start as Xero administrators, written the way
        the running Odoo series stores them."""
        odoo_series.place_groups(
            self.env,
            "xero_connector.module_category_xero",
            "xero_connector.privilege_xero",
            ["xero_connector.group_xero_user", "xero_connector.group_xero_manager"],
        )
        admins = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in ("base.user_root", "base.user_admin")]
        self.env.ref("xero_connector.group_xero_manager").write(
            {odoo_series.GROUP_USERS: [Command.link(user.id) for user in admins if user]}
        )

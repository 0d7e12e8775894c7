"""Upgrading to 1.4.0 (either series): on Odoo 19, linked contacts get back the mobile
number that Odoo's own upgrade from 18 took from them; nothing happens on Odoo 18."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._xero_restore_mobile_numbers()

{
    "name": "Xero Connector",
    "summary": "Keep Odoo CRM and Sales in lockstep with Xero: customers, products, "
               "draft invoices and the customer's real position",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "xero_connector developers",
    "depends": ["sale_crm", "mail"],
    "external_dependencies": {"python": ["xero_python"]},
    "data": [
        "security/xero_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "data/ir_sequence.xml",
        "views/xero_connection_views.xml",
        "views/res_config_settings_views.xml",
        "views/xero_menus.xml",
        "views/xero_sync_log_views.xml",
        "views/res_partner_views.xml",
        "views/xero_partner_wizard_views.xml",
        "views/sales_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["xero_connector/static/tests/tours/*.js"],
    },
    "installable": True,
    "application": False,
}

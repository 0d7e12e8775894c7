import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("xero_connector_connect_custom", {
    steps: () => [
        {
            content: "An administrator clicks Connect on the company's Xero connection",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_connect']",
            run: "click",
        },
        {
            content: "The connection shows it is connected, with the organisation's name",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Connected')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='tenant_name']:contains('Demo Company (NZ)')",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_connect_oauth", {
    steps: () => [
        {
            content: "An administrator clicks Connect: off to Xero's sign-in, which consents and comes back",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_connect']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back in Odoo, the connection is connected to the organisation",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Connected')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='tenant_name']:contains('Demo Company (NZ)')",
        },
    ],
});

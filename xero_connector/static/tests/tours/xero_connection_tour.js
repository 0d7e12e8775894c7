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

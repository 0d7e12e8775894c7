import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("xero_connector_export_partner", {
    steps: () => [
        {
            content: "A salesperson opens the Xero tab of a new customer",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Xero')",
            run: "click",
        },
        {
            content: "The customer is not linked yet: Export to Xero",
            trigger: ".o_form_view button[name='action_xero_export']",
            run: "click",
        },
        {
            content: "The wizard asks for the main contact person and the ledger code; Export",
            trigger: ".modal .modal-footer button[name='action_export']",
            run: "click",
        },
        {
            content: "The customer is linked to its new Xero contact",
            trigger: ".o_form_view .o_field_widget[name='xero_sync_state']:contains('Synced')",
        },
        {
            content: "and shows the ledger code Xero holds",
            trigger: ".o_form_view .o_field_widget[name='ref']:contains('C0')",
        },
        {
            trigger: ".o_form_view button[name='action_xero_view']",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_partner_ageing", {
    steps: () => [
        {
            content: "The salesperson opens the Xero tab of a customer who owes money in Xero",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Xero')",
            run: "click",
        },
        {
            content: "What is owed shows by age: not due, then 1-30 days overdue",
            trigger: ".o_form_view .o_field_widget[name='xero_age_current']:contains('100.00')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='xero_age_1_30']:contains('200.00')",
        },
        {
            content: "and over 90 days overdue",
            trigger: ".o_form_view .o_field_widget[name='xero_age_over_90']:contains('400.00')",
        },
    ],
});

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

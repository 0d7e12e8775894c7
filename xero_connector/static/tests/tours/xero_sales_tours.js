import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("xero_connector_confirm_quotation", {
    steps: () => [
        {
            content: "The salesperson confirms the quotation",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']:visible",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "and shows the number of its draft invoice in Xero",
            trigger: ".o_form_view .o_field_widget[name='xero_invoice_number']:contains('INV-')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='xero_invoice_status']:contains('DRAFT')",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_opportunity_invoice", {
    steps: () => [
        {
            content: "The salesperson asks for a draft invoice in Xero",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_xero_draft_invoice']",
            run: "click",
        },
        {
            content: "The revenue account is proposed from the settings",
            trigger: ".modal .o_field_widget[name='account_id'] input:value('200 Sales')",
        },
        {
            content: "Create the draft invoice",
            trigger: ".modal .modal-footer button[name='action_create']",
            run: "click",
        },
        {
            content: "The invoice number appears on the opportunity, with a link to Xero",
            trigger: ".o_form_view .o_field_widget[name='xero_invoice_number']:contains('INV-')",
        },
        {
            trigger: ".o_form_view button[name='action_xero_view_invoice']",
        },
    ],
});

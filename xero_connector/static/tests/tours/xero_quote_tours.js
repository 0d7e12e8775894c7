import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("xero_connector_opportunity_quote", {
    steps: () => [
        {
            content: "The salesperson asks for a quote in Xero",
            trigger: ".o_form_view .o_form_sheet button[name='action_xero_quote']:contains('Create Quote')",
            run: "click",
        },
        {
            content: "The revenue account is proposed from the settings",
            trigger: ".modal .o_field_widget[name='account_id'] input:value('200 Sales')",
        },
        {
            content: "Create the quote",
            trigger: ".modal .modal-footer button[name='action_create']:contains('Create Quote')",
            run: "click",
        },
        {
            content: "The quote's number and status appear on the opportunity",
            trigger: ".o_form_view .o_field_widget[name='xero_quote_number']:contains('QU-')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='xero_quote_status']:contains('DRAFT')",
        },
        {
            content: "and the button now updates it",
            trigger: ".o_form_view .o_form_sheet button[name='action_xero_quote']:contains('Update Quote')",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_stage_document", {
    steps: () => [
        {
            content: "The salesperson moves the opportunity to the stage that makes its Xero document",
            trigger: ".o_form_view .o_statusbar_status button:contains('Won here')",
            run: "click",
        },
        {
            content: "The opportunity is in that stage",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Won here')",
        },
        {
            // the chatter's stage change shows once the move is saved, and its push done
            content: "Xero has its draft invoice: the opportunity shows it once read again",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Won here')",
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            trigger: ".o_form_view .o_field_widget[name='xero_invoice_number']:contains('INV-')",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_approve_and_send", {
    steps: () => [
        {
            content: "The Xero administrator opens the connection's Sales tab",
            trigger: ".o_form_view .o_notebook a[name='sales']",
            run: "click",
        },
        {
            content: "Approve the invoices of confirmed orders",
            trigger: ".o_form_view .o_field_widget[name='approve_invoices'] input",
            run: "click",
        },
        {
            content: "and have Xero email them to the customers",
            trigger: ".o_form_view .o_field_widget[name='email_invoices'] input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

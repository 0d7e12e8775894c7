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
            trigger: ".o_form_view .o_form_sheet button[name='action_xero_draft_invoice']",
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

registry.category("web_tour.tours").add("xero_connector_customer_copy", {
    steps: () => [
        {
            content: "The invoice is approved in Xero: the salesperson asks for its online link",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_xero_invoice_link']",
            run: "click",
        },
        {
            content: "The link is on the order, ready to copy or to email",
            trigger: ".o_form_view .o_field_widget[name='xero_online_invoice_url']:contains('in.xero.com')",
        },
        {
            content: "Email puts the link into a message to the customer",
            trigger: ".o_form_view button[name='action_xero_email_invoice_link']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_html:contains('view and pay it online')",
        },
        {
            content: "(not sent in this tour)",
            trigger: ".modal .modal-footer button:contains('Discard')",
            run: "click",
        },
        {
            content: "Xero's own PDF of the invoice goes into the chatter",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_xero_attach_pdf']",
            run: "click",
        },
        {
            trigger: ".o-mail-Chatter .o-mail-AttachmentCard:contains('.pdf'), .o-mail-Chatter .o-mail-AttachmentList :contains('.pdf')",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_customers_list", {
    steps: () => [
        {
            // the customers open as cards on 18.0 and as a list on 19.0: the cards show the tags
            content: "Show the customers as cards",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "Customers imported from Xero are in the customers list (Sales > Orders > Customers, Invoicing > Customers)",
            trigger: ".o_kanban_record:contains('Bayside Club')",
        },
        {
            content: "with their Xero contact groups as tags",
            trigger: ".o_kanban_record:contains('Bayside Club') .o_tag:contains('VIP')",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_invoiced_in_xero", {
    steps: () => [
        {
            content: "Among the sales orders, the latest, whose draft invoice is in Xero, reads Fully Invoiced",
            trigger: ".o_list_view .o_data_row:first:contains('Bayside Club') [name='invoice_status']:contains('Fully Invoiced')",
        },
        {
            content: "The salesperson opens it",
            trigger: ".o_list_view .o_data_row:first td[name='name']",
            run: "click",
        },
        {
            content: "It shows its Xero invoice",
            trigger: ".o_form_view .o_field_widget[name='xero_invoice_number']:contains('INV-')",
        },
        {
            content: "and Odoo offers no second invoice",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button:contains('Create Invoice')))",
        },
    ],
});

registry.category("web_tour.tours").add("xero_connector_credit_limit_warning", {
    steps: () => [
        {
            content: "The quotation warns that the customer is over its credit limit, naming what it owes in Xero",
            trigger: ".o_form_view .alert-warning:contains('has reached its credit limit'):contains('Of which owed in Xero')",
        },
        {
            trigger: ".o_form_view .alert-warning:contains('approved and unpaid')",
        },
    ],
});

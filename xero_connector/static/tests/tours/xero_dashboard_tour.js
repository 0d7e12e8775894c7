import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("xero_connector_dashboard", {
    steps: () => [
        {
            content: "The dashboard shows the connected organisation",
            trigger: ".o_kanban_record:contains('Demo Company (NZ)')",
        },
        {
            content: "with the calls used today against Xero's daily limit",
            trigger: ".o_kanban_record:contains('Calls used today'):contains('5,000')",
        },
        {
            content: "with what waits to be sent, what failed, and the runs over time a click away",
            trigger: ".o_kanban_record button[name='action_xero_open_runs']",
        },
    ],
});

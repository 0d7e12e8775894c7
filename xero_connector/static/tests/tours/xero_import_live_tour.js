import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

/** The Import tab follows a running import by itself: the sync runs elsewhere (here one
 * call standing in for the background job) while the page stays open, unreloaded. */
registry.category("web_tour.tours").add("xero_connector_import_live", {
    steps: () => [
        {
            content: "The admin opens the Import tab while the import has only just begun",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Import')",
            run: "click",
        },
        {
            content: "Nothing is read yet; meanwhile the background sync does the work",
            trigger: ".o_xero_import_progress tr[data-entity='contact'] .o_xero_import_count:contains('0 / ?')",
            run: async () => {
                const connectionId = parseInt(window.location.pathname.split("/").pop());
                await rpc("/web/dataset/call_kw/xero.connection/action_xero_sync_now", {
                    model: "xero.connection", method: "action_xero_sync_now", args: [[connectionId]], kwargs: {},
                });
            },
        },
        {
            content: "The counts move on the open page",
            trigger: ".o_xero_import_progress tr[data-entity='contact'] .o_xero_import_count:contains('9 / 9')",
        },
        {
            content: "and the summary replaces the running notice when the import ends",
            trigger: ".o_form_view:not(:has(.alert-info:contains('Importing'))) .o_field_widget[name='import_summary']:contains('left for review')",
        },
    ],
});

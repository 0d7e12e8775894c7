import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("xero_connector_import", {
    steps: () => [
        {
            content: "The admin opens the connection's Import tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Import')",
            run: "click",
        },
        {
            content: "Each entity shows what was read against what there was to read",
            trigger: ".o_xero_import_progress tr[data-entity='contact'] .o_xero_import_count:contains('9 / 9')",
        },
        {
            content: "and the import ends with its summary",
            trigger: ".o_form_view .o_field_widget[name='import_summary']:contains('left for review')",
        },
    ],
});

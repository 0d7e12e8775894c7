/** A live view of an import: records read and to read per entity, read again every two
 * seconds from the server while the import runs, so the admin sees it move without
 * reloading. */
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { Component, onWillUnmount, useState } from "@odoo/owl";

const REFRESH_MS = 2000;

export class XeroImportProgress extends Component {
    static template = "xero_connector.ImportProgress";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ rows: this.props.record.data[this.props.name] || [] });
        this.timer = setInterval(() => this.refresh(), REFRESH_MS);
        onWillUnmount(() => clearInterval(this.timer));
    }

    get running() {
        return this.props.record.data.import_state === "running";
    }

    percent(row) {
        return row.total ? Math.min(100, Math.round((100 * row.done) / row.total)) : 0;
    }

    async refresh() {
        if (!this.running || !this.props.record.resId) {
            return;
        }
        const [values] = await this.orm.read("xero.connection", [this.props.record.resId],
            ["import_progress", "import_state"]);
        this.state.rows = values.import_progress || [];
        if (values.import_state !== "running") {
            await this.props.record.load();     // the summary, and the state
        }
    }
}

registry.category("fields").add("xero_import_progress", { component: XeroImportProgress });

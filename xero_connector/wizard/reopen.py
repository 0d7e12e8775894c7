"""What a wizard's intermediate button returns: the same wizard, open again, showing
what the step found (Odoo closes a wizard after any button otherwise)."""


def reopen(wizard, title):
    return {
        "type": "ir.actions.act_window",
        "res_model": wizard._name,
        "res_id": wizard.id,
        "view_mode": "form",
        "target": "new",
        "name": title,
    }

"""The window actions that open the addon's wizards as dialogs."""


def open_wizard(model_name, title, context):
    """A button's answer: the wizard ``model_name`` in a dialog, its fields defaulted
    from ``context``."""
    return {
        "type": "ir.actions.act_window",
        "res_model": model_name,
        "view_mode": "form",
        "target": "new",
        "name": title,
        "context": context,
    }


def reopen(wizard, title):
    """What a wizard's intermediate button returns: the same wizard, open again, showing
    what the step found (Odoo closes a wizard after any button otherwise)."""
    return dict(open_wizard(wizard._name, title, {}), res_id=wizard.id)

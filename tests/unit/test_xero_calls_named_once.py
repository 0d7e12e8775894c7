"""Every Accounting API call is named once, in ``xero/``: outside it, no module names an
SDK operation or writes a ``where`` filter (the engine passes the operations its
entities name)."""

import os
import re

ADDON = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "xero_connector")
# a call of the client's generic methods with an operation spelled out, or a filter
NAMED_HERE = re.compile(r"""\.accounting(_json|_bytes)?\(\s*[^,()]+,\s*["']|\bwhere\s*=\s*f?["']""")


def addon_modules_outside_xero():
    for folder, _dirs, files in os.walk(ADDON):
        relative = os.path.relpath(folder, ADDON)
        if relative.split(os.sep)[0] in ("xero", "tests"):
            continue
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def test_no_module_outside_xero_names_an_operation_or_writes_a_filter():
    found = []
    for path in addon_modules_outside_xero():
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        found += ["%s: %s" % (os.path.relpath(path, ADDON), m.group(0)) for m in NAMED_HERE.finditer(text)]
    assert not found, found


def test_the_check_sees_a_named_operation():
    assert NAMED_HERE.search('client.accounting_json(tenant, "get_contacts", page=1)')
    assert NAMED_HERE.search("client.accounting_json(\n    self.tenant_id,\n    'get_items')")
    assert NAMED_HERE.search("answer = client.get(where='Name==\"x\"')")
    assert not NAMED_HERE.search("self.client.accounting_json(tenant, entity.list_operation, **query)")


def sdk_operations():
    from xero_python.accounting import AccountingApi  # noqa: PLC0415 - the SDK's own list

    return {name for name in vars(AccountingApi) if not name.startswith("_") and callable(getattr(AccountingApi, name))}


def test_no_module_outside_xero_spells_an_sdk_operation():
    """Not even handed to a helper: the operation's name lives with its named call."""
    operations, found = sdk_operations(), []
    for path in addon_modules_outside_xero():
        with open(path, encoding="utf-8") as handle:
            literals = re.findall(r"""["']([a-z_]+)["']""", handle.read())
        found += ["%s: %s" % (os.path.relpath(path, ADDON), name) for name in literals if name in operations]
    assert not found, found
    assert {"get_online_invoice", "email_invoice", "create_quotes"} <= operations, "the check knows the SDK's names"

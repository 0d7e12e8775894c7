"""What of a Xero payload an update needs to carry: only the parts that differ from the
payload of the values both sides last agreed on. Xero's POST changes only the elements
it is given (and, within ``Phones`` and ``Addresses``, only the types it is given), so an
update that carries nothing else cannot undo what the accounts team changed in Xero
meanwhile."""

# lists whose entries Xero replaces one type at a time (docs/xero-fidelity.md)
TYPED_LISTS = {"Phones": "PhoneType", "Addresses": "AddressType"}


def changed_parts(new, old):
    """The elements of payload ``new`` that differ from payload ``old``: an element
    whole, or of a typed list, only its entries of the types that changed."""
    parts = {}
    for key, value in new.items():
        before = old.get(key)
        if value == before:
            continue
        type_key = TYPED_LISTS.get(key)
        if type_key and isinstance(value, list) and isinstance(before, list):
            earlier = {entry.get(type_key): entry for entry in before}
            value = [entry for entry in value if earlier.get(entry.get(type_key)) != entry]
        parts[key] = value
    return parts

"""The contact mapping pair, without a database: every mapped field survives the round trip."""

import contextlib
import logging
import signal

import pytest

from xero_connector.xero import entities
from xero_connector.xero.mapping_contacts import (
    B2C_PATTERN_LIMIT,
    DEFAULT_B2C_PATTERN,
    FIELDS,
    MAX_PERSONS,
    ODOO_ONLY_TERMS,
    READONLY_FIELDS,
    b2c_pattern_problem,
    fold,
    from_xero,
    is_b2c,
    odoo_line_of_terms,
    split_name,
    template_defaults,
    terms_exchanged,
    terms_of_odoo,
    to_xero,
)

ADDRESS = {
    "street": "12 Marine Parade",
    "street2": "Level 2",
    "city": "Wellington",
    "state": "Wellington",
    "zip": "6011",
    "country": "New Zealand",
}
PARTNER = {
    "name": "Bayside Club",
    "email": "secretary@bayside.example",
    "phone": "04 555 0100",
    "mobile": "021 555 0199",
    "vat": "123-456-789",
    "ref": "BAY001",
    "active": True,
    "currency": "AUD",
    "first_name": "Ana",
    "last_name": "Ngata",
    "tax_type": "OUTPUT2",
    "billing_address": ADDRESS,
    "delivery_address": dict(ADDRESS, street="1 Wharf Rd", street2=False),
    "persons": [
        {"first_name": "Bo", "last_name": "Li", "email": "bo@bayside.example"},
        {"first_name": "Cy", "last_name": False, "email": False},
    ],
    "payment_terms": {"type": "OFFOLLOWINGMONTH", "day": 20},
}


def mapped(values):
    return {k: v for k, v in values.items() if k not in READONLY_FIELDS}


def test_every_mapped_field_round_trips():
    assert set(PARTNER) == set(FIELDS)
    assert mapped(from_xero(to_xero(PARTNER))) == PARTNER


def test_a_contacts_branding_theme_is_read_and_never_sent():
    """Xero's API takes no branding theme for a contact: it comes from Xero only."""
    theme = {"BrandingThemeID": "5d4d3a6b-1111-4c2e-9a77-000000000001"}
    assert from_xero(dict(to_xero(PARTNER), BrandingTheme=theme))["branding_theme"] == theme["BrandingThemeID"]
    assert "branding_theme" in READONLY_FIELDS
    assert "BrandingTheme" not in to_xero(dict(PARTNER, branding_theme=theme["BrandingThemeID"]))


def test_payload_uses_xero_names_and_types():
    payload = to_xero(PARTNER)
    assert payload["DefaultCurrency"] == "AUD" and payload["AccountsReceivableTaxType"] == "OUTPUT2"
    pobox = next(a for a in payload["Addresses"] if a["AddressType"] == "POBOX")
    assert (pobox["AddressLine1"], pobox["PostalCode"], pobox["Country"]) == ("12 Marine Parade", "6011", "New Zealand")
    assert payload["ContactPersons"][0] == {
        "FirstName": "Bo",
        "LastName": "Li",
        "EmailAddress": "bo@bayside.example",
        "IncludeInEmails": True,
    }
    assert {p["PhoneType"]: p["PhoneNumber"] for p in payload["Phones"]} == {
        "DEFAULT": "04 555 0100",
        "MOBILE": "021 555 0199",
    }


def test_archived_partner_is_an_archived_contact_and_back():
    payload = to_xero(dict(PARTNER, active=False))
    assert payload["ContactStatus"] == "ARCHIVED"
    assert from_xero(payload)["active"] is False


def test_empty_values_are_sent_empty_and_read_back_as_odoo_empties():
    empty = dict.fromkeys(FIELDS, False)
    empty.update(name="Solo", active=True, persons=[])
    payload = to_xero(empty)
    assert payload["EmailAddress"] == "" and payload["AccountNumber"] == ""
    assert "DefaultCurrency" not in payload and "AccountsReceivableTaxType" not in payload
    assert mapped(from_xero(payload)) == empty


def test_only_five_persons_are_sent():
    persons = [{"first_name": "P%d" % i, "last_name": False, "email": False} for i in range(7)]
    assert len(to_xero(dict(PARTNER, persons=persons))["ContactPersons"]) == MAX_PERSONS


def test_phone_parts_from_xero_are_joined():
    contact = {
        "Name": "X",
        "Phones": [{"PhoneType": "DEFAULT", "PhoneCountryCode": "64", "PhoneAreaCode": "4", "PhoneNumber": "555 0100"}],
    }
    assert from_xero(contact)["phone"] == "64 4 555 0100"


def test_xero_only_figures_are_read():
    contact = {
        "Name": "X",
        "IsCustomer": True,
        "IsSupplier": False,
        "Balances": {"AccountsReceivable": {"Outstanding": "120.50", "Overdue": 20}},
    }
    values = from_xero(contact)
    assert (values["is_customer"], values["is_supplier"], values["outstanding"], values["overdue"]) == (
        True,
        False,
        120.5,
        20.0,
    )


def test_template_passes_on_sales_defaults_only():
    template = {
        "Name": "Template",
        "BrandingTheme": {"BrandingThemeID": "b1"},
        "PaymentTerms": {"Sales": {"Day": 20, "Type": "OFFOLLOWINGMONTH"}, "Bills": {"Day": 5}},
        "SalesDefaultAccountCode": "200",
        "AccountsReceivableTaxType": "OUTPUT2",
        "EmailAddress": "template@example.com",
    }
    # no branding theme: Xero's API takes none for a contact
    assert template_defaults(template) == {
        "PaymentTerms": {"Sales": {"Day": 20, "Type": "OFFOLLOWINGMONTH"}},
        "SalesDefaultAccountCode": "200",
        "AccountsReceivableTaxType": "OUTPUT2",
    }


@pytest.mark.parametrize(
    "name, first, last",
    [
        ("Ana Ngata", "Ana", "Ngata"),
        ("Mary Ann Smith", "Mary Ann", "Smith"),
        ("Cher", "Cher", False),
        ("", False, False),
    ],
)
def test_a_name_splits_at_its_last_word(name, first, last):
    assert split_name(name) == (first, last)


@pytest.mark.parametrize(
    "name, private",
    [
        ("Mr John Smith", True),
        ("mrs. A. Jones", True),
        ("Dr Who", True),
        ("Ms Ngata", True),
        ("The Smith Family", True),
        ("Drake Plumbing Ltd", False),
        ("Mrsa Holdings", False),
        ("Family Fun Ltd", False),
        ("Bayside Club", False),
    ],
)
def test_default_b2c_pattern_recognises_titles_and_families(name, private):
    assert is_b2c(name) is private


def test_b2c_pattern_is_replaceable_and_can_be_off():
    assert is_b2c("Jo Bloggs (private)", r"\(private\)$")
    assert not is_b2c("Mr John Smith", "")


@contextlib.contextmanager
def deadline(seconds):
    """Fails the test when its block runs longer: Python's regex engine heeds signals,
    so a match that would backtrack for ever is stopped rather than hanging the suite."""

    def too_slow(signum, frame):
        raise TimeoutError("still matching after %ss" % seconds)

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_default_b2c_pattern_passes_its_own_check():
    assert b2c_pattern_problem(DEFAULT_B2C_PATTERN) is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"\(private\)$",
        r"^\s*(mr|mrs|ms)\.?\s",
        r"\b(estate of|trust)\b",
        r"(?:\s|-)+family$",  # one-character alternatives are a character class
        r"(?<!the )family$",
        r"^(?=.*\bfamily\b)",
        r"(?x) ^ mr \s",
        r"\w+\s\(private\)",
    ],
)
def test_ordinary_b2c_patterns_are_allowed(pattern):
    assert b2c_pattern_problem(pattern) is None


@pytest.mark.parametrize(
    "pattern, why",
    [
        ("(private", "not a valid regular expression: missing ), unterminated subpattern"),
        ("[a-", "not a valid regular expression"),
        ("x" * (B2C_PATTERN_LIMIT + 1), "%s characters long; at most %s" % (B2C_PATTERN_LIMIT + 1, B2C_PATTERN_LIMIT)),
        (r"(a+)+$", "repeats a group that itself repeats"),
        (r"(.*)*z", "repeats a group that itself repeats"),
        (r"(\s?){10}x", "repeats a group that itself repeats"),
        (r"(x|x)*y", "repeats a group of alternatives"),
        (r"(a|ab)+c", "repeats a group of alternatives"),
        (r"(mr)\s\1", "refers back to a group"),
        (r"(?P<t>mr)(?P=t)", "refers back to a group"),
        (r"(mr)?(?(1)s|x)", "refers back to a group"),
        (r".*.*.*x", "too many repeats"),
        ("(a|a)" * 17 + "b", "too many repeats (*, +, ?, {m,n}) and alternatives (|) one after another"),
    ],
)
def test_patterns_that_fail_or_can_backtrack_for_ever_are_refused_with_the_reason(pattern, why):
    problem = b2c_pattern_problem(pattern)
    assert problem is not None
    assert why in str(problem)


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(x|x)*y", r"(.*)*z", "(a|a)" * 30 + "b", r".*.*.*.*x"])
def test_a_stored_backtracking_pattern_matches_nothing_and_does_not_stall(pattern):
    with deadline(2):
        assert not is_b2c("a" * 200 + "!", pattern)
        assert not is_b2c("x" * 200, pattern)


def test_a_stored_invalid_pattern_matches_nothing_instead_of_failing():
    assert not is_b2c("Mr John Smith", "(mr")


def test_a_refused_pattern_is_logged_once_not_per_name(caplog):
    pattern = r"(\w+)+ refused once$"  # its own: the check is kept per pattern
    with caplog.at_level(logging.WARNING, logger="xero_connector.xero.mapping_contacts"):
        for name in ("Mr A", "Mrs B", "Dr C"):
            assert not is_b2c(name, pattern)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert pattern in warnings[0].getMessage()
    assert "repeats a group that itself repeats" in warnings[0].getMessage()


def test_only_a_names_first_255_characters_are_matched():
    # an allowed pattern still costs (length of the name) squared: the cap bounds it
    with deadline(2):
        assert not is_b2c("a" * 20000, r".*.*x")
    assert not is_b2c("Mr" + "." * 300 + " family")  # the family is past Xero's 255
    assert is_b2c("Mr John Smith " + "." * 300)


def test_names_fold_like_xero_compares_them():
    assert fold("  Café  Ōtaki ") == fold("cafe otaki")


def test_contact_entity_is_registered_for_the_engine():
    contact = entities.get("contact")
    assert (contact.collection, contact.id_field, contact.odoo_model) == ("Contacts", "ContactID", "res.partner")
    assert contact.to_xero is to_xero and contact.from_xero is from_xero
    assert contact.readonly_fields == READONLY_FIELDS


def odoo_line(delay_type, nb_days, days_next_month="10", value="percent", value_amount=100.0):
    return {
        "value": value,
        "value_amount": value_amount,
        "delay_type": delay_type,
        "nb_days": nb_days,
        "days_next_month": days_next_month,
    }


@pytest.mark.parametrize(
    "terms",
    [
        {"type": "DAYSAFTERBILLDATE", "day": 0},
        {"type": "DAYSAFTERBILLDATE", "day": 30},
        {"type": "DAYSAFTERBILLMONTH", "day": 20},
        {"type": "OFFOLLOWINGMONTH", "day": 20},
    ],
)
def test_the_payment_terms_both_sides_hold_round_trip(terms):
    line = odoo_line_of_terms(terms)
    assert terms_of_odoo([dict({"days_next_month": "10"}, **line)]) == terms
    assert to_xero({"name": "X", "payment_terms": terms})["PaymentTerms"] == {
        "Sales": {"Day": terms["day"], "Type": terms["type"]}
    }
    assert terms_exchanged(terms)


def test_terms_one_side_cannot_hold_stay_on_their_side():
    # Odoo has no "day N of the invoice month"
    of_this_month = {"type": "OFCURRENTMONTH", "day": 25}
    assert odoo_line_of_terms(of_this_month) is None and not terms_exchanged(of_this_month)
    # Xero has no instalments, early discounts, fixed amounts or "after the end of next month"
    for lines, discount in (
        ([odoo_line("days_after", 0, value_amount=30.0), odoo_line("days_after", 30, value_amount=70.0)], False),
        ([odoo_line("days_after", 30)], True),
        ([odoo_line("days_after", 30, value="fixed", value_amount=50.0)], False),
        ([odoo_line("days_after_end_of_next_month", 0)], False),
        ([odoo_line("days_end_of_month_on_the", 10, days_next_month="5")], False),
    ):
        assert terms_of_odoo(lines, discount) == ODOO_ONLY_TERMS
    assert not terms_exchanged(ODOO_ONLY_TERMS)
    assert "PaymentTerms" not in to_xero({"name": "X", "payment_terms": ODOO_ONLY_TERMS})


def test_no_terms_in_xero_read_as_none():
    assert from_xero({"Name": "X"})["payment_terms"] is False
    assert (
        from_xero({"Name": "X", "PaymentTerms": {"Bills": {"Day": 15, "Type": "OFCURRENTMONTH"}}})["payment_terms"]
        is False
    )

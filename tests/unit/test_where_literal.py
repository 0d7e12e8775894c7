"""The literals of ``where`` filters: what Xero's filter language reads back whole."""

import pytest

from xero_connector.xero.accounting import where_literal


@pytest.mark.parametrize("name", ["Tools \\", "C:\\Share\\Tools", "\\\\server"])
def test_backslashes_stay_ordinary_characters(name):
    assert where_literal(name) == name


def test_double_quotes_are_left_out_as_xero_cannot_take_them():
    assert where_literal('Bat "Quote" Man') == "Bat Quote Man"
    assert where_literal('ends with \\"') == "ends with \\"

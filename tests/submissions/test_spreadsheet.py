"""Spreadsheet cells that a spreadsheet program could run as formulas are neutralised."""

import datetime

import pytest

from wagtail_integration.submissions.spreadsheet import FORMULA_PREFIXES, neutralise_cell


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","x")',
        "+49 261 000000",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_beginning_like_a_formula_gets_an_apostrophe_in_front(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Erika Beispiel", "a=b", " =1", "", "'=already quoted", "Lützel"]
)
def test_other_text_is_left_as_it_is(value):
    assert neutralise_cell(value) == value


@pytest.mark.parametrize(
    "value", [None, -5, 3.5, True, datetime.date(2026, 1, 1), datetime.datetime(2026, 1, 1)]
)
def test_values_that_are_not_text_are_left_as_they_are(value):
    assert neutralise_cell(value) is value


def test_the_prefixes_are_those_owasp_names():
    assert set(FORMULA_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}

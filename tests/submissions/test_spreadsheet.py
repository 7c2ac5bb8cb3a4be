"""Spreadsheet cells that a spreadsheet program could run as formulas are neutralised."""

import datetime

import pytest
from django.utils import timezone, translation

from wagtail_integration.spreadsheet import could_be_a_formula, readable_value
from wagtail_integration.submissions.spreadsheet import FORMULA_PREFIXES, neutralise_cell


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","x")',
        "=1+1",
        "+HYPERLINK(1)",
        "-2+3*A1",
        "+49 Lützel",
        "-cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "\t+49 261 000000",
    ],
)
def test_text_that_could_do_harm_as_a_formula_gets_an_apostrophe_in_front(value):
    assert could_be_a_formula(value)
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["+49 261 000000", "+49 (0)261 129-0", "0261/129-0", "-1", "-2+3", "+", "+1.5", "+49/261"],
)
def test_a_phone_number_or_a_number_is_left_as_it_is(value):
    assert not could_be_a_formula(value)
    assert neutralise_cell(value) == value


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


def test_readable_values_are_local_times_and_yes_or_no_in_the_active_language():
    moment = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)
    with translation.override("de"), timezone.override("Europe/Berlin"):
        assert readable_value(True) == "Ja"
        assert readable_value(False, "xlsx") == "Nein"
        assert readable_value(moment) == "05.01.2026 10:30"
        assert readable_value(moment, "xlsx") == datetime.datetime(2026, 1, 5, 10, 30)
        assert readable_value(datetime.date(2026, 1, 5)) == "05.01.2026"
        assert readable_value(datetime.date(2026, 1, 5), "xlsx") == datetime.date(2026, 1, 5)
        assert readable_value("+49 261") == "+49 261"

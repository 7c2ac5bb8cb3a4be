"""wagtail_integration/events/forms.py: the series editor refuses changes to dates the series
does not have, with the message on that change's date field."""

import pytest
from django.utils import translation

from tests.events.support import series_data
from wagtail_integration.events.models import EventSeriesPage

pytestmark = pytest.mark.django_db


def bound_form(event_index, data, instance=None):
    """The admin's page form of a series, bound to ``data`` as the add or edit view binds it."""
    form_class = EventSeriesPage.get_edit_handler().get_form_class()
    return form_class(
        data, instance=instance or EventSeriesPage(), parent_page=event_index, for_user=None
    )


def date_errors(form):
    return [form.errors.get("date", []) for form in form.formsets["overrides"].forms]


def test_an_override_on_a_day_the_rule_does_not_give_is_refused_on_its_date_field(event_index):
    data = series_data(
        [
            {"date": "2026-03-03", "action": "cancel"},  # the first Tuesday of March
            {"date": "2026-03-04", "note": "Vortrag"},  # a Wednesday
        ]
    )
    with translation.override("en"):
        form = bound_form(event_index, data)
        assert not form.is_valid()
        errors = date_errors(form)
    assert errors == [
        [],
        [
            "The series has no date on March 4, 2026. Choose a date the series takes place on, "
            "such as March 3, 2026, or change its rule."
        ],
    ]
    assert not form.errors  # the series' own fields are fine


def test_overrides_on_dates_of_the_series_pass(event_index):
    data = series_data(
        [
            {"date": "2026-01-06", "note": "Auftakt"},  # the first date itself
            {"date": "2026-11-03", "action": "move", "new_date": "2026-11-05"},  # winter time
            {"date": "2027-01-05", "action": "cancel"},
        ]
    )
    form = bound_form(event_index, data)
    assert form.is_valid(), (form.errors, date_errors(form))


@pytest.mark.parametrize(
    ("fields", "day", "nearest"),
    [
        ({}, "2025-12-02", "Jan. 6, 2026"),  # before the first date: suggest the first
        (
            {"recurrence": "RRULE:FREQ=MONTHLY;BYDAY=+1TU\nEXDATE:20260203T180000Z"},
            "2026-02-03",
            "Jan. 6, 2026",
        ),
        ({"recurrence": ""}, "2026-01-07", "Jan. 6, 2026"),  # a single event
    ],
)
def test_a_day_before_the_first_date_excluded_or_beside_a_single_event_is_refused(
    event_index, fields, day, nearest
):
    with translation.override("en"):
        form = bound_form(event_index, series_data([{"date": day}], **fields))
        assert not form.is_valid()
        (message,) = date_errors(form)[0]
    assert f"such as {nearest}," in message


def test_a_refused_date_without_a_date_of_the_series_in_a_year_around_it_says_so(event_index):
    data = series_data([{"date": "2040-03-04"}], recurrence="RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=+1TU")
    with translation.override("en"):
        form = bound_form(event_index, data)
        assert not form.is_valid()
        assert date_errors(form) == [
            [
                "The series has no date on March 4, 2040. Choose a date the series takes place "
                "on, or change its rule."
            ]
        ]


def test_two_changes_to_one_date_are_refused_on_the_second(event_index):
    data = series_data(
        [{"date": "2026-03-03", "note": "Vortrag"}, {"date": "2026-03-03", "action": "cancel"}]
    )
    with translation.override("en"):
        form = bound_form(event_index, data)
        assert not form.is_valid()
        errors = date_errors(form)
    assert errors[0] == []
    assert errors[1] == [
        "There is already a change to March 3, 2026 above. Make every change to one date in one "
        "entry."
    ]


def test_a_deleted_override_on_a_wrong_date_does_not_stop_the_series(event_index):
    data = series_data([{"date": "2026-03-04", "DELETE": "1"}])
    form = bound_form(event_index, data)
    assert form.is_valid(), date_errors(form)


def test_with_a_rule_the_model_refuses_only_the_rule_is_named(event_index):
    data = series_data([{"date": "2026-03-04"}], recurrence="RRULE:FREQ=HOURLY")
    with translation.override("en"):
        form = bound_form(event_index, data)
        assert not form.is_valid()
    assert "recurrence" in form.errors
    assert date_errors(form) == [[]]

"""Editing event series in the Wagtail admin: the recurrence widget and the overrides inline."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests import factories
from tests.events.support import series_data
from wagtail_integration.events.models import EventCategory, EventSeriesPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def test_the_add_form_of_a_series_offers_the_recurrence_widget(admin_client, event_index):
    url = f"/admin/pages/add/integration_events/eventseriespage/{event_index.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="recurrence"' in html
    assert 'name="overrides-TOTAL_FORMS"' in html


def test_an_editor_publishes_a_monthly_series_with_a_cancelled_evening(admin_client, event_index):
    url = f"/admin/pages/add/integration_events/eventseriespage/{event_index.pk}/"
    data = {
        "title": "Ehrenamtsstammtisch",
        "slug": "stammtisch",
        "summary": "Austausch für Ehrenamtliche.",
        "first_date": "2026-01-06",
        "start_time": "19:00",
        "end_time": "21:00",
        "time_zone": "Europe/Berlin",
        "recurrence": "RRULE:FREQ=MONTHLY;BYDAY=+1TU",
        "registration": "none",
        "overrides-TOTAL_FORMS": "1",
        "overrides-INITIAL_FORMS": "0",
        "overrides-MIN_NUM_FORMS": "0",
        "overrides-MAX_NUM_FORMS": "1000",
        "overrides-0-date": "2026-03-03",
        "overrides-0-action": "cancel",
        "overrides-0-note": "Ferien",
        "overrides-0-ORDER": "1",
        "overrides-0-id": "",
        "overrides-0-DELETE": "",
        "topic_links-TOTAL_FORMS": "0",
        "topic_links-INITIAL_FORMS": "0",
        "topic_links-MIN_NUM_FORMS": "0",
        "topic_links-MAX_NUM_FORMS": "1000",
        "spoken_languages-TOTAL_FORMS": "0",
        "spoken_languages-INITIAL_FORMS": "0",
        "spoken_languages-MIN_NUM_FORMS": "0",
        "spoken_languages-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    series = EventSeriesPage.objects.get(slug="stammtisch")
    assert series.live
    assert str(series.recurrence.rrules[0].to_text())
    assert series.overrides.get().action == "cancel"


def test_a_series_without_start_time_that_is_not_all_day_is_refused_naming_the_field(
    admin_client, event_index
):
    url = f"/admin/pages/add/integration_events/eventseriespage/{event_index.pk}/"
    response = admin_client.post(
        url,
        {
            "title": "Vortrag",
            "slug": "vortrag",
            "summary": "Ein Vortrag.",
            "first_date": "2026-05-12",
            "time_zone": "Europe/Berlin",
            "registration": "none",
            **{
                f"{name}-{key}": value
                for name in ("overrides", "topic_links", "spoken_languages")
                for key, value in {
                    "TOTAL_FORMS": "0",
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "0",
                    "MAX_NUM_FORMS": "1000",
                }.items()
            },
            "action-publish": "action-publish",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not EventSeriesPage.objects.filter(slug="vortrag").exists()
    assert "Enter a start time, or mark the event as all day." in response.content.decode()


def test_event_categories_are_managed_as_snippets(admin_client):
    EventCategory.objects.create(name="Stammtisch", slug="stammtisch")
    response = admin_client.get("/admin/snippets/integration_events/eventcategory/")
    assert response.status_code == 200
    assert "Stammtisch" in response.content.decode()


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("RRULE:FREQ=HOURLY", "Events can repeat every day at most often."),
        ("RRULE:FREQ=MINUTELY", "Events can repeat every day at most often."),
        ("RRULE:FREQ=WEEKLY;UNTIL=20251231T230000Z", "The repetition ends before the first date."),
        ("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "This rule gives no date in the ten years"),
    ],
)
def test_a_rule_that_cannot_be_meant_is_refused_naming_the_field(rule, message, event_index):

    from django.core.exceptions import ValidationError
    from django.utils import translation

    series = factories.series(
        title="Reihe", rule=rule, save=False, slug="reihe", summary="…", end_time=None
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            series.clean()
        assert list(error.value.message_dict) == ["recurrence"]
        assert message in error.value.message_dict["recurrence"][0]


# Changes to single dates: only on dates of the series (see also test_forms.py)


def test_changing_the_rule_away_from_an_override_is_refused_in_the_edit_view_in_german(
    admin_client, make_series
):
    series = make_series(overrides=[{"date": dt.date(2026, 3, 3), "action": "cancel"}])
    override = series.overrides.get()
    data = series_data(
        [{"date": "2026-03-03", "action": "cancel", "id": str(override.pk)}],
        slug=series.slug,
        recurrence="RRULE:FREQ=MONTHLY;BYDAY=+1WE",  # the first Wednesday instead
        first_date="2026-01-07",
    )
    data["overrides-INITIAL_FORMS"] = "1"
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{series.pk}/edit/", data, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("de"):
        expected = gettext(
            "The series has no date on %(date)s. Choose a date the series takes place on, "
            "such as %(nearest)s, or change its rule."
        ) % {"date": "3. März 2026", "nearest": "4. März 2026"}
    assert escape(expected) in html
    series.refresh_from_db()
    assert series.recurrence.rrules[0].byday[0].weekday == 1  # still Tuesday: nothing saved

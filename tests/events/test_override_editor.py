"""The changes to single dates in the series editor: dates picked from the series' own, the
fields of a move marked for its script, and each change's date named in the translation editor.
"""

import datetime as dt
import html
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from tests import factories
from tests.events.support import series_data
from wagtail_integration.events.models import OverrideAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, request):
    """A superuser's client; logged in after the clock is frozen when a test freezes it (the
    session would have ended before the frozen day otherwise)."""
    if "frozen_now" in request.fixturenames:
        request.getfixturevalue("frozen_now")
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def date_options(page_html, name):
    """The (value, label) options of the select ``name``, or None when it is no select."""
    found = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page_html, re.S)
    if found is None:
        return None
    return [
        (value, html.unescape(label))
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found[1])
    ]


def selected(page_html, name):
    found = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page_html, re.S)
    return re.findall(r'<option value="([^"]*)"[^>]*selected[^>]*>', found[1])


@pytest.fixture
def stammtisch(make_series):
    """First Tuesday of the month from January 2026; a note on a past date (2026) kept."""
    return make_series(
        overrides=[{"date": dt.date(2026, 3, 3), "action": OverrideAction.NOTE, "note": "Alt"}]
    )


def test_the_date_of_a_change_offers_the_coming_dates_of_the_series(editor, stammtisch, frozen_now):
    response = editor.get(f"/admin/pages/{stammtisch.pk}/edit/", HTTP_ACCEPT_LANGUAGE="de")
    page_html = response.content.decode()
    # The new change "Add" copies offers the dates from today (15 February 2027) on.
    new = date_options(page_html, "overrides-__prefix__-date")
    assert new[0] == ("", "---------")
    assert new[1:4] == [
        ("2027-03-02", "Dienstag, 2. März 2027"),
        ("2027-04-06", "Dienstag, 6. April 2027"),
        ("2027-05-04", "Dienstag, 4. Mai 2027"),
    ]
    assert len(new) == 1 + 24  # two years of first Tuesdays
    # The saved change keeps its past date, among the coming ones and chosen.
    saved = date_options(page_html, "overrides-0-date")
    assert saved[1] == ("2026-03-03", "Dienstag, 3. März 2026")
    assert saved[2:] == new[1:]
    assert selected(page_html, "overrides-0-date") == ["2026-03-03"]


def test_a_daily_series_offers_at_most_sixty_dates(editor, make_series, frozen_now):
    series = make_series(rule="RRULE:FREQ=DAILY")
    response = editor.get(f"/admin/pages/{series.pk}/edit/")
    options = date_options(response.content.decode(), "overrides-__prefix__-date")
    assert len(options) == 1 + 60
    assert options[1][0] == "2027-02-15"  # today is one of them


def test_a_new_series_has_a_plain_date_input_for_its_changes(editor, event_index):
    response = editor.get(f"/admin/pages/add/integration_events/eventseriespage/{event_index.pk}/")
    page_html = response.content.decode()
    assert date_options(page_html, "overrides-__prefix__-date") is None
    assert re.search(r'<input type="text" name="overrides-__prefix__-date"', page_html)


def test_after_a_refused_save_the_dates_follow_the_posted_rule_and_keep_the_posted_date(
    editor, event_index, frozen_now
):
    data = series_data(
        [{"date": "2027-03-02", "note": "Vortrag"}],  # a Tuesday, but the rule says Wednesday
        recurrence="RRULE:FREQ=WEEKLY;BYDAY=WE",
        first_date="2027-01-06",
    )
    response = editor.post(
        f"/admin/pages/add/integration_events/eventseriespage/{event_index.pk}/", data
    )
    assert response.status_code == 200  # refused, the form is shown again
    page_html = response.content.decode()
    options = date_options(page_html, "overrides-0-date")
    days = [dt.date.fromisoformat(value) for value, _label in options[1:]]
    assert dt.date(2027, 3, 2) in days  # what the editor posted stays chosen…
    assert selected(page_html, "overrides-0-date") == ["2027-03-02"]
    # …beside the Wednesdays of the posted rule, from today on.
    assert [d for d in days if d != dt.date(2027, 3, 2)][:2] == [
        dt.date(2027, 2, 17),
        dt.date(2027, 2, 24),
    ]
    assert {d.weekday() for d in days if d != dt.date(2027, 3, 2)} == {2}
    with translation.override("de"):
        refusal = gettext(
            "The series has no date on %(date)s. Choose a date the series takes place on, "
            "such as %(nearest)s, or change its rule."
        ) % {"date": "2. März 2027", "nearest": "3. März 2027"}
    assert escape(refusal) in page_html


def test_a_date_picked_from_the_list_is_saved(editor, stammtisch, frozen_now):
    override = stammtisch.overrides.get()
    data = series_data(
        [
            {"date": "2026-03-03", "note": "Alt", "id": str(override.pk)},
            {"date": "2027-04-06", "action": "cancel", "note": "Osterferien"},
        ],
        slug=stammtisch.slug,
    )
    data["overrides-INITIAL_FORMS"] = "1"
    data["action-publish"] = "action-publish"
    response = editor.post(f"/admin/pages/{stammtisch.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stammtisch.refresh_from_db()
    assert sorted((o.date, o.action) for o in stammtisch.overrides.all()) == [
        (dt.date(2026, 3, 3), "note"),
        (dt.date(2027, 4, 6), "cancel"),
    ]


def test_the_kind_of_a_change_controls_the_fields_of_a_move(editor, stammtisch):
    response = editor.get(f"/admin/pages/{stammtisch.pk}/edit/")
    page_html = response.content.decode()
    action = re.search(r'<select name="overrides-0-action"[^>]*>', page_html)[0]
    assert 'data-controller="wi-override-action"' in action
    assert 'data-action="change-&gt;wi-override-action#toggle"' in action
    assert "wagtail_integration/js/override-action.js" in page_html
    # The row of the new date and times and the new venue are what the script hides: two
    # marked panels in the saved change and two in the new one "Add" copies.
    assert len(re.findall(r"<div[^>]*data-wi-move-field[^>]*>", page_html)) == 4


def translation_editor_segments(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    props = re.search(
        r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode()
    )
    return json.loads(html.unescape(props[1]))["segments"]


def test_the_translation_editor_names_the_date_of_each_change_beside_its_note(editor, make_series):
    series = make_series(
        overrides=[
            {"date": dt.date(2026, 2, 3), "action": OverrideAction.NOTE, "note": "Vortrag: BAMF"},
            {"date": dt.date(2026, 3, 3), "action": OverrideAction.CANCEL, "note": "Ferien"},
        ]
    )
    factories.translate_page(series.get_parent(), "en", title="Events")
    TranslationCreator(editor.user, [factories.locale("en")]).create_translations(series)
    english = series.get_translation(factories.locale("en"))

    segments = translation_editor_segments(editor, english)

    keys = {str(o.translation_key): o.date for o in series.overrides.all()}
    by_change = {}
    for segment in segments:
        if segment["location"]["blockId"] in keys:
            by_change.setdefault(segment["location"]["blockId"], []).append(segment)
    assert len(by_change) == 2
    for key, block in by_change.items():
        # One block per change: its date first, shown as the source has it (not editable),
        # then its note to translate.
        date, note = sorted(block, key=lambda s: s["order"])
        assert date["type"] == "synchronised_value"
        assert date["value"] == keys[key].isoformat()
        assert date["location"]["subField"] == "Datum"  # the admin speaks German
        assert date["location"]["widget"] == {"type": "unknown"}
        assert note["type"] == "string"
        assert note["location"]["field"] == date["location"]["field"]
    notes = {
        b[0]["value"]: next(s["source"] for s in b if s["type"] == "string")
        for b in by_change.values()
    }
    assert notes == {"2026-02-03": "Vortrag: BAMF", "2026-03-03": "Ferien"}


def test_a_translation_keeps_the_source_dates_of_its_changes(editor, make_series):
    series = make_series(overrides=[{"date": dt.date(2026, 2, 3), "note": "Vortrag"}])
    factories.translate_page(series.get_parent(), "en", title="Events")
    TranslationCreator(editor.user, [factories.locale("en")]).create_translations(series)
    translation = Translation.objects.get(source__object_id=series.translation_key)

    override = series.overrides.get()
    override.date = dt.date(2026, 4, 7)
    override.save()
    series.save_revision().publish()
    translation.source.update_from_db()
    translation.save_target(publish=True)

    english = series.get_translation(factories.locale("en"))
    assert [(o.date, o.translation_key) for o in english.overrides.all()] == [
        (dt.date(2026, 4, 7), override.translation_key)
    ]

"""The changes to single dates of a series in the German page editor, in a real browser: dates
picked from the series' own, and the fields of a move shown only for a move."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from tests import factories
from wagtail_integration.events.models import EventSeriesPage

PASSWORD = "pw"


@pytest.fixture
def german_editor():
    user = get_user_model().objects.create_superuser("editor", "e@example.org", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "de"
    profile.save()
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the live server's thread only sees committed data
def test_an_editor_picks_dates_and_sees_the_fields_of_a_move_only_for_a_move(
    live_server, browser_page, german_editor
):
    factories.ensure_default_site()
    index = factories.event_index(slug="veranstaltungen")
    # Monthly on the first Tuesday, from a date in the past: the list starts today.
    series = factories.series(index, first_date=dt.date(2026, 1, 6))
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{series.pk}/edit/")

    # Two changes: the first moved, the second cancelled.
    add = page.locator("#id_overrides-ADD")
    add.scroll_into_view_if_needed()
    add.click()
    add.click()
    first, second = page.locator("#id_overrides-0-date"), page.locator("#id_overrides-1-date")
    expect(first).to_have_count(1)
    options = first.locator("option")
    values = [v for v in options.evaluate_all("os => os.map(o => o.value)") if v]
    days = [dt.date.fromisoformat(v) for v in values]
    today = dt.date.today()
    assert days and days[0] >= today - dt.timedelta(days=1)  # the list starts today…
    assert all(d.weekday() == 1 and d.day <= 7 for d in days)  # …with first Tuesdays only
    # The labels name the weekday in German.
    assert options.nth(1).inner_text().startswith("Dienstag, ")

    move_row = page.locator("#inline_child_overrides-0 [data-wi-move-field]")
    new_date = page.locator("#id_overrides-0-new_date")
    expect(new_date).to_be_hidden()  # a new change adds a note: no fields of a move
    first.select_option(values[0])
    page.locator("#id_overrides-0-action").select_option("move")
    expect(new_date).to_be_visible()
    expect(move_row).to_have_count(2)
    moved_to = days[0] + dt.timedelta(days=2)
    new_date.fill(moved_to.isoformat())
    page.locator("#id_overrides-0-new_start_time").fill("18:00")
    # Away from "move" and back: hidden while not a move, the entry kept.
    page.locator("#id_overrides-0-action").select_option("note")
    expect(new_date).to_be_hidden()
    page.locator("#id_overrides-0-action").select_option("move")
    expect(new_date).to_have_value(moved_to.isoformat())
    page.keyboard.press("Escape")  # close the date picker the new date opened

    second.select_option(values[1])
    page.locator("#id_overrides-1-action").select_option("cancel")
    expect(page.locator("#id_overrides-1-new_date")).to_be_hidden()
    page.locator("#id_overrides-1-note").fill("Ferien")

    # Publish ("Publish" hides in the dropdown of "Save draft"; submit with it directly).
    page.locator("#page-edit-form").evaluate(
        "form => form.requestSubmit(form.querySelector('button[name=action-publish]'))"
    )
    page.wait_for_url(f"{live_server.url}/admin/pages/{index.pk}/")
    assert errors == []
    series = EventSeriesPage.objects.get(pk=series.pk)
    saved = sorted(
        (o.date, o.action, o.new_date, o.new_start_time, o.note) for o in series.overrides.all()
    )
    assert saved == [
        (days[0], "move", moved_to, dt.time(18, 0), ""),
        (days[1], "cancel", None, None, "Ferien"),
    ]

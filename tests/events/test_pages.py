"""The public event pages: wagtail_integration/events/pages.py, the get_context of
EventIndexPage and EventSeriesPage, their templates and the schema.org events of schema_org.py.

Time is frozen at NOW (mid-February 2027), so that "upcoming" is the same on every run; the
occurrences are materialised for 2027 explicitly.
"""

import datetime as dt
import json
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests import factories
from tests.events.support import SCRIPT, STAMMTISCH_OVERRIDES, shown, translate
from wagtail_integration.directory.models import Venue
from wagtail_integration.events.models import (
    EventIndexPage,
    EventSeriesPage,
    OverrideAction,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def german(message):
    """The interface text as the German page shows it (English until the catalog has it)."""
    with translation.override("de"):
        return translation.gettext(message)


def error_list(html):
    """The messages of the filter form about values it could not use."""
    found = re.search(r'<ul class="wi-filters__errors">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


# -- test data -------------------------------------------------------------------------------


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main(html):
    """The page's <main> element, without the JSON-LD script."""
    body = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return JSON_LD.sub("", body)


def json_ld(html):
    """The JSON-LD of a page: one script holding a list of events."""
    (text,) = JSON_LD.findall(html)
    return json.loads(text)


def month_sections(html):
    """The month headings of the upcoming list with the start datetimes shown under each."""
    sections = re.findall(
        r'<h2 class="wi-events__month-heading"[^>]*>(.*?)</h2>(.*?)</section>', html, re.S
    )
    return {
        heading: re.findall(r'<p class="wi-event__when">.*?<time datetime="([^"]+)">([^<]+)<', body)
        for heading, body in sections
    }


# -- the index: upcoming dates by month ------------------------------------------------------


def test_the_index_groups_dates_by_month_at_19_00_on_both_sides_of_the_summer_time_change(
    client, event_index, stammtisch
):
    months = month_sections(get_html(client, event_index.url))
    # Today is 15 February: the next three months (February to April) hold two Tuesdays.
    assert list(months) == ["März 2027", "April 2027"]
    ((march_iso, march_text),) = months["März 2027"]
    ((april_iso, april_text),) = months["April 2027"]
    assert march_iso == "2027-03-02T19:00:00+01:00"  # winter time
    assert april_iso == "2027-04-06T19:00:00+02:00"  # summer time since 28 March
    assert march_text == shown("Dienstag", "2. März", "19:00")
    assert april_text == shown("Dienstag", "6. April", "19:00")


def test_a_cancelled_date_is_struck_through_and_says_so_in_words(client, event_index, stammtisch):
    html = main(get_html(client, event_index.url))
    (cancelled,) = re.findall(
        r'<article class="wi-event wi-event--cancelled".*?</article>', html, re.S
    )
    assert f'<strong class="wi-event__status">{german("Cancelled:")}</strong> <s><time' in cancelled
    assert 'datetime="2027-04-06T19:00:00+02:00"' in cancelled
    assert "Osterferien" in cancelled  # why it was cancelled


def test_a_moved_date_shows_its_new_time_and_its_old_one_struck_through(
    client, event_index, stammtisch
):
    html = main(get_html(client, event_index.url + "?from=2027-05-01"))
    (moved,) = re.findall(r'<article class="wi-event wi-event--moved".*?</article>', html, re.S)
    assert german("Moved to:") in moved
    new = shown("Donnerstag", "6. Mai", "18:00")
    old = shown("Dienstag", "4. Mai", "19:00")
    assert f'<time datetime="2027-05-06T18:00:00+02:00">{new}</time>' in moved
    assert f'<s><time datetime="2027-05-04T19:00:00+02:00">{old}</time></s>' in moved


def test_the_evening_note_is_shown_with_its_date(client, event_index, stammtisch):
    html = main(get_html(client, event_index.url))
    (march,) = re.findall(r'<article class="wi-event wi-event--scheduled".*?</article>', html, re.S)
    assert '<p class="wi-event__note">Vortrag: Anerkennung</p>' in march


def test_the_list_goes_on_with_later_dates_and_back(client, event_index, stammtisch):
    first = main(get_html(client, event_index.url))
    assert 'rel="next" href="?from=2027-05-01"' in first
    assert 'rel="prev"' not in first
    later = main(get_html(client, event_index.url + "?from=2027-05-01"))
    assert list(month_sections(later)) == ["Mai 2027", "Juni 2027", "Juli 2027"]
    assert 'rel="next" href="?from=2027-08-01"' in later
    # Three months back from May is February, which has begun: back to the list from today.
    assert f'rel="prev" href="{event_index.url}?"' in later


def test_a_page_of_the_list_ends_at_a_whole_day(client, monkeypatch, event_index, series_factory):
    monkeypatch.setattr(EventIndexPage, "max_items", 2)
    series_factory("Dienstagsreihe")  # 2 March
    for title in ("Mittwochsreihe A", "Mittwochsreihe B"):  # both 3 March
        series_factory(title, rule="RRULE:FREQ=MONTHLY;BYDAY=+1WE", first_date=dt.date(2027, 1, 6))
    first = main(get_html(client, event_index.url))
    assert titles(first) == ["Dienstagsreihe"]
    assert 'rel="next" href="?from=2027-03-03"' in first
    second = main(get_html(client, event_index.url + "?from=2027-03-03"))
    assert titles(second) == ["Mittwochsreihe A", "Mittwochsreihe B"]


def test_a_date_in_the_past_or_not_a_date_in_from_is_named_and_the_next_dates_shown(
    client, event_index, stammtisch
):
    html = main(get_html(client, event_index.url + "?from=2026-01-01"))
    assert "2026-01-01" in error_list(html)[0]
    assert list(month_sections(html)) == ["März 2027", "April 2027"]
    other = main(get_html(client, event_index.url + "?from=kein-datum"))
    assert "kein-datum" in error_list(other)[0]


# -- the index: month view ---------------------------------------------------------------------


def test_the_month_view_is_a_table_with_caption_column_headers_and_linked_dates(
    client, event_index, stammtisch
):
    html = main(get_html(client, event_index.url + "?month=2027-03"))
    (table,) = re.findall(r'<table class="wi-month__table".*?</table>', html, re.S)
    assert re.search(r"<caption[^>]*>\s*<h2[^>]*>März 2027</h2>\s*</caption>", table)
    assert table.count('<th scope="col"') == 7
    assert re.search(r'<th scope="col"[^>]*><abbr title="Montag">Mo</abbr></th>', table)
    # March 2027 starts on a Monday: five weeks, Monday first in German.
    assert table.count('<tr class="wi-month__week"') == 5
    (day,) = re.findall(r"<td[^>]*wi-month__day--busy.*?</td>", table, re.S)
    assert f'<time datetime="2027-03-02">{shown("Dienstag", "2. März")}</time>' in day
    assert re.search(
        rf'<a href="{stammtisch.url}#wi-date-20270302T1800Z">'
        r'<time datetime="2027-03-02T19:00:00\+01:00">19:00</time> '
        r'<span class="wi-month__title">Ehrenamtsstammtisch</span></a>',
        day,
    )
    assert "Vortrag: Anerkennung" in day


def test_the_month_view_links_to_the_months_before_and_after(client, event_index, stammtisch):
    html = main(get_html(client, event_index.url + "?month=2027-04&topic=ehrenamt"))
    assert 'rel="prev" href="?month=2027-03&amp;topic=ehrenamt"' in html
    assert 'rel="next" href="?month=2027-05&amp;topic=ehrenamt"' in html
    (day,) = re.findall(r"<td[^>]*wi-month__day--busy.*?</td>", html, re.S)
    assert f'<strong class="wi-month__status">{german("Cancelled:")}</strong> <s>' in day


def test_a_moved_date_sits_on_its_new_day_in_the_month_view(client, event_index, stammtisch):
    html = main(get_html(client, event_index.url + "?month=2027-05"))
    (day,) = re.findall(r"<td[^>]*wi-month__day--busy.*?</td>", html, re.S)
    assert '<time datetime="2027-05-06">' in day
    old = shown(date="4. Mai", time="19:00")
    assert f'<s><time datetime="2027-05-04T19:00:00+02:00">{old}</time></s>' in day


def test_a_month_without_known_dates_is_named_and_the_list_shown(client, event_index, stammtisch):
    html = main(get_html(client, event_index.url + "?month=2031-01"))
    assert "2031-01" in error_list(html)[0]
    assert "wi-month__table" not in html
    assert "März 2027" in html


def test_the_month_view_marks_today(client, event_index, stammtisch):
    html = main(get_html(client, event_index.url + "?month=2027-02"))
    (today,) = re.findall(r'<td[^>]*aria-current="date".*?</td>', html, re.S)
    assert '<time datetime="2027-02-15">' in today


# -- the index: filters ------------------------------------------------------------------------


@pytest.fixture
def two_series(things, series_factory):
    language_cafe = factories.topic(slug="sprache", name="Sprache")
    stammtisch = series_factory(languages=["de", "ar"])
    training = series_factory(
        "Schulung für Neue",
        rule="RRULE:FREQ=MONTHLY;BYDAY=+2WE",
        first_date=dt.date(2027, 1, 13),
        category=things["training"],
        languages=["de", "uk"],
        topics=[language_cafe],
    )
    return stammtisch, training


def titles(html):
    return re.findall(r'<h3 class="wi-event__title"><a [^>]*>([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Ehrenamtsstammtisch", "Schulung für Neue"}),
        ("?category=schulung", {"Schulung für Neue"}),
        ("?topic=ehrenamt", {"Ehrenamtsstammtisch"}),
        ("?language=uk", {"Schulung für Neue"}),
        ("?language=ar&category=stammtisch", {"Ehrenamtsstammtisch"}),
        ("?language=ar&category=schulung", set()),
    ],
)
def test_filters_narrow_the_list(client, event_index, two_series, query, expected):
    assert set(titles(main(get_html(client, event_index.url + query)))) == expected


def test_the_filter_form_is_labelled_and_offers_what_the_series_use(
    client, event_index, two_series
):
    html = main(get_html(client, event_index.url + "?category=schulung"))
    (form,) = re.findall(r'<form class="wi-filters".*?</form>', html, re.S)
    for name in ("category", "topic", "language"):
        assert f'<label for="wi-filter-{name}">' in form
        assert f'<select id="wi-filter-{name}" name="{name}">' in form
    assert '<option value="schulung" selected>Schulung</option>' in form
    assert re.findall(r'<option value="(\w+)" lang=', form) == ["de", "ar", "uk"]
    assert set(re.findall(r'<option value="([\w-]+)"[^>]*>[^<]+</option>', form)) >= {
        "stammtisch",
        "ehrenamt",
        "sprache",
    }


def test_an_unknown_filter_value_is_named_and_left_out(client, event_index, two_series):
    html = main(get_html(client, event_index.url + "?category=konzert"))
    assert "konzert" in error_list(html)[0]
    assert set(titles(html)) == {"Ehrenamtsstammtisch", "Schulung für Neue"}


def test_the_filters_apply_to_the_month_view_and_keep_the_month(client, event_index, two_series):
    html = main(get_html(client, event_index.url + "?month=2027-03&category=schulung"))
    assert '<input type="hidden" name="month" value="2027-03">' in html
    assert re.findall(r'<span class="wi-month__title">([^<]+)</span>', html) == [
        "Schulung für Neue"
    ]


# -- the series page ---------------------------------------------------------------------------


def test_the_series_page_lists_its_next_six_dates_with_changes_and_notes(client, stammtisch):
    html = main(get_html(client, stammtisch.url))
    dates = re.findall(r'<p class="wi-event__when">.*?<time datetime="([^"]+)"', html)
    assert dates == [
        "2027-03-02T19:00:00+01:00",
        "2027-04-06T19:00:00+02:00",
        "2027-05-06T18:00:00+02:00",
        "2027-06-01T19:00:00+02:00",
        "2027-07-06T19:00:00+02:00",
        "2027-08-03T19:00:00+02:00",
    ]
    assert '<p class="wi-event__note">Vortrag: Anerkennung</p>' in html
    assert "wi-event--cancelled" in html and "wi-event--moved" in html
    march = shown("Dienstag", "2. März 2027", "19:00")
    assert f'<time datetime="2027-03-02T19:00:00+01:00">{march}</time>' in html


def test_each_date_has_an_anchor_the_month_view_links_to(client, event_index, stammtisch):
    series_html = main(get_html(client, stammtisch.url))
    assert 'id="wi-date-20270302T1800Z"' in series_html  # 19:00 in Berlin, winter time
    month_html = main(get_html(client, event_index.url + "?month=2027-03"))
    assert f'href="{stammtisch.url}#wi-date-20270302T1800Z"' in month_html


def test_a_preview_shows_the_dates_of_the_draft_before_it_is_published(stammtisch):
    draft = EventSeriesPage.objects.get(pk=stammtisch.pk)
    draft.start_time = dt.time(18, 30)
    html = main(draft.make_preview_request().content.decode())
    assert '<time datetime="2027-03-02T18:30:00+01:00">' in html
    assert '<p class="wi-event__note">Vortrag: Anerkennung</p>' in html
    assert "wi-event--cancelled" in html


def test_the_series_page_says_when_where_in_which_languages_and_how_to_register(client, stammtisch):
    html = main(get_html(client, stammtisch.url))
    with translation.override("de"):
        from wagtail_integration.events.describe import describe_schedule

        schedule = describe_schedule(stammtisch)
    assert f'<p class="wi-event-series__schedule">{schedule}</p>' in html
    assert (
        "Haus der Begegnung" in html
        and "<bdi>Görgenstraße 17</bdi><br><bdi>56068 Koblenz</bdi>" in html
    )
    assert "Stufenloser Eingang, Aufzug" in html  # the venue's accessibility
    assert "Unterstützungsbedarf" in html  # the series' own
    assert "Bus 1 bis Görgenstraße" in html
    assert 'href="https://meet.example.org/stammtisch"' in html
    assert '<span lang="ar" dir="rtl">العربية</span>' in html
    assert 'href="mailto:ikoko@example.org?subject=Ehrenamtsstammtisch"' in html
    assert '<h3 class="wi-card__name">Ehrenamtskoordination IKOKO</h3>' in html


def test_registration_by_link_is_a_link_and_never_a_javascript_url(client, series_factory):
    online = series_factory(
        "Schulung", registration="link", registration_url="https://anmeldung.example.org/"
    )
    assert 'href="https://anmeldung.example.org/"' in main(get_html(client, online.url))
    # Model validation refuses such links; one that got into the database is still no link.
    EventSeriesPage.objects.filter(pk=online.pk).update(
        registration_url="javascript:alert(1)", online_url="javascript:alert(2)"
    )
    assert "javascript:" not in main(get_html(client, online.url))


def test_both_pages_offer_to_subscribe_and_to_download_the_feed(client, event_index, stammtisch):
    for page in (event_index, stammtisch):
        html = main(get_html(client, page.url))
        assert f'href="webcal://testserver{page.url}ical/"' in html
        assert f'href="{page.url}ical/" download type="text/calendar"' in html
        assert client.get(f"{page.url}ical/")["Content-Type"].startswith("text/calendar")


def test_a_past_single_event_has_no_dates_to_come(client, series_factory):
    talk = series_factory("Vortrag", rule="", first_date=dt.date(2027, 1, 20))
    html = main(get_html(client, talk.url))
    assert "wi-event__when" not in html
    assert JSON_LD.search(get_html(client, talk.url)) is None


def test_times_are_shown_in_the_series_time_zone(client, event_index, series_factory):
    istanbul = series_factory(
        "Stammtisch Istanbul", time_zone="Europe/Istanbul", first_date=dt.date(2027, 3, 2)
    )
    html = main(get_html(client, istanbul.url))
    march = shown("Dienstag", "2. März 2027", "19:00")
    assert f'<time datetime="2027-03-02T19:00:00+03:00">{march}</time>' in html


# -- languages ---------------------------------------------------------------------------------


def test_the_english_index_shows_translated_series_and_notes_and_the_rest_in_german(
    client, english
):
    html = main(get_html(client, english["index"].url))
    assert f'<a href="{english["series"].url}">Volunteers&#x27; get-together</a>' in html
    assert "Talk: recognition of qualifications" in html
    assert "Vortrag" not in html
    # The untranslated series is shown in German, marked as German for screen readers and in
    # words, and its link says where it leads.
    assert (
        f'<a href="{english["training"].url}" hreflang="de" lang="de" dir="ltr">'
        "Schulung für Neue</a>"
    ) in html
    assert html.count('<p class="wi-teaser__fallback">In German</p>') == 2  # March and April
    # English formats: "March 2, 7 p.m."
    assert '<h2 class="wi-events__month-heading" id="wi-month-2027-03">March 2027</h2>' in html
    march = shown("Tuesday", "March 2", "7 p.m.", language="en")
    assert f'<time datetime="2027-03-02T19:00:00+01:00">{march}</time>' in html


def test_a_note_not_yet_translated_is_shown_in_german_and_marked_so(client, english):
    stammtisch_en = english["series"]
    for override in stammtisch_en.overrides.all():
        override.note = ""
        override.save()
    html = main(get_html(client, english["index"].url))
    assert '<p class="wi-event__note" lang="de" dir="ltr">Vortrag: Anerkennung</p>' in html


def test_the_english_series_page_shows_the_english_note(client, english):
    html = main(get_html(client, english["series"].url))
    assert "Talk: recognition of qualifications" in html
    assert "Vortrag" not in html
    (data,) = [e for e in json_ld(get_html(client, english["series"].url)) if "Talk" in e["name"]]
    assert data["inLanguage"] == "en"


def test_an_arabic_series_page_is_right_to_left_in_arabic_formats(client, stammtisch):
    arabic = translate(stammtisch, "ar", title="لقاء المتطوعين")
    html = get_html(client, arabic.url)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<main id="main" lang="ar" dir="rtl">' in html
    assert "الثلاثاء" in main(html)  # Tuesday


# -- escaping and structured data --------------------------------------------------------------


def test_script_in_titles_notes_and_venues_is_escaped_in_page_and_structured_data(
    client, event_index, things, series_factory
):
    things["venue"].name = f"Saal {SCRIPT}"
    things["venue"].save()
    series = series_factory(
        f"Abend {SCRIPT}",
        summary=f"Kurz {SCRIPT}",
        overrides=[
            {"date": dt.date(2027, 3, 2), "action": OverrideAction.NOTE, "note": f"Thema {SCRIPT}"}
        ],
    )
    for url in (event_index.url, event_index.url + "?month=2027-03", series.url):
        html = get_html(client, url)
        assert SCRIPT not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        events = json_ld(html)
        assert events[0]["name"] == f"Abend {SCRIPT}: Thema {SCRIPT}"
        assert events[0]["location"]["name"] == f"Saal {SCRIPT}"


def test_every_upcoming_date_is_a_schema_org_event_with_its_status(client, stammtisch):
    events = json_ld(get_html(client, stammtisch.url))
    assert [e["@type"] for e in events] == ["Event"] * 6
    march, april, may = events[:3]
    assert march["eventStatus"] == "https://schema.org/EventScheduled"
    assert march["startDate"] == "2027-03-02T19:00:00+01:00"
    assert march["endDate"] == "2027-03-02T21:00:00+01:00"
    assert march["name"] == "Ehrenamtsstammtisch: Vortrag: Anerkennung"
    assert april["eventStatus"] == "https://schema.org/EventCancelled"
    assert may["eventStatus"] == "https://schema.org/EventRescheduled"
    assert may["startDate"] == "2027-05-06T18:00:00+02:00"
    assert may["previousStartDate"] == "2027-05-04T19:00:00+02:00"
    place, online = march["location"]
    assert place == {
        "@type": "Place",
        "name": "Haus der Begegnung",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Görgenstraße 17",
            "postalCode": "56068",
            "addressLocality": "Koblenz",
        },
    }
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example.org/stammtisch"}
    assert march["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert march["organizer"]["@type"] == "GovernmentOrganization"
    assert march["organizer"]["name"] == "Ehrenamtskoordination IKOKO"
    assert march["url"].endswith(stammtisch.url)


def test_an_online_event_has_a_virtual_location_and_a_sample_organiser_is_left_out(
    client, things, series_factory
):
    things["organiser"].is_sample = True
    things["organiser"].save()
    online = series_factory(
        "Online-Sprechstunde", venue=None, online_url="https://meet.example.org/"
    )
    (event, *_rest) = json_ld(get_html(client, online.url))
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/"}
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert "organizer" not in event


def test_the_index_has_an_event_for_each_date_it_shows(client, event_index, stammtisch):
    events = json_ld(get_html(client, event_index.url))
    assert [e["eventStatus"].rsplit("/", 1)[1] for e in events] == [
        "EventScheduled",
        "EventCancelled",
    ]


# -- queries -----------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_index_takes_as_many_queries_for_30_series_as_for_3(
    client, event_index, series_factory, things, language
):
    """Every series with a venue, a note, a cancelled date and a moved one to a new venue."""
    other_venue = Venue.objects.create(name="Bürgerzentrum", locale=factories.locale("de"))
    index = translate(event_index, "en", title="Events") if language == "en" else event_index
    march = dt.date(2027, 3, 2)
    overrides = [
        {"date": march, "action": OverrideAction.NOTE, "note": "Vortrag"},
        {
            "date": dt.date(2027, 4, 6),
            "action": OverrideAction.MOVE,
            "new_date": dt.date(2027, 4, 8),
            "new_venue": other_venue,
        },
    ]

    def add(count, start):
        for number in range(start, start + count):
            series = series_factory(f"Reihe {number}", overrides=overrides)
            if language == "en" and number % 2 == 0:
                translate(series, "en", title=f"Series {number}", notes={march: "Talk"})

    add(3, 0)
    urls = [index.url, index.url + "?month=2027-03", index.url + "?category=stammtisch"]
    for url in urls:
        count_queries(client, url)  # warm the caches that are per process, not per page
    small = [count_queries(client, url) for url in urls]
    add(27, 3)
    large = [count_queries(client, url) for url in urls]
    html = get_html(client, index.url)
    assert html.count('<article class="wi-event ') == 60
    print(f"event index queries ({language}): 3 series {small}, 30 series {large}")
    assert large == small


def test_the_series_page_takes_a_fixed_number_of_queries(client, series_factory):
    few = series_factory("Wenig", overrides=STAMMTISCH_OVERRIDES[:1])
    many = series_factory("Viel", overrides=STAMMTISCH_OVERRIDES, rule="RRULE:FREQ=WEEKLY;BYDAY=TU")
    count_queries(client, few.url)
    assert count_queries(client, few.url) == count_queries(client, many.url)

"""wagtail_integration/embed/views.py: the iframe versions of the widgets at
``/integration/embed/<widget>/``: in the language asked for, German fallback marked, framed only
by the configured origins, bad input answered inside the widget.

The clock stands at mid-February 2027 (tests.events.support.NOW).
"""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.events.support import BOUNDS, NOW, SCRIPT

pytestmark = pytest.mark.django_db

PORTAL = "https://portal.example.org"
WIDGETS = ["events", "next-stammtisch", "topic", "organisations", "honours"]


def url(widget, **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("wagtail_integration_embed:widget", args=[widget]) + (
        f"?{query}" if query else ""
    )


def in_language(language, message):
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


#: Per widget: its parameters, and what its German page shows.
SHOWS = {
    "events": ({}, "Ehrenamtsstammtisch"),
    "next-stammtisch": ({}, "Vortrag: Anerkennung"),
    "topic": ({"topic": "ehrenamt"}, "So helfen Sie mit."),
    "organisations": ({}, "Sprachcafé Koblenz"),
    "honours": ({}, "Verein Brücke"),
}


@pytest.mark.parametrize("widget", WIDGETS)
def test_each_widget_renders_in_german(client, content, widget):
    params, text = SHOWS[widget]
    response = client.get(url(widget, locale="de", **params))
    html = response.content.decode()
    assert response.status_code == 200, html
    assert '<html lang="de" dir="ltr"' in html
    assert text in html
    assert '<base target="_top">' in html
    assert "wagtail_integration/css/integration.css" in html
    assert "integration-embed:resize" in html and "ResizeObserver" in html


@pytest.mark.parametrize("widget", WIDGETS)
def test_each_widget_renders_in_arabic_right_to_left(client, content, widget):
    params, _text = SHOWS[widget]
    response = client.get(url(widget, locale="ar", **params))
    html = response.content.decode()
    assert response.status_code == 200, html
    assert '<html lang="ar" dir="rtl" data-widget="' in html
    assert SCRIPT not in html


def test_the_events_widget_shows_the_arabic_series_and_marks_the_german_one(client, content):
    html = client.get(url("events", locale="ar", limit=10)).content.decode()
    assert "لقاء المتطوعين" in html
    # The training has no Arabic version: German, said so in Arabic, its link hreflang="de".
    assert re.search(r'hreflang="de" lang="de" dir="ltr">Schulung für Neue</a>', html)
    assert in_language("ar", "In German") in html
    assert f'href="{content["stammtisch_ar"].url}"' in html


def test_the_events_widget_filters_by_category_topic_and_series(client, content):
    by_category = client.get(url("events", category="schulung", limit=10)).content.decode()
    assert "Schulung für Neue" in by_category and "Ehrenamtsstammtisch" not in by_category
    by_topic = client.get(url("events", topic="ehrenamt", limit=10)).content.decode()
    assert "Ehrenamtsstammtisch" in by_topic and "Schulung für Neue" not in by_topic
    # Any language version's id names the series.
    series = content["stammtisch_ar"].pk
    by_series = client.get(url("events", series=series, locale="de", limit=10)).content.decode()
    assert "Ehrenamtsstammtisch" in by_series and "Schulung für Neue" not in by_series


def test_the_events_widget_keeps_to_limit_and_days(client, content):
    html = client.get(url("events", limit=3)).content.decode()
    assert html.count('<article class="wi-event') == 3
    # 15 February + 20 days: the training on 10 March is out, the Stammtisch on 2 March in.
    html = client.get(url("events", days=20, limit=50)).content.decode()
    assert html.count('<article class="wi-event') == 1
    assert "Ehrenamtsstammtisch" in html


def test_the_next_stammtisch_widget_shows_the_next_evening_with_its_note(client, content):
    html = client.get(url("next-stammtisch", locale="de")).content.decode()
    assert html.count('<article class="wi-event') == 1
    assert '<p class="wi-event__note">Vortrag: Anerkennung</p>' in html
    training = client.get(url("next-stammtisch", series=content["training"].pk)).content.decode()
    assert "Schulung für Neue" in training and "Ehrenamtsstammtisch" not in training


def test_the_next_stammtisch_widget_without_any_says_no_dates_are_planned(client, db):
    html = client.get(url("next-stammtisch", locale="de")).content.decode()
    assert in_language("de", "No dates are planned at the moment.") in html


def test_the_topic_widget_takes_an_id_or_a_slug_and_marks_a_german_guide(client, content):
    guide = content["guide"]
    by_id = client.get(url("topic", topic=guide.pk, locale="de")).content.decode()
    by_slug = client.get(url("topic", topic=guide.slug, locale="de")).content.decode()
    for html in (by_id, by_slug):
        assert "Ehrenamt in Koblenz" in html and "Mitmachen" in html
        assert "Migrationsberatung Koblenz" in html  # the contact card
    arabic = client.get(url("topic", topic=guide.pk, locale="ar")).content.decode()
    assert in_language("ar", "In German") in arabic
    assert '<article class="wi-guide" lang="de" dir="ltr">' in arabic
    assert 'hreflang="de">Ehrenamt in Koblenz</a>' in arabic


def test_the_organisations_widget_filters_and_marks_the_german_ones(client, content):
    html = client.get(url("organisations", locale="ar")).content.decode()
    assert "استشارة الهجرة" in html
    assert '<h2 class="wi-card__name" lang="de" dir="ltr">Sprachcafé Koblenz</h2>' in html
    assert html.count(in_language("ar", "In German")) == 1
    by_kind = client.get(url("organisations", kind="association")).content.decode()
    assert "Sprachcafé Koblenz" in by_kind and "Migrationsberatung" not in by_kind
    by_topic = client.get(url("organisations", topic="ehrenamt")).content.decode()
    assert "Migrationsberatung Koblenz" in by_topic and "Sprachcafé" not in by_topic
    by_language = client.get(url("organisations", language="uk")).content.decode()
    assert "wi-card__name" not in by_language


def test_the_honours_widget_filters_by_year_and_marks_the_german_ones(client, content):
    html = client.get(url("honours", locale="ar")).content.decode()
    assert "إيريكا بايشبيل" in html
    assert re.search(r'hreflang="de" lang="de" dir="ltr">Verein Brücke</a>', html)
    assert html.index("2024") < html.index("2023")
    year = client.get(url("honours", year=2023)).content.decode()
    assert "Verein Brücke" in year and "Erika Beispiel" not in year


def test_the_lists_leave_out_what_has_no_translation_when_the_site_hides_it(
    client, settings, content
):
    settings.WAGTAIL_INTEGRATION = {"UNTRANSLATED_CONTENT": "hide"}
    events = client.get(url("events", locale="ar", limit=10)).content.decode()
    assert "لقاء المتطوعين" in events and "Schulung für Neue" not in events
    organisations = client.get(url("organisations", locale="ar")).content.decode()
    assert "استشارة الهجرة" in organisations and "Sprachcafé" not in organisations
    honours = client.get(url("honours", locale="ar")).content.decode()
    assert "إيريكا بايشبيل" in honours and "Verein Brücke" not in honours
    # A guide asked for by name still comes, in German.
    guide = client.get(url("topic", topic="ehrenamt", locale="ar")).content.decode()
    assert "Ehrenamt in Koblenz" in guide


def test_without_locale_the_widget_speaks_the_language_of_accept_language(client, content):
    html = client.get(url("events"), HTTP_ACCEPT_LANGUAGE="ar,de;q=0.5").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "لقاء المتطوعين" in html


# -- framing and caching -------------------------------------------------------------------------


def test_only_the_configured_origins_may_frame_a_widget(client, settings, content):
    settings.WAGTAIL_INTEGRATION = {"EMBED_FRAME_ANCESTORS": [PORTAL, "https://www.example.org/"]}
    response = client.get(url("events"))
    assert response["Content-Security-Policy"] == (
        f"frame-ancestors {PORTAL} https://www.example.org"
    )
    assert "X-Frame-Options" not in response


def test_without_configured_origins_no_site_may_frame_a_widget(client, db):
    response = client.get(url("events"))
    assert response["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_an_origin_that_would_add_a_directive_is_left_out(client, settings, db):
    settings.WAGTAIL_INTEGRATION = {
        "EMBED_FRAME_ANCESTORS": [f"{PORTAL}; script-src *", "https://a.example.org x"]
    }
    response = client.get(url("events"))
    assert response["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_every_other_page_keeps_x_frame_options(client, settings, content):
    settings.WAGTAIL_INTEGRATION = {"EMBED_FRAME_ANCESTORS": [PORTAL]}
    response = client.get(content["stammtisch"].url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" not in response
    assert client.get("/api/integration/v1/topics")["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", [url("events"), url("nope"), url("events", limit="x")])
def test_widgets_are_cached_briefly_by_language(client, db, path):
    response = client.get(path)
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert "Accept-Language" in response["Vary"]
    assert "X-Frame-Options" not in response


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_an_unknown_widget_is_a_translated_404_page(client, db, language):
    response = client.get(url("kalender", locale=language))
    html = response.content.decode()
    assert response.status_code == 404
    expected = in_language(language, "There is no widget “%(name)s”. Use one of: %(choices)s.")
    assert (
        expected
        % {"name": "kalender", "choices": "events, next-stammtisch, topic, organisations, honours"}
        in html
    )


def test_an_unknown_widget_name_is_escaped(client, db):
    response = client.get("/integration/embed/%3Cb%3Ex%3C%2Fb%3E/")
    assert response.status_code == 404
    assert "<b>x</b>" not in response.content.decode()


#: (widget, parameters, what the message names): each is answered inside the widget.
BAD = [
    ("events", {"limit": "0"}, "„0“"),
    ("events", {"limit": "zehn"}, "„zehn“"),
    ("events", {"limit": "99999999999999999999"}, "„99999999999999999999“"),
    ("events", {"days": "-1"}, "„-1“"),
    ("events", {"category": "gibtsnicht"}, "gibtsnicht"),
    ("events", {"topic": "gibtsnicht"}, "gibtsnicht"),
    ("events", {"series": "99999999999999999999"}, "99999999999999999999"),
    ("events", {"series": "abc"}, "abc"),
    ("next-stammtisch", {"series": "12345678"}, "12345678"),
    ("topic", {}, "?topic="),
    ("topic", {"topic": "gibtsnicht"}, "gibtsnicht"),
    ("topic", {"topic": "99999999999"}, "99999999999"),
    ("organisations", {"kind": "gibtsnicht"}, "gibtsnicht"),
    ("organisations", {"language": "xx"}, "xx"),
    ("organisations", {"topic": "gibtsnicht"}, "gibtsnicht"),
    ("honours", {"year": "3000"}, "3000"),
    ("honours", {"year": "zwanzig"}, "zwanzig"),
    ("events", {"locale": "xx"}, "xx"),
]


@pytest.mark.parametrize(("widget", "params", "named"), BAD)
def test_a_bad_parameter_is_a_visible_message_inside_the_widget(
    client, content, widget, params, named
):
    response = client.get(url(widget, **params), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 400
    errors = re.search(r'<div class="wi-embed__errors" role="alert">(.*?)</div>', html, re.S)
    assert errors, html
    assert named in errors[1]
    assert '<html lang="de" dir="ltr"' in html and "integration-embed:resize" in html


def test_the_message_of_a_bad_parameter_is_in_the_language_asked_for(client, content):
    html = client.get(url("events", locale="ar", limit="zehn")).content.decode()
    message = in_language("ar", "“%(value)s” is not a whole number from %(low)s to %(high)s.")
    assert message % {"value": "zehn", "low": 1, "high": 50} in html
    assert '<html lang="ar" dir="rtl"' in html


def test_a_script_in_a_parameter_is_escaped(client, content):
    html = client.get(url("organisations", kind=SCRIPT)).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def test_a_post_is_refused(client, db):
    assert client.post(url("events")).status_code == 405


# -- queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("widget", WIDGETS)
def test_a_widget_takes_a_fixed_number_of_queries_whatever_it_shows(
    client, content, widget, django_assert_max_num_queries
):
    params, _text = SHOWS[widget]
    path = url(widget, locale="ar", limit=20, **params)
    client.get(path)  # warm up the per-process caches (site root paths, locales)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    index = content["stammtisch"].get_parent()
    for number in range(6):  # more series, organisations and recipients
        factories.series(
            index, f"Reihe {number}", first_date=dt.date(2027, 2, 1 + number), materialise=BOUNDS
        )
        factories.organisation(f"Verein {number}", topics=[content["topic"]])
        factories.honour_recipient(content["honours"], year=2020 + number)
    with django_assert_max_num_queries(12):
        response = client.get(path)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)


def test_the_resize_message_names_the_widget(client, db):
    html = client.get(url("honours")).content.decode()
    assert 'data-widget="honours"' in html
    assert json.dumps("integration-embed:resize") in html

"""Finished answers of the events API and the feeds, kept until content changes.

wagtail_integration/content_cache.py; the answers are those of events/api.py and events/pages.py.
"""

import datetime as dt
import time
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from example_site.settings.base import redis_cache
from tests import factories
from tests.services import free_port, require_redis, worker_process
from wagtail_integration import content_cache, tasks
from wagtail_integration.directory.models import Venue
from wagtail_integration.events.models import EventSeriesPage, OccurrenceOverride
from wagtail_integration.events.occurrences import rebuild_series
from wagtail_integration.events.tasks import rebuild_occurrences

API = "/api/integration/v1"
BOUNDS = (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 1, 1, tzinfo=dt.UTC))
MARCH = f"{API}/occurrences?start=2026-03-01&end=2026-04-01"


@pytest.fixture
def default_site(db):
    """The site a transactional test needs, after an earlier one flushed the tables."""
    factories.ensure_default_site()


def queries_of(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return len(captured), response


@pytest.fixture
def stammtisch(make_series):
    series = make_series(venue=Venue.objects.create(name="Bürgerzentrum", locale=default()))
    rebuild_series(series.pk, BOUNDS)
    return series


def default():
    return Locale.get_default()


def titles(response):
    return [item["title"] for item in response.json()["items"]]


@pytest.mark.django_db
def test_the_second_request_is_answered_from_the_cache_without_a_query(client, stammtisch):
    built_queries, built = queries_of(client, MARCH)
    stored_queries, stored = queries_of(client, MARCH)

    assert built.status_code == stored.status_code == 200
    assert built_queries > 0
    assert stored_queries == 0
    assert stored.content == built.content
    assert stored["Content-Type"] == built["Content-Type"] == "application/json; charset=utf-8"
    assert stored["ETag"] == built["ETag"]


@pytest.mark.django_db
def test_a_client_holding_the_answer_gets_304_without_a_body(client, stammtisch):
    etag = client.get(MARCH)["ETag"]

    response = client.get(MARCH, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(MARCH, HTTP_IF_NONE_MATCH='"something else"').status_code == 200


@pytest.mark.django_db
def test_publishing_a_change_retires_the_stored_answer(client, stammtisch):
    assert titles(client.get(MARCH)) == ["Ehrenamtsstammtisch"]
    old_etag = client.get(MARCH)["ETag"]

    stammtisch.title = "Stammtisch für Ehrenamtliche"
    stammtisch.save_revision().publish()

    response = client.get(MARCH, HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert titles(response) == ["Stammtisch für Ehrenamtliche"]


@pytest.mark.django_db
def test_unpublishing_and_a_view_restriction_retire_the_stored_answer(client, stammtisch):
    assert titles(client.get(MARCH)) == ["Ehrenamtsstammtisch"]
    restriction = PageViewRestriction.objects.create(
        page=stammtisch, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert titles(client.get(MARCH)) == []
    restriction.delete()
    assert titles(client.get(MARCH)) == ["Ehrenamtsstammtisch"]
    stammtisch.unpublish()
    assert titles(client.get(MARCH)) == []


@pytest.mark.django_db
def test_a_renamed_venue_retires_the_stored_answer(client, stammtisch):
    assert client.get(MARCH).json()["items"][0]["venue"]["name"] == "Bürgerzentrum"

    venue = Venue.objects.get(pk=stammtisch.venue_id)
    venue.name = "Haus der Begegnung"
    venue.save()

    assert client.get(MARCH).json()["items"][0]["venue"]["name"] == "Haus der Begegnung"


@pytest.mark.django_db
def test_a_rebuild_that_changes_dates_retires_the_stored_answer(client, stammtisch):
    assert client.get(MARCH).json()["items"][0]["status"] == "scheduled"
    stammtisch.overrides = [OccurrenceOverride(date=dt.date(2026, 3, 3), action="cancel")]
    stammtisch.save_revision().publish()
    client.get(MARCH)  # may be built before the rebuild: the rebuild must retire it
    rebuild_series(stammtisch.pk, BOUNDS)

    assert client.get(MARCH).json()["items"][0]["status"] == "cancelled"


@pytest.mark.django_db(transaction=True)
def test_the_generation_changes_again_when_the_transaction_commits(default_site, stammtisch):
    # A request between a change and its commit reads the old content; the bump at the
    # commit retires what it stored.
    from django.db import transaction

    before = content_cache.generation()
    with transaction.atomic():
        Venue.objects.filter(pk=stammtisch.venue_id).get().save()
        inside = content_cache.generation()
        cache.set(content_cache.GENERATION_KEY, "what a request saw", None)
    after = content_cache.generation()

    assert before != inside
    assert after not in (inside, "what a request saw")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_HOST": "other.example"}],
    ids=["language", "host"],
)
def test_answers_are_kept_per_language_and_host(client, stammtisch, headers):
    german = client.get(f"{MARCH}&limit=5")

    count, other = queries_of(client, f"{MARCH}&limit=5", **headers)

    assert other.status_code == 200
    assert count > 0  # built for this language or host, not taken from the German answer
    assert other["ETag"] != german["ETag"]
    assert "Accept-Language" in other["Vary"]
    assert queries_of(client, f"{MARCH}&limit=5", **headers)[0] == 0


@pytest.mark.django_db
def test_the_locale_parameter_has_answers_of_its_own(client, stammtisch):
    from tests.events.support import translate

    translate(stammtisch, "en", title="Volunteers' get-together")

    assert titles(client.get(f"{MARCH}&locale=de")) == ["Ehrenamtsstammtisch"]
    assert titles(client.get(f"{MARCH}&locale=en")) == ["Volunteers' get-together"]
    assert titles(client.get(f"{MARCH}&locale=de")) == ["Ehrenamtsstammtisch"]


def answer_keys():
    """The keys of the answers stored in the (local memory) cache of the tests."""
    return {key for key in cache._cache if content_cache._ANSWER_PREFIX in key}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        MARCH,
        f"{API}/series",
        f"{API}/series/{{pk}}",
        "{series_url}ical/",
        "{index_url}ical/",
    ],
)
def test_an_unknown_parameter_neither_bypasses_the_cache_nor_adds_an_answer(
    client, stammtisch, event_index, url
):
    url = url.format(pk=stammtisch.pk, series_url=stammtisch.url, index_url=event_index.url)
    separator = "&" if "?" in url else "?"
    first = client.get(url)
    kept = answer_keys()
    # Answered from the cache: none for the API, a few for a feed (Wagtail routes to the page).
    stored_count, _ = queries_of(client, url)

    for n in range(3):
        count, busted = queries_of(client, f"{url}{separator}_={1712345000 + n}")
        assert busted.status_code == 200
        assert busted.content == first.content
        assert count == stored_count

    assert answer_keys() == kept


@pytest.mark.django_db
def test_the_order_of_the_parameters_does_not_matter(client, stammtisch):
    client.get(f"{API}/occurrences?start=2026-03-01&end=2026-04-01&limit=5&locale=de")

    count, response = queries_of(
        client, f"{API}/occurrences?locale=de&limit=5&end=2026-04-01&start=2026-03-01"
    )

    assert (response.status_code, count) == (200, 0)
    assert len(answer_keys()) == 1


@pytest.mark.django_db
def test_a_parameter_the_view_reads_still_has_answers_of_its_own(client, stammtisch):
    client.get(f"{MARCH}&limit=5")

    count, response = queries_of(client, f"{MARCH}&limit=6")

    assert response.status_code == 200 and count > 0
    assert len(answer_keys()) == 2


@pytest.mark.django_db
def test_errors_are_not_kept(client, stammtisch):
    url = f"{MARCH}&category=gibt-es-nicht"
    assert client.get(url).status_code == 400

    count, response = queries_of(client, url)

    assert response.status_code == 400
    assert count > 0  # built again: the category was looked up


@pytest.mark.django_db
def test_response_cache_seconds_0_builds_every_answer(client, stammtisch, settings):
    settings.WAGTAIL_INTEGRATION = {"RESPONSE_CACHE_SECONDS": 0}
    client.get(MARCH)

    count, response = queries_of(client, MARCH)

    assert response.status_code == 200 and count > 0
    assert not response.has_header("ETag")


@pytest.mark.django_db
def test_series_and_their_detail_are_kept_too(client, stammtisch):
    for url in (f"{API}/series", f"{API}/series/{stammtisch.pk}"):
        client.get(url)
        count, response = queries_of(client, url)
        assert (response.status_code, count) == (200, 0), url

    stammtisch.title = "Neuer Titel"
    stammtisch.save_revision().publish()

    assert client.get(f"{API}/series").json()["items"][0]["title"] == "Neuer Titel"
    assert client.get(f"{API}/series/{stammtisch.pk}").json()["title"] == "Neuer Titel"


@pytest.mark.django_db
def test_the_feeds_are_kept_with_their_headers_until_a_series_changes(
    client, stammtisch, event_index
):
    for url in (event_index.url + "ical/", stammtisch.url + "ical/"):
        built_count, built = queries_of(client, url)
        count, stored = queries_of(client, url)
        assert stored.content == built.content
        assert stored["Content-Type"] == "text/calendar; charset=utf-8"
        assert stored["Content-Disposition"] == built["Content-Disposition"]
        # Wagtail still finds the page (site, route); the calendar itself is not built again.
        assert count < built_count, url

    stammtisch.title = "Stammtisch im Bürgerzentrum"
    stammtisch.save_revision().publish()

    assert b"SUMMARY:Stammtisch im B" in client.get(event_index.url + "ical/").content


@pytest.mark.django_db
def test_a_private_feed_stays_private_when_its_answer_is_kept(client, stammtisch):
    url = stammtisch.url + "ical/"
    assert client.get(url).status_code == 200
    # Made private without any signal: the stored answer is still there, the check is not.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=stammtisch, restriction_type="password", password="x")]
    )
    response = client.get(url)
    assert "text/calendar" not in response["Content-Type"]  # Wagtail's password form instead
    assert b"BEGIN:VCALENDAR" not in response.content


# Across processes: a rebuild in a real worker retires what the web process stored.


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_in_a_worker_process_retires_the_answer_stored_by_the_web_process(
    default_site, client, make_series, celery_broker
):
    redis = require_redis()
    prefix = f"wagtail-integration-test-{uuid.uuid4().hex}"
    config = {**redis_cache(redis), "KEY_PREFIX": prefix}
    queue = f"wagtail-integration-test-{uuid.uuid4().hex}"
    with override_settings(CACHES={"default": config}):
        # Setting up enqueues nothing (as while the broker is paused): the worker only gets
        # the rebuild this test sends it.
        tasks._broker_paused_until = time.monotonic() + 3600
        series = make_series()
        rebuild_series(series.pk)
        tasks._broker_paused_until = 0.0
        celery_broker(redis)
        start = "2026-03-03T19:00:00+01:00"
        assert client.get(MARCH).json()["items"][0]["start"] == start

        # A change the web process does not see: the stored answer stays.
        EventSeriesPage.objects.filter(pk=series.pk).update(start_time=dt.time(20, 0))
        assert client.get(MARCH).json()["items"][0]["start"] == start

        try:
            with worker_process(
                redis, queue, TEST_CACHE_REDIS_URL=redis, TEST_CACHE_KEY_PREFIX=prefix
            ) as worker:
                rebuild_occurrences.apply_async(args=[series.pk], queue=queue)
                deadline = time.monotonic() + 90
                while client.get(MARCH).json()["items"][0]["start"] == start:
                    assert worker.poll() is None, "the worker process exited"
                    assert time.monotonic() < deadline, "the answer was not retired within 90 s"
                    time.sleep(0.2)
            assert client.get(MARCH).json()["items"][0]["start"] == "2026-03-03T20:00:00+01:00"
        finally:
            keys = cache._cache.get_client().keys(f"{prefix}:*")
            if keys:
                cache._cache.get_client().delete(*keys)


@pytest.mark.django_db
def test_with_the_cache_unreachable_every_answer_is_built(client, stammtisch):
    # Nothing listens on the port: every cache call fails, and the answers are built instead.
    config = {**redis_cache(f"redis://127.0.0.1:{free_port()}/0"), "KEY_PREFIX": "unreachable"}
    expected = client.get(MARCH).content
    with override_settings(CACHES={"default": config}):
        first = client.get(MARCH)
        count, second = queries_of(client, MARCH)

    assert first.status_code == second.status_code == 200
    assert first.content == second.content == expected
    assert count > 0

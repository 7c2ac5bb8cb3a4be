"""wagtail_integration/cache.py: a Redis cache that answers as a miss while Redis is down."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from tests import factories
from tests.services import free_port, require_redis

pytestmark = pytest.mark.django_db


def _settings(url):
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "resilient": {
            "BACKEND": "wagtail_integration.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


def test_an_unreachable_redis_answers_reads_as_misses_and_drops_writes(caplog):
    with override_settings(CACHES=_settings(f"redis://127.0.0.1:{free_port()}/0")):
        cache = caches["resilient"]
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("key", 1) is False
        cache.set("key", 1)
        assert cache.get_or_set("key", 5) == 5
        assert cache.has_key("key") is False
        cache.delete("key")
        with pytest.raises(RedisConnectionError):  # counting is left to the caller
            cache.incr("key")
    assert "cannot be reached" in caplog.text


def test_a_reachable_redis_is_used_as_a_cache():
    url = require_redis()
    with override_settings(CACHES=_settings(url)):
        cache = caches["resilient"]
        cache.set("wagtail-integration-test-key", {"a": 1}, 30)
        assert cache.get("wagtail-integration-test-key") == {"a": 1}
        cache.delete("wagtail-integration-test-key")


def test_the_redis_client_is_made_once_per_pool_and_keeps_working():
    url = require_redis()
    with override_settings(CACHES=_settings(url)):
        cache = caches["resilient"]
        first = cache._cache.get_client(write=True)
        for number in range(3):
            cache.set("wagtail-integration-test-key", number, 30)
            assert cache.get("wagtail-integration-test-key") == number
        assert cache._cache.get_client(write=True) is first
        assert cache._cache.get_client() is cache._cache.get_client()
        cache.delete("wagtail-integration-test-key")


def test_pages_and_the_volunteer_form_work_while_the_cache_is_down(
    client, django_capture_on_commit_callbacks
):
    page = factories.volunteer_form_page()
    down = _settings(f"redis://127.0.0.1:{free_port()}/0")
    down["default"] = down.pop("resilient")
    with override_settings(CACHES=down):
        assert client.get(page.url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(page.url, factories.volunteer_post_data(page))
    assert response.status_code == 302
    assert page.specific_class.objects.filter(pk=page.pk).exists()
    from wagtail_integration.volunteering.models import VolunteerInterest

    assert VolunteerInterest.objects.filter(email="erika@example.org").exists()

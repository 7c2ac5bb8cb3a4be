"""GET health and GET version (wagtail_integration/api/health.py)."""

import pytest
from django.test import override_settings
from wagtail.models import Site

from tests import factories
from tests.services import private_redis

HEALTH = "/api/integration/v1/health"

pytestmark = pytest.mark.django_db


def test_health_is_ok_in_eager_mode_under_debug_and_says_no_broker_is_used(client):
    with override_settings(DEBUG=True):
        response = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["warnings"] == []
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert "Eager mode" in body["checks"]["broker"]["detail"]


def test_health_is_degraded_naming_each_demo_setting_without_debug(client):
    # The test settings run as a demo does, without DEBUG: eager jobs, a local-memory cache.
    factories.ensure_default_site()
    response = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert [w["id"] for w in body["warnings"]] == [
        "wagtail_integration.W010",
        "wagtail_integration.W012",
        "wagtail_integration.W013",
        "wagtail_integration.W015",
    ]
    assert body["warnings"][0]["detail"].startswith("Background jobs run inside the web")
    assert "http://localhost" in body["warnings"][3]["detail"]
    assert body["detail"] == " ".join(w["detail"] for w in body["warnings"])


def test_health_gives_the_same_conditions_as_check_deploy(client):
    from django.core import checks

    factories.ensure_default_site()
    with override_settings(WAGTAILADMIN_BASE_URL=""):
        body = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en").json()
        deploy = [
            m.id
            for m in checks.run_checks(include_deployment_checks=True)
            if m.id.startswith("wagtail_integration.W01")
        ]
    assert [w["id"] for w in body["warnings"]] == deploy
    assert "wagtail_integration.W014" in deploy


def test_health_is_ok_without_debug_once_the_default_site_has_its_own_name(client):
    factories.ensure_default_site()
    Site.objects.filter(is_default_site=True).update(hostname="integration.koblenz.example")
    local = {"RESPONSE_CACHE_SECONDS": 0, "SUBMISSION_RATE_LIMIT": ""}
    with override_settings(WAGTAIL_INTEGRATION=local):
        body = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en").json()
    # Eager mode is left: it needs a broker that answers, as in the test with Redis below.
    assert [w["id"] for w in body["warnings"]] == ["wagtail_integration.W010"]
    with override_settings(WAGTAIL_INTEGRATION=local, DEBUG=True):
        body = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["status"], body["warnings"], body["detail"]) == ("ok", [], "")


def test_health_explains_itself_in_the_requested_language(client):
    response = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="de")
    assert "Sofortmodus" in response.json()["checks"]["broker"]["detail"]


@pytest.mark.services
def test_health_is_503_naming_broker_and_cache_when_their_redis_stops(client, celery_broker):
    with private_redis() as redis:
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis.url,
            }
        }
        celery_broker(redis.url)
        factories.ensure_default_site()
        Site.objects.filter(is_default_site=True).update(hostname="integration.koblenz.example")
        with override_settings(CACHES=caches):
            up = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en")
            assert up.status_code == 200, up.content
            assert up.json()["checks"]["broker"] == {"status": "ok", "detail": ""}
            # A worker on Redis, a shared cache, the site's own name: fit for the public.
            assert (up.json()["status"], up.json()["warnings"]) == ("ok", [])

            redis.stop()
            down = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en")

    body = down.json()
    assert down.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["broker"]["status"] == "error"
    assert body["detail"] == "Unavailable: cache, broker"


def test_health_names_a_failing_database(client, monkeypatch):
    from wagtail_integration.api import health

    def broken():
        raise RuntimeError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "status": "error",
        "detail": "RuntimeError: connection refused",
    }
    assert response.json()["detail"] == "Unavailable: database"
    assert response.json()["status"] == "error"
    # The configuration's warnings are still listed, less the one that reads the database.
    warnings = [w["id"] for w in response.json()["warnings"]]
    assert "wagtail_integration.W010" in warnings
    assert "wagtail_integration.W015" not in warnings


def test_the_openapi_document_describes_the_degraded_answer(client):
    schemas = client.get("/api/integration/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["HealthOut"]["properties"]["status"]["enum"] == ["ok", "degraded", "error"]
    assert schemas["WarningOut"]["required"] == ["id", "detail"]


def test_health_reports_the_last_worker_heartbeat_and_whether_it_is_stale(client):
    from datetime import timedelta

    from django.utils import timezone

    from wagtail_integration.models import WorkerHeartbeat

    assert client.get(HEALTH).json()["worker"] == {"last_heartbeat": None, "stale": True}
    seen = timezone.now() - timedelta(seconds=30)
    WorkerHeartbeat.objects.create(hostname="celery@a", last_seen=seen)
    assert client.get(HEALTH).json()["worker"] == {
        "last_heartbeat": seen.isoformat(),
        "stale": False,
    }
    with override_settings(WAGTAIL_INTEGRATION={"WORKER_HEARTBEAT_MAX_AGE": 10}):
        assert client.get(HEALTH).json()["worker"]["stale"] is True


def test_version_names_the_package_and_the_api(client):
    import wagtail_integration

    assert client.get("/api/integration/v1/version").json() == {
        "name": "wagtail-integration",
        "version": wagtail_integration.__version__,
        "api": "v1",
    }


def test_a_check_that_hangs_fails_after_the_configured_timeout(client, monkeypatch):
    import threading

    from wagtail_integration.api import health

    released = threading.Event()
    monkeypatch.setitem(health.CHECKS, "cache", lambda: released.wait(10) and "")
    try:
        with override_settings(WAGTAIL_INTEGRATION={"HEALTH_CHECK_TIMEOUT": 0.3}):
            response = client.get(HEALTH, HTTP_ACCEPT_LANGUAGE="en")
    finally:
        released.set()
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {
        "status": "error",
        "detail": "no answer within 0.3 s",
    }

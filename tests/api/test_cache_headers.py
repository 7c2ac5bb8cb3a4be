"""Cache-Control and Vary of the API's answers, right for a cache or CDN in front of the portal
(issue 12 item 5): a successful GET may be kept briefly by anyone; an error, a submission, the
health check and a form with its one-time token by no one."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def varies(response):
    return {part.strip().lower() for part in response["Vary"].split(",")}


def test_a_successful_get_may_be_kept_by_any_cache_for_a_minute(client):
    factories.guide(factories.topic_index())
    response = client.get(f"{API}/topics")
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=60"}
    assert "accept-language" in varies(response)


def test_the_time_is_a_setting_and_zero_keeps_nothing(client, settings):
    settings.WAGTAIL_INTEGRATION = {"API_CACHE_SECONDS": 300}
    assert directives(client.get(f"{API}/organisations")) == {"public", "max-age=300"}
    settings.WAGTAIL_INTEGRATION = {"API_CACHE_SECONDS": 0}
    assert directives(client.get(f"{API}/organisations")) == {"no-store"}


def test_a_not_modified_answer_says_the_same(client):
    first = client.get(f"{API}/series")
    again = client.get(f"{API}/series", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert directives(again) == {"public", "max-age=60"}


@pytest.mark.parametrize(
    "path", ["/topics?locale=xx", "/topics/999999", "/series?limit=0", "/occurrences?days=x"]
)
def test_an_error_is_kept_by_no_cache(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code in (400, 404)
    assert "no-store" in directives(response)


def test_the_health_check_and_a_form_with_its_token_are_never_kept(client):
    assert "no-store" in directives(client.get(f"{API}/health"))
    form = factories.volunteer_form_page()
    response = client.get(f"{API}/forms/{form.pk}")
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)
    # The list of forms has no token: it may be kept.
    assert "public" in directives(client.get(f"{API}/forms"))


def test_a_submission_is_kept_by_no_cache(client):
    form = factories.volunteer_form_page()
    response = client.post(
        f"{API}/forms/{form.pk}/submissions", data="{}", content_type="application/json"
    )
    assert response.status_code == 400
    assert directives(response) == {"no-store"}

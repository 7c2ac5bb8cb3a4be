"""The guide pages' ``api_fields`` in Wagtail's own API (v2), for host sites that enable it."""

import pytest

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.wagtail_api_urls")]


def test_a_guide_exposes_its_fields_in_wagtails_api(client):
    topic = factories.topic(slug="gesundheit")
    org = factories.organisation()
    index = factories.topic_index()
    guide = factories.guide(
        index,
        topic=topic,
        summary="Ärzte finden.",
        body=[("heading", "Beratung"), ("contact", org.pk), ("text", "<p>Text</p>")],
    )

    listing = client.get(
        "/api/v2/pages/?type=integration_topics.TopicGuidePage"
        "&fields=summary,topic,body,last_reviewed",
        HTTP_ACCEPT="application/json",
    )
    detail = client.get(f"/api/v2/pages/{guide.pk}/", HTTP_ACCEPT="application/json")

    assert listing.status_code == 200, listing.content
    [item] = listing.json()["items"]
    assert item["summary"] == "Ärzte finden."
    assert item["last_reviewed"] == "2026-01-15"
    assert detail.status_code == 200, detail.content
    body = detail.json()
    assert body["topic"]["id"] == topic.pk
    assert [block["type"] for block in body["body"]] == ["heading", "contact", "text"]
    assert body["body"][1]["value"] == org.pk


def test_the_topic_index_exposes_its_introduction_in_wagtails_api(client):
    index = factories.topic_index()
    index.intro = "<p>Alle Themen</p>"
    index.save_revision().publish()

    response = client.get(f"/api/v2/pages/{index.pk}/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["intro"] == "<p>Alle Themen</p>"

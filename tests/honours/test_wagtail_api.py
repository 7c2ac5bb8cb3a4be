"""The honours pages' ``api_fields`` in Wagtail's own API (v2), for host sites that enable it."""

import pytest

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.wagtail_api_urls")]


def detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_recipient_page_exposes_its_fields_in_wagtails_api(client):
    organisation = factories.organisation(name="Sprachcafé Beispiel")
    index = factories.honour_index()
    page = factories.honour_recipient(
        index,
        year=2024,
        is_group=True,
        organisation=organisation,
        laudation="<p>Für viele Jahre.</p>",
        photo=factories.image(),
        photo_alt="Zehn Menschen vor dem Rathaus",
        photo_credit="Stadt Beispiel",
    )

    data = detail(client, page)

    assert data["year"] == 2024
    assert data["is_group"] is True
    assert data["laudation"] == "<p>Für viele Jahre.</p>"
    assert data["photo_alt"] == "Zehn Menschen vor dem Rathaus"
    assert data["photo_credit"] == "Stadt Beispiel"
    assert data["award"]["id"] == page.award_id
    assert data["organisation"]["id"] == organisation.pk
    assert data["photo"]["id"] == page.photo_id
    assert "consent_date" not in data


def test_the_index_and_the_form_page_expose_their_texts(client):
    index = factories.honour_index()
    index.intro = "<p>Seit 2000.</p>"
    index.save_revision().publish()
    form_page = factories.nomination_form_page(intro="<p>Schlagen Sie vor.</p>")

    assert detail(client, index)["intro"] == "<p>Seit 2000.</p>"
    assert detail(client, form_page)["intro"] == "<p>Schlagen Sie vor.</p>"

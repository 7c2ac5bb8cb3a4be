"""The admin form of recipient pages: no publishing without consent; year and alt text checked."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from wagtail.test.utils.form_data import rich_text

from tests import factories
from wagtail_integration.honours.models import Award, HonourRecipientPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def draft():
    index = factories.honour_index()
    return factories.honour_recipient(
        index, title="Erika Musterfrau", live=False, consent_date=None
    )


def edit_data(page, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "year": str(page.year),
        "award": str(Award.objects.get(slug="integrationsehrennadel").pk),
        "laudation": rich_text("<p>Für viele Jahre im Sprachcafé.</p>"),
        "photo_alt": "",
        "photo_credit": "",
        "consent_date": "",
    }
    data.update(fields)
    return data


def edit(client, page, **fields):
    """Post the edit form; the admin answers in English (the user has no admin language, the
    request asks for English). Read its lazy error messages under ``translation.override("en")``."""
    with translation.override("en"):
        return client.post(
            f"/admin/pages/{page.pk}/edit/", edit_data(page, **fields), HTTP_ACCEPT_LANGUAGE="en"
        )


def test_publishing_without_a_consent_date_is_refused_on_that_field(admin_client, draft):
    response = edit(admin_client, draft, **{"action-publish": "action-publish"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["consent_date"]
    message = "Record the date the recipient agreed to publication before publishing."
    with translation.override("en"):
        assert errors["consent_date"][0] == message
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


def test_a_draft_without_consent_can_be_saved(admin_client, draft):
    response = edit(admin_client, draft)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert draft.has_unpublished_changes


def test_publishing_with_a_consent_date_publishes(admin_client, draft):
    response = edit(
        admin_client, draft, consent_date="2024-02-01", **{"action-publish": "action-publish"}
    )

    assert response.status_code == 302, response.context["form"].errors
    page = HonourRecipientPage.objects.get(pk=draft.pk)
    assert page.live
    assert page.consent_date.isoformat() == "2024-02-01"


def test_a_year_in_the_future_is_refused_naming_the_year(admin_client, draft):
    response = edit(admin_client, draft, year=str(timezone.localdate().year + 1))

    assert response.status_code == 200
    message = "The year lies in the future. Enter the year of the award."
    with translation.override("en"):
        assert response.context["form"].errors["year"][0] == message
    assert message in response.content.decode()


def test_a_photo_without_alt_text_is_refused_naming_the_alt_text(admin_client, draft):
    response = edit(admin_client, draft, photo=str(factories.image().pk))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["photo_alt"]


def create(client, index, **fields):
    """Post the form that creates a recipient page below ``index``, as in ``edit``."""
    data = edit_data(HonourRecipientPage(title="Max Mustermann", slug="max-mustermann", year=2024))
    data.update(fields)
    with translation.override("en"):
        return client.post(
            f"/admin/pages/add/integration_honours/honourrecipientpage/{index.pk}/",
            data,
            HTTP_ACCEPT_LANGUAGE="en",
        )


def test_publishing_a_new_page_without_consent_names_the_error_once(admin_client):
    index = factories.honour_index()

    response = create(admin_client, index, **{"action-publish": "action-publish"})

    assert response.status_code == 200
    message = "Record the date the recipient agreed to publication before publishing."
    assert len(response.context["form"].errors["consent_date"]) == 1
    assert response.content.decode().count(message) == 1
    assert not HonourRecipientPage.objects.filter(slug="max-mustermann").exists()


def test_a_new_page_without_consent_can_be_saved_as_a_draft(admin_client):
    index = factories.honour_index()

    response = create(admin_client, index)

    assert response.status_code == 302, response.context["form"].errors
    page = HonourRecipientPage.objects.get(slug="max-mustermann")
    assert not page.live
    assert page.consent_date is None

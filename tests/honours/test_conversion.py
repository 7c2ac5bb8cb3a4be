"""A nomination becomes a draft recipient page through the admin (honours/conversion.py)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.honours.support import url
from wagtail_integration.honours.models import HonourRecipientPage, NominationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return factories.honour_index()


@pytest.fixture
def shortlisted():
    return factories.nomination(
        status=NominationStatus.SHORTLISTED,
        nominee_is_group=False,
        nominator_name="Max Beispiel",
        reason="Viele haben dort Deutsch gelernt.",
    )


@pytest.fixture
def jury_editor(client):
    """A jury member who may also add pages (Wagtail's "Editors" group)."""
    client.force_login(factories.jury_member("jury-redaktion", also=["Editors"]))
    return client


@pytest.fixture
def jury_only(client):
    client.force_login(factories.jury_member())
    return client


def test_a_shortlisted_nomination_offers_the_action_in_the_list_and_the_editor(
    jury_editor, shortlisted
):
    received = factories.nomination(nominee_name="Noch offen")
    action = url("create_recipient_page", shortlisted.pk)

    assert action in jury_editor.get(url("list")).content.decode()
    assert action in jury_editor.get(url("edit", shortlisted.pk)).content.decode()
    assert action in jury_editor.get(url("inspect", shortlisted.pk)).content.decode()
    not_offered = url("create_recipient_page", received.pk)
    assert not_offered not in jury_editor.get(url("list")).content.decode()
    assert not_offered not in jury_editor.get(url("edit", received.pk)).content.decode()


def test_the_confirmation_names_the_only_index_and_sends_it_along(jury_editor, index, shortlisted):
    response = jury_editor.get(url("create_recipient_page", shortlisted.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'type="hidden" name="index" value="{index.pk}"' in html
    assert index.title in html
    assert 'method="post"' in html


def test_with_two_indexes_the_jury_chooses_one(jury_editor, index, shortlisted):
    other = factories.honour_index(title="Ehrenamtspreis")

    html = jury_editor.get(url("create_recipient_page", shortlisted.pk)).content.decode()

    for page in (index, other):
        assert re.search(rf'<input type="radio" name="index" value="{page.pk}"', html)


def test_converting_creates_a_draft_without_the_nominators_data_and_opens_the_editor(
    jury_editor, index, shortlisted
):
    response = jury_editor.post(
        url("create_recipient_page", shortlisted.pk), {"index": str(index.pk)}
    )

    page = HonourRecipientPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.get_parent().pk == index.pk
    assert not page.live
    assert page.title == shortlisted.nominee_name
    assert page.year == timezone.localdate().year
    assert page.consent_date is None
    stored = str(page.__dict__) + str(page.get_latest_revision().content)
    for personal in ("Max Beispiel", shortlisted.email, "Deutsch gelernt"):
        assert personal not in stored
    shortlisted.refresh_from_db()
    assert shortlisted.status == NominationStatus.AWARDED
    assert shortlisted.recipient_page_id == page.pk
    assert jury_editor.get(response["Location"]).status_code == 200


def test_a_second_conversion_makes_no_second_page(jury_editor, index, shortlisted):
    address = url("create_recipient_page", shortlisted.pk)
    jury_editor.post(address, {"index": str(index.pk)})

    response = jury_editor.post(address, {"index": str(index.pk)})

    assert response.status_code == 302
    assert response["Location"] == url("edit", shortlisted.pk)
    assert HonourRecipientPage.objects.count() == 1


def test_a_jury_member_who_may_not_add_pages_is_told_so_and_nothing_is_created(
    jury_only, index, shortlisted
):
    with translation.override("en"):
        response = jury_only.post(
            url("create_recipient_page", shortlisted.pk),
            {"index": str(index.pk)},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 200
    assert "You may not add pages below" in response.content.decode()
    assert not HonourRecipientPage.objects.exists()
    shortlisted.refresh_from_db()
    assert shortlisted.status == NominationStatus.SHORTLISTED


@pytest.mark.parametrize("status", [NominationStatus.RECEIVED, NominationStatus.NOT_AWARDED])
def test_a_nomination_not_yet_shortlisted_cannot_become_a_page(jury_editor, index, status):
    item = factories.nomination(status=status)

    response = jury_editor.post(url("create_recipient_page", item.pk), {"index": str(index.pk)})

    assert response.status_code == 302
    assert response["Location"] == url("edit", item.pk)
    assert not HonourRecipientPage.objects.exists()


def test_without_an_index_the_jury_is_told_to_ask_for_one(jury_editor, shortlisted):
    with translation.override("en"):
        response = jury_editor.get(
            url("create_recipient_page", shortlisted.pk), HTTP_ACCEPT_LANGUAGE="en", follow=True
        )

    assert "There is no honours index page yet" in response.content.decode()
    assert not HonourRecipientPage.objects.exists()


def test_two_nominees_of_one_name_get_pages_of_their_own_and_a_name_without_letters_one_too(
    jury_editor, index
):
    first = factories.nomination(status=NominationStatus.AWARDED)
    second = factories.nomination(status=NominationStatus.AWARDED)
    odd = factories.nomination(status=NominationStatus.AWARDED, nominee_name="!!!")
    for item in (first, second, odd):
        response = jury_editor.post(url("create_recipient_page", item.pk), {"index": str(index.pk)})
        assert response.status_code == 302

    slugs = sorted(HonourRecipientPage.objects.values_list("slug", flat=True))
    assert slugs == sorted(["erika-musterfrau", "erika-musterfrau-1", f"nomination-{odd.pk}"])


def test_an_erased_nomination_cannot_become_a_page(jury_editor, index, shortlisted):
    shortlisted.anonymise()

    response = jury_editor.post(
        url("create_recipient_page", shortlisted.pk), {"index": str(index.pk)}
    )

    assert response.status_code == 302
    assert not HonourRecipientPage.objects.exists()

"""Recipient pages refuse what they cannot mean; an awarded nomination becomes a draft page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests import factories
from wagtail_integration.honours.models import (
    Award,
    HonourRecipientPage,
    Nomination,
    NominationStatus,
)

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_integrationsehrennadel_as_the_default_award():
    award = Award.objects.get(slug="integrationsehrennadel")
    page = HonourRecipientPage(title="X", year=2024)
    assert page.award == award


def test_a_recipient_page_without_consent_cannot_be_published():
    index = factories.honour_index()
    page = factories.honour_recipient(index, live=False, consent_date=None)
    with pytest.raises(ValidationError) as error:
        page.save_revision().publish()
    assert "consent_date" in error.value.message_dict
    page.refresh_from_db()
    assert not page.live


def test_a_year_in_the_future_is_refused_naming_the_year():
    index = factories.honour_index()
    page = factories.honour_recipient(index, live=False)
    page.year = timezone.localdate().year + 1
    with translation.override("en"):  # the message is lazy: it is named when read
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert "future" in error.value.message_dict["year"][0]


def test_a_year_before_the_award_existed_is_refused():
    Award.objects.filter(slug="integrationsehrennadel").update(first_year=2010)
    index = factories.honour_index()
    page = factories.honour_recipient(index, live=False, year=2012)
    page.year = 2009
    with translation.override("en"), pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "2010" in error.value.message_dict["year"][0]


def test_a_photo_without_alt_text_is_refused(django_db_setup):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
    index = factories.honour_index()
    page = factories.honour_recipient(index, live=False)
    page.photo = image
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "photo_alt" in error.value.message_dict
    page.photo_alt = "Eine Frau mit Urkunde im Rathaussaal"
    page.full_clean()


def test_an_awarded_nomination_becomes_a_draft_without_the_nominators_data():
    index = factories.honour_index()
    nomination = Nomination.objects.create(
        nominee_name="Verein Beispielhilfe",
        nominee_is_group=True,
        nominee_work="Seit 2015 <b>Sprachcafés</b> jede Woche.",
        reason="Unermüdlich.",
        nominator_name="Max Muster",
        email="max@example.org",
        nominator_phone="+49 261 000000",
        language="de",
        delete_after=datetime.date(2030, 1, 1),
    )
    page = nomination.create_recipient_page(index)
    page = HonourRecipientPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.title == "Verein Beispielhilfe"
    assert page.is_group
    assert "&lt;b&gt;Sprachcafés&lt;/b&gt;" in page.laudation
    stored = str(page.__dict__) + str(page.get_latest_revision().content)
    for personal in ("Max Muster", "max@example.org", "000000", "Unermüdlich"):
        assert personal not in stored
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
    assert nomination.recipient_page_id == page.pk

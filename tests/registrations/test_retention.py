"""Retention: a registration is anonymised a set time after its date, its counts kept."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from wagtail_integration.events.models import Occurrence
from wagtail_integration.registrations.models import Registration
from wagtail_integration.submissions.retention import purge_expired

pytestmark = pytest.mark.django_db


def _registration(page, **fields):
    occurrence = Occurrence.objects.get(series=page)
    return Registration.objects.create(
        series=page,
        occurrence=occurrence,
        starts_at=occurrence.start,
        name="Erika Beispiel",
        email="erika@example.org",
        phone="+49 261 1234",
        languages=["ar"],
        language="de",
        **fields,
    )


def test_a_registration_is_due_ninety_days_after_its_date(settings):
    page = factories.training(days_ahead=10)
    entry = _registration(page)

    assert entry.delete_after == timezone.localdate(entry.starts_at) + dt.timedelta(days=90)
    settings.WAGTAIL_INTEGRATION = {"REGISTRATION_RETENTION_DAYS": 7}
    entry.save()
    assert entry.delete_after == timezone.localdate(entry.starts_at) + dt.timedelta(days=7)


def test_the_purge_anonymises_registrations_and_keeps_status_and_attendance(settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RETENTION_ACTION": "delete"}
    page = factories.training(days_ahead=10)
    entry = _registration(page, attendance="attended")
    offer = factories.volunteer_interest(email="erika@example.org")
    later = timezone.localdate(entry.starts_at) + dt.timedelta(days=91)
    type(offer).objects.filter(pk=offer.pk).update(delete_after=later - dt.timedelta(days=1))

    assert purge_expired(today=later) == 2

    entry.refresh_from_db()
    assert (entry.name, entry.email, entry.phone, entry.languages) == ("", "", "", [])
    assert (entry.status, entry.attendance, entry.anonymised_at is not None) == (
        "confirmed",
        "attended",
        True,
    )
    assert not type(offer).objects.filter(pk=offer.pk).exists()


def test_nothing_is_purged_before_its_time():
    page = factories.training(days_ahead=10)
    entry = _registration(page)

    assert purge_expired(today=timezone.localdate(entry.starts_at) + dt.timedelta(days=90)) == 0

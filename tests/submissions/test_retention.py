"""Retention: submissions past their deletion date are deleted or anonymised, and it is logged."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from wagtail_integration.submissions.models import DataProtectionLog, Notification
from wagtail_integration.submissions.outbox import notification_for
from wagtail_integration.submissions.retention import (
    expired,
    purge_expired,
    purge_expired_submissions,
)
from wagtail_integration.volunteering.models import (
    VolunteerInterest,
    VolunteerLanguage,
    VolunteerNote,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def offer(days_left, name="Erika Beispiel", email="erika@example.org"):
    """An offer of help due for deletion in ``days_left`` days (negative: overdue), with a
    language, a note and a confirmation in the outbox."""
    interest = VolunteerInterest.objects.create(
        name=name,
        email=email,
        phone="+49 261 123456",
        message="Ich kann dienstags.",
        language="de",
        delete_after=TODAY + datetime.timedelta(days=days_left),
    )
    VolunteerLanguage.objects.create(interest=interest, code="ar", level="fluent")
    VolunteerNote.objects.create(interest=interest, text="Angerufen, kommt zum Stammtisch.")
    notification_for(interest, "volunteer.confirmation", email, "de").save()
    return interest


def test_only_submissions_past_their_deletion_date_have_expired():
    overdue = offer(-1)
    offer(0)  # due today: kept until the day is over
    offer(30)
    assert list(expired(VolunteerInterest)) == [overdue]


def test_purge_deletes_expired_submissions_with_their_notifications_and_keeps_the_others():
    overdue, later = offer(-1), offer(30)
    assert purge_expired(action="delete") == 1
    assert list(VolunteerInterest.objects.all()) == [later]
    assert not Notification.objects.for_object(overdue).exists()
    assert Notification.objects.for_object(later).count() == 1
    assert not VolunteerNote.objects.filter(interest_id=overdue.pk).exists()


def test_purge_anonymises_expired_submissions_clearing_personal_data_and_related_rows():
    overdue, later = offer(-1), offer(30, name="Karim Beispiel")
    assert purge_expired(action="anonymise") == 1
    overdue.refresh_from_db()
    assert overdue.anonymised_at is not None
    for name in VolunteerInterest.personal_data_fields:
        assert getattr(overdue, name) == "", name
    assert not overdue.languages.exists()
    assert not overdue.notes.exists()
    assert not Notification.objects.for_object(overdue).exists()
    later.refresh_from_db()
    assert later.name == "Karim Beispiel" and later.anonymised_at is None


def test_an_anonymised_submission_is_not_purged_again():
    offer(-1)
    assert purge_expired(action="anonymise") == 1
    assert purge_expired(action="anonymise") == 0
    assert DataProtectionLog.objects.filter(action="purge").count() == 1


def test_purge_follows_the_retention_action_setting(settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RETENTION_ACTION": "anonymise"}
    overdue = offer(-1)
    purge_expired_submissions.apply().get()
    overdue.refresh_from_db()
    assert overdue.anonymised_at is not None


def test_an_unknown_retention_action_is_refused_and_nothing_is_purged():
    offer(-1)
    with pytest.raises(ValueError, match="'delete' or 'anonymise'"):
        purge_expired(action="shred")
    assert VolunteerInterest.objects.count() == 1


def test_a_purge_is_logged_with_its_action_and_count_and_no_personal_data():
    offer(-2)
    offer(-1, email="karim@example.org")
    offer(5)
    purge_expired(action="delete", via="job")
    entry = DataProtectionLog.objects.get()
    assert (entry.action, entry.via, entry.subject, entry.count) == ("purge", "job", "delete", 2)
    assert entry.user is None


def test_a_purge_with_nothing_to_do_logs_nothing():
    offer(5)
    assert purge_expired() == 0
    assert not DataProtectionLog.objects.exists()


def test_the_command_shows_progress_and_the_count_and_takes_the_action_from_its_option():
    overdue = [offer(-1, email=f"person{n}@example.org") for n in range(3)]
    out = StringIO()
    call_command("purge_expired_submissions", "--action", "anonymise", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == ["3/3", "3 expired submissions purged."]
    assert all(VolunteerInterest.objects.get(pk=i.pk).anonymised_at for i in overdue)
    entry = DataProtectionLog.objects.get()
    assert (entry.via, entry.subject, entry.count) == ("command", "anonymise", 3)


def test_the_command_reports_progress_every_fifty_submissions():
    for n in range(101):
        VolunteerInterest.objects.create(
            name=f"Person {n}", language="de", delete_after=TODAY - datetime.timedelta(days=1)
        )
    out = StringIO()
    call_command("purge_expired_submissions", stdout=out)
    assert out.getvalue().splitlines() == [
        "50/101",
        "100/101",
        "101/101",
        "101 expired submissions purged.",
    ]
    assert not VolunteerInterest.objects.exists()

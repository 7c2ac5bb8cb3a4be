"""What the submission models share (wagtail_integration/submissions/models.py): status times,
notes, and the name a submission goes by."""

import datetime

import pytest
from django.utils import timezone, translation

from tests import factories
from wagtail_integration.honours.models import Nomination, NominationNote, NominationStatus
from wagtail_integration.volunteering.models import Status, VolunteerInterest, VolunteerNote

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=30)


def stored_offer(**fields):
    """An offer of help as the workspace gets it: loaded from the database."""
    return VolunteerInterest.objects.get(pk=factories.volunteer_interest(**fields).pk)


def test_a_new_submission_in_the_default_status_gets_no_status_times():
    offer = stored_offer()

    assert offer.status == Status.NEW
    assert offer.status_changed_at is None
    assert (offer.contacted_at, offer.matched_at, offer.activated_at) == (None, None, None)


def test_a_new_submission_stored_in_another_status_has_reached_it_when_stored():
    before = timezone.now()

    offer = stored_offer(status=Status.CONTACTED)

    assert offer.status_changed_at >= before
    assert offer.contacted_at == offer.status_changed_at
    assert offer.matched_at is None


def test_a_status_change_sets_the_change_time_and_the_time_the_status_was_first_reached():
    offer = stored_offer()
    before = timezone.now()

    offer.status = Status.MATCHED
    offer.save()

    offer.refresh_from_db()
    assert offer.status_changed_at >= before
    assert offer.matched_at == offer.status_changed_at
    assert offer.contacted_at is None and offer.activated_at is None


def test_reaching_a_status_again_keeps_the_time_it_was_first_reached():
    offer = stored_offer(status=Status.CONTACTED)
    VolunteerInterest.objects.filter(pk=offer.pk).update(contacted_at=LONG_AGO)
    offer = VolunteerInterest.objects.get(pk=offer.pk)

    offer.status = Status.MATCHED
    offer.save()
    offer.status = Status.CONTACTED
    offer.save()

    offer.refresh_from_db()
    assert offer.contacted_at == LONG_AGO
    assert offer.status_changed_at > LONG_AGO


def test_a_status_without_a_timestamp_of_its_own_sets_only_the_change_time():
    offer = stored_offer()

    offer.status = Status.INACTIVE
    offer.save()

    offer.refresh_from_db()
    assert offer.status_changed_at is not None
    assert (offer.contacted_at, offer.matched_at, offer.activated_at) == (None, None, None)


def test_a_save_that_keeps_the_status_leaves_the_status_times_alone():
    offer = stored_offer(status=Status.CONTACTED)
    VolunteerInterest.objects.filter(pk=offer.pk).update(
        status_changed_at=LONG_AGO, contacted_at=LONG_AGO
    )
    offer = VolunteerInterest.objects.get(pk=offer.pk)

    offer.district = "Altstadt"
    offer.save()
    offer.save()

    offer.refresh_from_db()
    assert (offer.status_changed_at, offer.contacted_at) == (LONG_AGO, LONG_AGO)


def test_a_nomination_records_when_its_status_changed():
    nomination = Nomination.objects.get(pk=factories.nomination().pk)
    assert nomination.status_changed_at is None
    before = timezone.now()

    nomination.status = NominationStatus.SHORTLISTED
    nomination.save()

    nomination.refresh_from_db()
    assert nomination.status_changed_at >= before


@pytest.mark.parametrize(
    ("make_submission", "note_model", "key"),
    [
        (factories.volunteer_interest, VolunteerNote, "interest"),
        (factories.nomination, NominationNote, "nomination"),
    ],
)
def test_notes_come_in_the_order_written_and_are_exported_with_time_and_text(
    make_submission, note_model, key
):
    submission = make_submission()
    later = note_model.objects.create(**{key: submission}, text="Zweiter Anruf")
    first = note_model.objects.create(**{key: submission}, text="x" * 80, created_at=LONG_AGO)

    assert list(submission.notes.all()) == [first, later]
    assert str(first) == "x" * 60
    assert submission.personal_data()["notes"] == [
        {"time": LONG_AGO.isoformat(), "text": "x" * 80},
        {"time": later.created_at.isoformat(), "text": "Zweiter Anruf"},
    ]


@pytest.mark.parametrize(
    ("make_submission", "name"),
    [(factories.volunteer_interest, "Offer of help"), (factories.nomination, "Nomination")],
)
def test_a_submission_goes_by_its_kind_and_number_never_by_a_name(make_submission, name):
    submission = make_submission()

    with translation.override("en"):
        assert str(submission) == f"{name} #{submission.pk}"

"""The jury's workspace reads at a glance too: local times, e-mails in words, notes as a history,
exports in the jury member's language (issue 18)."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests import factories
from tests.honours.support import url
from wagtail_integration.honours.models import NominationNote
from wagtail_integration.submissions.models import Notification

pytestmark = pytest.mark.django_db

#: 9:30 UTC on 1 July 2026 is 11:30 in Berlin (summer time).
WRITTEN = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def jury_member():
    return factories.jury_member(first_name="Jana", last_name="Jury")


@pytest.fixture
def english(client, jury_member):
    profile = UserProfile.get_for_user(jury_member)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(jury_member)
    return client


def test_the_inspect_view_shows_local_times_and_names_each_email_in_words(english, jury_member):
    nomination = factories.nomination(created_at=WRITTEN)
    NominationNote.objects.create(
        nomination=nomination, author=jury_member, text="Gut", created_at=WRITTEN
    )
    Notification.objects.create(
        subject=nomination, kind="nomination.jury", recipient="jury@example.org", language="de"
    )
    html = english.get(url("inspect", nomination.pk)).content.decode()
    assert html.count("07/01/2026 11:30 a.m.") >= 2  # received, and the note
    assert "9:30" not in html
    assert "New nomination, to the jury" in html
    assert "nomination.jury" not in html


def test_the_export_has_the_notes_with_author_and_local_time_and_english_headings(
    english, jury_member
):
    nomination = factories.nomination(created_at=WRITTEN, nominee_is_group=True)
    NominationNote.objects.create(
        nomination=nomination, author=jury_member, text="Gut", created_at=WRITTEN
    )
    response = english.get(url("list") + "?export=csv")
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert row["Jury notes"] == "Jana Jury, 07/01/2026 11:30 a.m.: Gut"
    assert row["A group or organisation"] == "Yes"
    assert row["Language"] == "German"


def test_a_jury_member_cannot_delete_another_members_note(english):
    nomination = factories.nomination()
    other = factories.jury_member("kollegin")
    note = NominationNote.objects.create(
        nomination=nomination, author=other, text="Gut", created_at=timezone.now()
    )
    data = {
        "status": nomination.status,
        "nominee_name": nomination.nominee_name,
        "nominee_work": nomination.nominee_work,
        "reason": nomination.reason,
        "nominator_name": nomination.nominator_name,
        "email": nomination.email,
        "delete_after": nomination.delete_after.isoformat(),
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "1",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "notes-0-id": str(note.pk),
        "notes-0-text": "Geändert",
        "notes-0-DELETE": "1",
    }
    response = english.post(url("edit", nomination.pk), data)
    assert response.status_code == 200
    note.refresh_from_db()
    assert note.text == "Gut"
    assert "only by its author" in response.content.decode()

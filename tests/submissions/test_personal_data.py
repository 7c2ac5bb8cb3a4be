"""A person's right of access and erasure: the export and erase functions and commands."""

import io
import json
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wagtail_integration.submissions.models import DataProtectionLog, Notification, email_digest
from wagtail_integration.submissions.outbox import notification_for
from wagtail_integration.submissions.personal_data import (
    erase_personal_data,
    export_personal_data,
)
from wagtail_integration.volunteering.models import (
    VolunteerInterest,
    VolunteerLanguage,
    VolunteerNote,
)

pytestmark = pytest.mark.django_db

ADDRESS = "erika@example.org"


def offer(email=ADDRESS, name="Erika Beispiel"):
    """An offer of help with a language, a note and a confirmation in the outbox."""
    interest = VolunteerInterest.objects.create(
        name=name, email=email, district="Lützel", language="de"
    )
    VolunteerLanguage.objects.create(interest=interest, code="ar", level="fluent")
    VolunteerNote.objects.create(interest=interest, text="Spricht auch Kurdisch.")
    notification_for(interest, "volunteer.confirmation", email, "de").save()
    return interest


def assert_logged_without_the_address(action, via, count):
    entry = DataProtectionLog.objects.get(action=action)
    assert (entry.via, entry.count) == (via, count)
    assert entry.subject == email_digest(ADDRESS)
    assert "erika" not in entry.subject
    return entry


def test_the_export_holds_every_submission_of_the_address_with_notes_and_languages():
    offer()
    offer(email="Erika@Example.org")  # the same person, spelt differently
    offer(email="karim@example.org", name="Karim Beispiel")
    data = export_personal_data(ADDRESS, via="admin")
    rows = data["submissions"]["integration_volunteering.VolunteerInterest"]
    assert len(rows) == 2
    assert {row["email"] for row in rows} == {"erika@example.org", "Erika@Example.org"}
    assert rows[0]["languages"] == {"ar": "fluent"}
    assert [note["text"] for note in rows[0]["notes"]] == ["Spricht auch Kurdisch."]
    assert rows[0]["district"] == "Lützel"
    assert "Karim" not in json.dumps(data)


def test_the_export_is_logged_by_a_keyed_digest_of_the_address():
    offer()
    export_personal_data(ADDRESS, via="admin")
    entry = assert_logged_without_the_address("export", "admin", 1)
    assert entry.subject == email_digest("  ERIKA@example.org ")


def test_the_export_command_prints_json_and_logs_it():
    offer()
    out = StringIO()
    call_command("export_personal_data", ADDRESS, stdout=out)
    data = json.loads(out.getvalue())
    assert data["email"] == ADDRESS
    [row] = data["submissions"]["integration_volunteering.VolunteerInterest"]
    assert row["name"] == "Erika Beispiel"
    assert row["languages"] == {"ar": "fluent"}
    assert_logged_without_the_address("export", "command", 1)


def test_the_export_command_writes_the_json_to_a_file_only_its_owner_can_read(tmp_path):
    offer()
    target = tmp_path / "erika.json"
    out, err = StringIO(), StringIO()
    call_command("export_personal_data", ADDRESS, "--output", str(target), stdout=out, stderr=err)
    assert out.getvalue() == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["submissions"]["integration_volunteering.VolunteerInterest"][0]["notes"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert str(target) in err.getvalue()


def test_the_erasure_deletes_the_submissions_and_every_message_to_the_address():
    erika = offer()
    karim = offer(email="karim@example.org", name="Karim Beispiel")
    # A message to the address about someone else's offer goes too.
    notification_for(karim, "volunteer.coordinator", ADDRESS, "de").save()
    assert erase_personal_data(ADDRESS.upper(), via="admin") == 1
    assert list(VolunteerInterest.objects.all()) == [karim]
    assert not VolunteerNote.objects.filter(interest_id=erika.pk).exists()
    assert not Notification.objects.filter(recipient__iexact=ADDRESS).exists()
    assert Notification.objects.filter(recipient="karim@example.org").count() == 1


def test_the_erase_command_with_noinput_erases_and_logs_by_digest():
    offer()
    offer()
    out = StringIO()
    call_command("erase_personal_data", ADDRESS, "--noinput", stdout=out)
    assert "2 submissions erased." in out.getvalue()
    assert not VolunteerInterest.objects.exists()
    assert_logged_without_the_address("erase", "command", 2)


def test_the_erase_command_erases_after_the_answer_yes(monkeypatch):
    offer()
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    call_command("erase_personal_data", ADDRESS, stdout=StringIO())
    assert not VolunteerInterest.objects.exists()


@pytest.mark.parametrize("answer", ["no\n", "\n", ""])
def test_the_erase_command_erases_nothing_unless_the_answer_is_yes(monkeypatch, answer):
    offer()
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))  # "": the input has ended
    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("erase_personal_data", ADDRESS, stdout=StringIO())
    assert VolunteerInterest.objects.count() == 1
    assert Notification.objects.count() == 1
    assert not DataProtectionLog.objects.exists()

"""The coordinators' workspace reads at a glance: one time zone, words not codes, the admin's
language, notes as a history, "assigned to me", exports a coordinator can use (issue 18)."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests import factories
from tests.volunteering.support import bulk_url, viewset_url
from wagtail_integration.submissions.models import DataProtectionLog, Notification
from wagtail_integration.volunteering.models import VolunteerInterest, VolunteerNote
from wagtail_integration.volunteering.panels import OffersPanel

pytestmark = pytest.mark.django_db

#: 10:00 UTC on 1 July 2026 is 12:00 in Berlin (summer time).
RECEIVED = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def coordinator():
    return factories.coordinator(first_name="Clara", last_name="Koordinatorin")


def admin_client(client, user, language):
    """``client`` logged in as ``user``, whose admin language is ``language``."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def german(client, coordinator):
    return admin_client(client, coordinator, "de")


@pytest.fixture
def english(client, coordinator):
    return admin_client(client, coordinator, "en")


def export_rows(client, spreadsheet_format, query=""):
    """The exported rows as dicts by heading."""
    response = client.get(viewset_url("list") + f"?export={spreadsheet_format}{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if spreadsheet_format == "csv":
        return list(csv.DictReader(io.StringIO(body.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], sheet


# -- one time zone ---------------------------------------------------------------------------


def test_the_inspect_view_shows_every_time_in_the_sites_time_zone(german, coordinator):
    offer = factories.volunteer_interest(created_at=RECEIVED)
    VolunteerInterest.objects.filter(pk=offer.pk).update(status_changed_at=RECEIVED)
    VolunteerNote.objects.create(interest=offer, author=coordinator, text="x", created_at=RECEIVED)
    html = german.get(viewset_url("inspect", offer.pk)).content.decode()
    assert html.count("01.07.2026 12:00") >= 3  # received, status changed, the note
    assert "10:00" not in html


# -- words, not codes ------------------------------------------------------------------------


def test_the_inspect_view_names_each_email_by_what_it_is(
    english, django_capture_on_commit_callbacks
):
    page = factories.volunteer_form_page()
    with django_capture_on_commit_callbacks(execute=True):
        english.post(page.url, factories.volunteer_post_data(page))
    offer = VolunteerInterest.objects.get()
    assert Notification.objects.for_object(offer).count() == 2
    html = english.get(viewset_url("inspect", offer.pk)).content.decode()
    assert "New offer, to the coordinators" in html
    assert "Confirmation to the person" in html
    assert "volunteer.confirmation" not in html and "volunteer.coordinator" not in html


def test_the_data_protection_log_names_an_export_and_where_it_came_from_in_words(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    english = admin_client(client, user, "en")
    factories.volunteer_interest()
    english.get(viewset_url("list") + "?export=xlsx")
    assert DataProtectionLog.objects.get().subject == (
        "integration_volunteering.VolunteerInterest (xlsx)"
    )
    html = english.get(reverse("integration_personal_data:log")).content.decode()
    assert "Offers of help (XLSX)" in html
    assert "integration_volunteering.VolunteerInterest" not in html


def test_the_bulk_dialogs_cancel_button_is_not_the_events_cancel(german):
    offer = factories.volunteer_interest()
    html = german.get(bulk_url("change_status", offer)).content.decode()
    assert "Abbrechen</a>" in html
    assert "Absagen" not in html and "Cancel</a>" not in html


# -- the admin's language --------------------------------------------------------------------


def arabic_offer():
    """An offer sent in Arabic, with an interest of the Arabic form and an Arabic speaker."""
    german_topic = factories.topic(slug="sprache", name="Sprachpatenschaft")
    factories.translate_snippet(german_topic, "en", name="Language mentoring")
    arabic_topic = factories.translate_snippet(german_topic, "ar", name="إرشاد لغوي")
    return factories.volunteer_interest(
        language="ar", interests=[arabic_topic], languages=[("ar", "fluent")]
    )


@pytest.mark.parametrize(
    ("fixture", "topic", "language"),
    [("english", "Language mentoring", "Arabic"), ("german", "Sprachpatenschaft", "Arabisch")],
)
def test_interests_and_languages_are_named_in_the_coordinators_language(
    request, fixture, topic, language
):
    client = request.getfixturevalue(fixture)
    offer = arabic_offer()
    for url in (viewset_url("list"), viewset_url("inspect", offer.pk)):
        html = client.get(url).content.decode()
        assert topic in html and language in html
        assert "إرشاد لغوي" not in html and "العربية" not in html
    rows, _sheet = export_rows(client, "xlsx")
    assert topic in rows[0].values()


def test_the_interest_filter_names_topics_in_the_coordinators_language(english):
    arabic_offer()
    html = english.get(viewset_url("list")).content.decode()
    assert re.search(r'<option value="sprache"[^>]*>\s*Language mentoring\s*</option>', html)


# -- exports a coordinator can use -----------------------------------------------------------


def offer_with_note(coordinator):
    offer = factories.volunteer_interest(
        created_at=RECEIVED, phone="+49 261 129-0", invitations=True, message="=1+1"
    )
    VolunteerNote.objects.create(
        interest=offer, author=coordinator, text="Angerufen", created_at=RECEIVED
    )
    return offer


def test_the_csv_export_has_local_times_yes_and_no_notes_and_intact_phone_numbers(
    german, coordinator
):
    offer_with_note(coordinator)
    (row,) = export_rows(german, "csv")
    assert row["Eingegangen am"] == "01.07.2026 12:00"
    assert row["Telefon"] == "+49 261 129-0"
    assert row["Einladungen zum Stammtisch"] == "Ja"
    assert row["Notizen"] == "Clara Koordinatorin, 01.07.2026 12:00: Angerufen"
    assert row["Nachricht"] == "'=1+1"  # a formula stays neutralised in CSV


def test_the_csv_export_is_headed_in_the_coordinators_language_though_it_is_streamed(
    english, coordinator
):
    offer_with_note(coordinator)
    (row,) = export_rows(english, "csv")
    assert row["Received"] == "07/01/2026 noon"  # 12:00 in Berlin, as English says it
    assert row["Invitations to the Stammtisch"] == "Yes"
    assert row["Notes"].startswith("Clara Koordinatorin")


def test_the_xlsx_export_writes_text_as_text_without_apostrophes_and_local_times(
    german, coordinator
):
    offer_with_note(coordinator)
    (row,), sheet = export_rows(german, "xlsx")
    assert row["Telefon"] == "+49 261 129-0"
    assert row["Nachricht"] == "=1+1"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    assert row["Eingegangen am"] == datetime.datetime(2026, 7, 1, 12, 0)
    assert row["Einladungen zum Stammtisch"] == "Ja"


# -- notes are a history ---------------------------------------------------------------------


def note_edit_data(offer, note, **changes):
    data = {
        "status": offer.status,
        "assigned_to": offer.assigned_to_id or "",
        "delete_after": offer.delete_after.isoformat(),
        "name": offer.name,
        "email": offer.email,
        "phone": offer.phone,
        "contact_channel": offer.contact_channel,
        "district": offer.district,
        "availability_note": "",
        "experience": "",
        "message": offer.message,
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "1",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "notes-0-id": str(note.pk),
        "notes-0-text": note.text,
        "notes-0-ORDER": "1",
        "languages-TOTAL_FORMS": "0",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_the_edit_form_names_each_notes_author_and_time(german, coordinator):
    offer = factories.volunteer_interest()
    VolunteerNote.objects.create(interest=offer, author=coordinator, text="x", created_at=RECEIVED)
    html = german.get(viewset_url("edit", offer.pk)).content.decode()
    assert "Clara Koordinatorin, 01.07.2026 12:00" in html


def test_the_author_may_correct_a_fresh_note(german, coordinator):
    offer = factories.volunteer_interest()
    note = VolunteerNote.objects.create(interest=offer, author=coordinator, text="Angerufn")
    data = note_edit_data(offer, note, **{"notes-0-text": "Angerufen"})
    response = german.post(viewset_url("edit", offer.pk), data)
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Angerufen"


@pytest.mark.parametrize("whose", ["another coordinator's", "an old"])
def test_a_note_that_is_not_ones_own_or_is_old_cannot_be_changed_or_deleted(
    german, coordinator, whose
):
    offer = factories.volunteer_interest()
    if whose == "an old":
        author, written = coordinator, timezone.now() - datetime.timedelta(minutes=16)
    else:
        author, written = factories.coordinator("kollege"), timezone.now()
    note = VolunteerNote.objects.create(
        interest=offer, author=author, text="Angerufen", created_at=written
    )
    data = note_edit_data(offer, note, **{"notes-0-text": "Überschrieben"})
    german.post(viewset_url("edit", offer.pk), data)
    note.refresh_from_db()
    assert note.text == "Angerufen"

    response = german.post(
        viewset_url("edit", offer.pk), note_edit_data(offer, note, **{"notes-0-DELETE": "1"})
    )
    assert response.status_code == 200
    assert VolunteerNote.objects.filter(pk=note.pk).exists()
    assert response.context["form"].non_field_errors()


@override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_NOTE_EDIT_MINUTES": 60})
def test_the_time_to_correct_a_note_is_a_setting(german, coordinator):
    offer = factories.volunteer_interest()
    note = VolunteerNote.objects.create(
        interest=offer,
        author=coordinator,
        text="Angerufen",
        created_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    response = german.post(
        viewset_url("edit", offer.pk), note_edit_data(offer, note, **{"notes-0-DELETE": "1"})
    )
    assert response.status_code == 302
    assert not VolunteerNote.objects.filter(pk=note.pk).exists()


# -- assigned to me --------------------------------------------------------------------------


def test_assigned_to_me_lists_only_the_users_offers(german, coordinator):
    factories.volunteer_interest("Anna A", assigned_to=coordinator)
    factories.volunteer_interest("Bernd B", assigned_to=factories.coordinator("kollege"))
    factories.volunteer_interest("Carla C")
    response = german.get(viewset_url("list") + "?mine=me")
    assert [offer.name for offer in response.context["object_list"]] == ["Anna A"]


def test_the_dashboard_counts_the_offers_assigned_to_the_user_and_links_to_them(
    german, coordinator, rf
):
    factories.volunteer_interest("Anna A", assigned_to=coordinator)
    factories.volunteer_interest("Bernd B", assigned_to=coordinator)
    factories.volunteer_interest("Carla C")
    request = rf.get("/admin/")
    request.user = coordinator
    context = OffersPanel().get_context_data({"request": request})
    assert context["mine"] == 2
    assert context["mine_url"] == viewset_url("list") + "?mine=me"
    html = german.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{viewset_url("list")}?mine=me"' in html


def test_the_exported_file_is_named_in_the_coordinators_language_with_the_day(client, coordinator):
    factories.volunteer_interest()
    day = timezone.localdate().isoformat()
    response = admin_client(client, coordinator, "de").get(viewset_url("list") + "?export=csv")
    assert f'filename="hilfsangebote-{day}.csv"' in response["Content-Disposition"]
    english = admin_client(client, coordinator, "en")
    response = english.get(viewset_url("list") + "?export=xlsx")
    assert f"offers-of-help-{day}.xlsx" in response["Content-Disposition"]


def test_an_export_named_in_cyrillic_keeps_the_latin_file_name(client, coordinator):
    factories.volunteer_interest()
    russian = admin_client(client, coordinator, "ru")
    response = russian.get(viewset_url("list") + "?export=csv")
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="offers-of-help-{day}.csv"'

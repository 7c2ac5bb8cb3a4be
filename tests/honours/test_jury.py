"""The jury's workspace (wagtail_integration/honours/workspace.py) and the "Honours jury" group."""

import csv
import datetime
import io
import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from tests import factories
from tests.honours.support import url
from wagtail_integration.honours.models import Nomination, NominationNote, NominationStatus
from wagtail_integration.submissions.models import DataProtectionLog

pytestmark = pytest.mark.django_db

_group_migration = import_module("wagtail_integration.honours.migrations.0003_honours_jury_group")

JURY = "Honours jury"


@pytest.fixture
def jury_client(client):
    client.force_login(factories.jury_member())
    return client


@pytest.fixture
def editor_client(client):
    """An editor of Wagtail's "Editors" group: may use the admin and edit pages, no jury."""
    editor = get_user_model().objects.create_user("redaktion", "redaktion@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    return client


def test_the_migration_gives_the_jury_nominations_and_notes_but_no_personal_data_rights():
    group = Group.objects.get(name=JURY)
    # Wagtail's own migrations add "choose" permissions to every group that can use the admin.
    codenames = set(
        group.permissions.exclude(codename__startswith="choose_").values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        ("wagtailadmin", "access_admin"),
        *(
            ("integration_honours", f"{action}_{model}")
            for model in ("nomination", "nominationnote")
            for action in ("add", "change", "delete", "view")
        ),
    }
    assert not group.page_permissions.exists()


class _SchemaEditor:
    connection = connection


def test_the_group_migration_runs_again_without_harm_and_is_reversed_by_removing_the_group():
    group = Group.objects.get(name=JURY)
    before = set(group.permissions.values_list("pk", flat=True))
    _group_migration.create_group(django_apps, _SchemaEditor)
    assert Group.objects.filter(name=JURY).count() == 1
    assert set(group.permissions.values_list("pk", flat=True)) == before
    _group_migration.remove_group(django_apps, _SchemaEditor)
    assert not Group.objects.filter(name=JURY).exists()
    assert Permission.objects.filter(codename="view_nomination").exists()


def test_an_editor_without_the_jury_group_reaches_no_nomination(editor_client):
    item = factories.nomination(
        status=NominationStatus.SHORTLISTED, nominee_work="Leitet seit 2016 ein Sprachcafé."
    )
    NominationNote.objects.create(nomination=item, text="Sehr überzeugend")
    chooser = reverse(Nomination.snippet_viewset.chooser_viewset.get_url_name("choose"))
    urls = [
        url("list"),
        url("list") + "?export=csv",
        url("list") + "?export=xlsx",
        url("list") + "?q=Erika",
        url("list_results"),
        url("add"),
        url("edit", item.pk),
        url("inspect", item.pk),
        url("delete", item.pk),
        url("history", item.pk),
        url("create_recipient_page", item.pk),
        chooser,
        chooser + "results/?q=Erika",
    ]
    for address in urls:
        response = editor_client.get(address)
        assert response.status_code in (302, 403), address
        body = response.content.decode()
        for personal in (item.nominee_name, item.email, "Sprachcafé", "überzeugend"):
            assert personal not in body, address
    response = editor_client.post(url("create_recipient_page", item.pk))
    assert response.status_code in (302, 403)
    response = editor_client.post(url("edit", item.pk), {"status": "awarded"})
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert item.status == NominationStatus.SHORTLISTED
    assert item.recipient_page is None
    assert not DataProtectionLog.objects.exists()
    dashboard = editor_client.get("/admin/").content.decode()
    assert url("list") not in dashboard


def bulk_delete_url(*items):
    """Wagtail's bulk delete of ``items``, as the listing's checkboxes ask for it."""
    ids = "&".join(f"id={item.pk}" for item in items)
    return f"/admin/bulk/integration_honours/nomination/delete/?{ids}"


def test_an_editor_outside_the_jury_sees_no_nominee_in_the_bulk_delete_and_deletes_nothing(
    editor_client,
):
    item = factories.nomination(nominee_name="Zora Unsichtbar", email="zora@example.org")

    refusals = [editor_client.get(bulk_delete_url(item)), editor_client.post(bulk_delete_url(item))]
    assert all(response.status_code in (302, 403) for response in refusals)
    followed = editor_client.get(bulk_delete_url(item), follow=True)
    for response in (*refusals, followed):
        body = response.content.decode()
        assert "Unsichtbar" not in body and "zora@example.org" not in body
    assert Nomination.objects.filter(pk=item.pk).exists()


def test_the_jury_deletes_nominations_in_bulk(jury_client):
    first, second = factories.nomination(), factories.nomination()

    assert jury_client.get(bulk_delete_url(first, second)).status_code == 200
    response = jury_client.post(bulk_delete_url(first, second))

    assert response.status_code == 302
    assert not Nomination.objects.exists()


def test_the_jury_sees_nominee_status_and_date_received_in_the_list(jury_client):
    item = factories.nomination()
    response = jury_client.get(url("list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert item.nominee_name in html
    # In the site's language, the status and the date column's heading read differently.
    # (Wagtail 7.0 and 8 mark the cell up differently.)
    assert re.search(r"<td[^>]*>\s*(<[^>]*>\s*)*eingegangen\s*(<[^>]*>\s*)*</td>", html)
    assert re.search(r'class="icon icon-arrow-down-after label">\s*eingegangen am\s*<', html)
    assert url("edit", item.pk) in html
    assert url("list") in jury_client.get("/admin/").content.decode()


def names(client, query):
    html = client.get(url("list_results") + query).content.decode()
    return sorted(set(re.findall(r"(Nominee [A-Z])", html)))


def test_the_jury_filters_by_status_year_received_and_person_or_group(jury_client):
    last_year = timezone.now() - datetime.timedelta(days=400)
    factories.nomination(nominee_name="Nominee A", status=NominationStatus.SHORTLISTED)
    factories.nomination(nominee_name="Nominee B", nominee_is_group=True)
    factories.nomination(
        nominee_name="Nominee C", created_at=last_year, status=NominationStatus.AWARDED
    )

    assert names(jury_client, "?status=shortlisted&status=awarded") == ["Nominee A", "Nominee C"]
    assert names(jury_client, f"?year={last_year.year}") == ["Nominee C"]
    assert names(jury_client, "?nominee=group") == ["Nominee B"]
    assert names(jury_client, "?nominee=person") == ["Nominee A", "Nominee C"]


def test_the_jury_searches_names_without_the_search_index(jury_client):
    from wagtail.search.models import IndexEntry

    factories.nomination(nominee_name="Nominee A", nominee_organisation="Nachbarschaftshilfe Nord")
    factories.nomination(nominee_name="Nominee B")

    assert names(jury_client, "?q=hilfe nord") == ["Nominee A"]
    assert not IndexEntry.objects.filter(content_type__model="nomination").exists()


def test_the_export_neutralises_formulas_and_is_logged(jury_client):
    item = factories.nomination(nominee_name='=HYPERLINK("http://evil.example")', reason="+1 A1")

    response = jury_client.get(url("list") + "?export=csv")

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    header, row = rows[0], rows[1]
    # The jury member has no admin language of their own: the headings are in the site's.
    headings = Nomination.snippet_viewset.export_headings
    with translation.override(settings.LANGUAGE_CODE):
        nominee, reason = (
            header.index(capfirst(str(headings[f]))) for f in ("nominee_name", "reason")
        )
    assert row[nominee] == '\'=HYPERLINK("http://evil.example")'
    assert row[reason] == "'+1 A1"
    entry = DataProtectionLog.objects.get()
    assert (entry.action, entry.count, entry.user.username) == ("spreadsheet", 1, "jury")
    assert item.nominee_name not in entry.subject


def test_the_xlsx_export_writes_formula_like_text_as_text(jury_client):
    factories.nomination(nominee_name="@SUM(A1)")

    response = jury_client.get(url("list") + "?export=xlsx")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = next(sheet.iter_rows(min_row=2, max_row=2))
    # An XLSX text cell is never calculated: no apostrophe needed, and none added.
    assert "@SUM(A1)" in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)
    assert DataProtectionLog.objects.count() == 1


def test_a_new_note_gets_the_jury_member_as_its_author(jury_client):
    item = factories.nomination()
    data = {
        "status": "in_review",
        "nominee_name": item.nominee_name,
        "nominee_work": item.nominee_work,
        "reason": item.reason,
        "nominator_name": item.nominator_name,
        "email": item.email,
        "delete_after": item.delete_after.isoformat(),
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "notes-0-text": "Bitte im März besprechen.",
        "notes-0-id": "",
        "notes-0-ORDER": "1",
        "notes-0-DELETE": "",
    }

    response = jury_client.post(url("edit", item.pk), data)

    assert response.status_code == 302, response.context["form"].errors
    note = item.notes.get()
    assert note.author.username == "jury"
    item.refresh_from_db()
    assert item.status == NominationStatus.IN_REVIEW
    assert item.status_changed_at is not None


def test_the_inspect_view_shows_the_nomination_with_its_notes(jury_client):
    item = factories.nomination(nominee_work="<b>Sprachcafé</b>")
    author = get_user_model().objects.get(username="jury")
    NominationNote.objects.create(nomination=item, text="Sehr überzeugend", author=author)

    html = jury_client.get(url("inspect", item.pk)).content.decode()

    assert item.nominee_name in html and item.email in html
    assert "Sehr überzeugend" in html and ">jury," in html.replace("\n", "").replace(" ", "")
    assert "&lt;b&gt;Sprachcafé&lt;/b&gt;" in html


def test_the_audit_log_names_a_nomination_by_number_only(jury_client):
    from wagtail.models import ModelLogEntry

    item = factories.nomination()
    jury_client.post(url("delete", item.pk))

    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and all(item.nominee_name not in label for label in labels)
    assert not Nomination.objects.exists()


def test_an_erased_nomination_keeps_no_personal_data_in_the_list(jury_client):
    item = factories.nomination()
    name, email = item.nominee_name, item.email
    item.anonymise()

    html = jury_client.get(url("list")).content.decode()

    assert name not in html and email not in html

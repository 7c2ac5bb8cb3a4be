"""Translation status of pages and snippets per language: the statuses, the report, the panel."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from tests import factories
from wagtail_integration.admin_views import URL_NAMESPACE
from wagtail_integration.taxonomy import Topic
from wagtail_integration.translation_status import (
    Status,
    content_languages,
    status_counts,
    translation_statuses,
)

pytestmark = pytest.mark.django_db

REPORT = f"{URL_NAMESPACE}:index"
SIX = ["en", "ar", "uk", "tr", "ru", "fa"]


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    """Translate an object with wagtail-localize as its editor does, and save the translation.

    ``leave_out`` texts stay untranslated; ``kind`` is how the others were translated.
    """

    def translate(obj, language_code, kind="manual", leave_out=0):
        source, _created = TranslationSource.get_or_create_from_instance(obj)
        locale = factories.locale(language_code)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        segments = source.stringsegment_set.select_related("string", "context").order_by("order")
        for segment in list(segments)[leave_out:]:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": f"{segment.string.data} ({language_code})",
                    "translation_type": kind,
                },
            )
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)
        return translation

    return translate


def statuses_of(obj, **kwargs):
    """``{language: status}`` of ``obj`` (its German version) in the seven languages of the demo."""
    kwargs.setdefault("languages", SIX)
    return {
        row.language_code: row.status
        for row in translation_statuses(**kwargs)
        if type(row.object)._meta.concrete_model is type(obj)._meta.concrete_model
        and row.object.pk == obj.pk
    }


def publish(page, **fields):
    page = page.specific
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# The statuses


def test_every_content_language_but_german_is_reported_in_the_order_of_the_settings():
    from django.conf import settings as django_settings

    codes = [code for code, _name in django_settings.WAGTAIL_CONTENT_LANGUAGES if code != "de"]

    assert [code for code, _name in content_languages()] == codes
    assert {"en", "ar", "uk", "tr", "ru", "fa"} <= set(codes)


def test_a_page_has_each_status_in_a_language(translate):
    page = factories.plain_page(title="Beratung")
    translate(page, "en")
    translate(page, "uk", leave_out=1)
    translate(page, "tr", kind=StringTranslation.TRANSLATION_TYPE_MACHINE)
    translate(page, "ru")
    # Synchronised again later: the Russian translation was written before.
    source = TranslationSource.objects.get(object_id=page.translation_key)
    source.update_from_db()
    translate(page, "en")
    translate(page, "uk", leave_out=1)
    translate(page, "tr", kind=StringTranslation.TRANSLATION_TYPE_MACHINE)

    assert statuses_of(page) == {
        "en": Status.UP_TO_DATE,
        "ar": Status.MISSING,
        "uk": Status.INCOMPLETE,
        "tr": Status.MACHINE,
        "ru": Status.OUTDATED,
        "fa": Status.MISSING,
    }


def test_a_page_edited_after_the_last_synchronisation_is_outdated_in_every_language(translate):
    page = factories.plain_page(title="Beratung")
    translate(page, "en")
    translate(page, "ar")

    publish(page, title="Beratung und Hilfe")

    statuses = statuses_of(page)
    assert (statuses["en"], statuses["ar"]) == (Status.OUTDATED, Status.OUTDATED)


def test_a_page_synchronised_and_translated_again_is_up_to_date(translate):
    page = factories.plain_page(title="Beratung")
    translate(page, "en")
    publish(page, title="Beratung und Hilfe")
    TranslationSource.objects.get(object_id=page.translation_key).update_from_db()
    assert statuses_of(page)["en"] == Status.OUTDATED  # synchronised, not yet translated

    translate(page, "en")

    assert statuses_of(page)["en"] == Status.UP_TO_DATE


def test_a_machine_translated_text_counts_as_reviewed_once_a_person_saved_it(translate):
    page = factories.plain_page(title="Beratung")
    translate(page, "en", kind=StringTranslation.TRANSLATION_TYPE_MACHINE)
    assert statuses_of(page)["en"] == Status.MACHINE

    StringTranslation.objects.filter(locale__language_code="en").update(
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL
    )

    assert statuses_of(page)["en"] == Status.UP_TO_DATE


def test_a_submitted_translation_without_translated_texts_is_incomplete(translate):
    page = factories.plain_page(title="Beratung")

    translate(page, "en", leave_out=99)

    [row] = [
        row
        for row in translation_statuses()
        if row.object.pk == page.pk and row.language_code == "en"
    ]
    assert row.status == Status.INCOMPLETE
    assert (row.translated, row.segments > 0, row.machine) == (0, True, 0)


def test_an_alias_in_another_language_counts_as_missing():
    page = factories.plain_page(title="Beratung")
    page.copy_for_translation(factories.locale("en"), copy_parents=True, alias=True)

    assert statuses_of(page)["en"] == Status.MISSING


def test_a_page_translated_by_hand_is_outdated_when_the_source_was_published_after_it():
    page = factories.plain_page(title="Beratung")
    factories.translate_page(page, "en", title="Advice")
    assert statuses_of(page)["en"] == Status.UP_TO_DATE

    publish(page, title="Beratung und Hilfe")

    assert statuses_of(page)["en"] == Status.OUTDATED


def test_a_snippet_has_each_status_in_a_language(translate):
    topic = factories.topic(name="Gesundheit", description="Ärzte und Kliniken")
    translate(topic, "en")
    translate(topic, "uk", leave_out=1)
    translate(topic, "tr", kind=StringTranslation.TRANSLATION_TYPE_MACHINE)
    translate(topic, "ru")
    TranslationSource.objects.get(object_id=topic.translation_key).update_from_db()
    translate(topic, "en")
    translate(topic, "uk", leave_out=1)
    translate(topic, "tr", kind=StringTranslation.TRANSLATION_TYPE_MACHINE)

    assert statuses_of(topic) == {
        "en": Status.UP_TO_DATE,
        "ar": Status.MISSING,
        "uk": Status.INCOMPLETE,
        "tr": Status.MACHINE,
        "ru": Status.OUTDATED,
        "fa": Status.MISSING,
    }


def test_a_snippet_changed_after_the_last_synchronisation_is_outdated_until_translated_again(
    translate,
):
    topic = factories.topic(name="Gesundheit", description="Ärzte und Kliniken")
    translate(topic, "en")
    assert statuses_of(topic)["en"] == Status.UP_TO_DATE

    topic.description = "Ärzte, Kliniken und Apotheken"
    topic.save()
    assert statuses_of(topic)["en"] == Status.OUTDATED

    TranslationSource.objects.get(object_id=topic.translation_key).update_from_db()
    assert statuses_of(topic)["en"] == Status.OUTDATED
    translate(topic, "en")
    assert statuses_of(topic)["en"] == Status.UP_TO_DATE


def test_an_organisation_with_child_rows_is_compared_with_them(translate):
    organisation = factories.organisation(name="Migrationsberatung")
    translate(organisation, "en")
    assert statuses_of(organisation)["en"] == Status.UP_TO_DATE

    organisation.opening_hours.first().delete()

    assert statuses_of(organisation)["en"] == Status.OUTDATED


def test_the_statuses_are_counted_per_language(translate):
    page = factories.plain_page(title="Beratung")
    translate(page, "en")

    counts = status_counts(translation_statuses(snippet_models=[]))

    assert counts["en"][Status.UP_TO_DATE] >= 1
    assert set(counts["en"]) == set(Status)
    assert counts["ar"][Status.UP_TO_DATE] == 0


def test_only_the_languages_asked_for_are_reported():
    factories.plain_page(title="Beratung")

    rows = translation_statuses(languages=["ar", "xx"], snippet_models=[])

    assert {row.language_code for row in rows} == {"ar"}


def test_the_number_of_queries_does_not_grow_with_the_number_of_objects(translate):
    def make(count):
        for number in range(count):
            page = factories.plain_page(title=f"Seite {number}")
            topic = factories.topic()
            organisation = factories.organisation()
            for obj in (page, topic, organisation):
                translate(obj, "en")
                translate(obj, "ar", kind=StringTranslation.TRANSLATION_TYPE_MACHINE)
            publish(page, title=f"Seite {number} neu")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = translation_statuses()
        return len(captured), len(rows)

    make(3)
    queries()  # content types cached, as in a running site
    few, few_rows = queries()
    make(9)
    many, many_rows = queries()

    assert many_rows > few_rows
    assert many == few


# The report


@pytest.fixture
def editor_client(client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin_user)
    return client


@pytest.fixture
def content(translate):
    page = factories.plain_page(title="Beratung")
    translate(page, "en")
    topic = factories.topic(name="Gesundheit", description="Ärzte und Kliniken")
    translate(topic, "en", kind=StringTranslation.TRANSLATION_TYPE_MACHINE)
    return page, topic


def listed(response):
    return {(row.title, row.language_code, row.status) for row in response.context["object_list"]}


def test_the_report_lists_each_object_in_each_language(editor_client, content):
    response = editor_client.get(reverse(REPORT), {"language": "en"})

    assert response.status_code == 200
    assert {("Beratung", "en", Status.UP_TO_DATE), ("Gesundheit", "en", Status.MACHINE)} <= (
        listed(response)
    )


def test_the_report_filters_by_status_language_and_kind(editor_client, content):
    page, topic = content
    url = reverse(REPORT)

    missing_ar = listed(editor_client.get(url, {"status": "missing", "language": "ar"}))
    assert ("Beratung", "ar", Status.MISSING) in missing_ar
    assert {(status, language) for _title, language, status in missing_ar} == {
        (Status.MISSING, "ar")
    }

    topics = listed(editor_client.get(url, {"kind": Topic._meta.label_lower, "language": "en"}))
    assert topics == {("Gesundheit", "en", Status.MACHINE)}

    machine = listed(editor_client.get(url, {"status": "machine"}))
    assert machine == {("Gesundheit", "en", Status.MACHINE)}


def test_the_report_links_to_the_object_and_its_translation(editor_client, content):
    page, topic = content
    english = page.get_translation(factories.locale("en"))

    html = editor_client.get(reverse(REPORT), {"language": "en", "kind": "wagtailcore.page"})

    text = html.content.decode()
    assert f"/admin/pages/{page.pk}/edit/" in text
    assert f"/admin/pages/{english.pk}/edit/" in text
    assert '<caption class="w-sr-only">Translation status</caption>' in text


def test_a_missing_translation_links_to_translating_it(editor_client, content):
    page, _topic = content

    text = editor_client.get(reverse(REPORT), {"status": "missing", "language": "ar"}).content
    assert reverse("wagtail_localize:submit_page_translation", args=[page.pk]) in text.decode()


def test_the_status_is_written_out_not_only_coloured(editor_client, content):
    text = editor_client.get(reverse(REPORT), {"status": "machine"}).content.decode()

    assert "Machine-translated, not reviewed" in text


def test_the_report_exports_csv_with_cells_that_cannot_run_as_formulas(editor_client, translate):
    page = factories.plain_page(title="=HYPERLINK(1)")
    translate(page, "en")

    response = editor_client.get(reverse(REPORT), {"export": "csv", "language": "en"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["Kind", "Title", "Language code", "Language", "Status"]
    assert ["Page", "'=HYPERLINK(1)", "en", "English", "Up to date"] in [row[:5] for row in rows]


def test_the_report_exports_xlsx(editor_client, content):
    response = editor_client.get(reverse(REPORT), {"export": "xlsx", "status": "machine"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["Kind", "Title", "Language code", "Language", "Status"]
    assert values[1][1:5] == ["Gesundheit", "en", "English", "Machine-translated, not reviewed"]
    assert len(values) == 2


# The dashboard panel


def test_the_dashboard_counts_per_language_and_status_with_links_to_the_report(
    editor_client, content
):
    text = editor_client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'id="integration-translation-status-panel' in text
    assert "?language=ar&amp;status=missing" in text
    assert "Machine-translated, not reviewed" in text


# Who sees it


def admin_user_with(django_user_model, username, permissions=(), groups=()):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(*Group.objects.filter(name__in=groups))
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in permissions
        ),
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def test_page_editors_see_the_pages(client, django_user_model, content):
    client.force_login(admin_user_with(django_user_model, "editor", groups=["Editors"]))

    response = client.get(reverse(REPORT), {"language": "en"})

    assert response.status_code == 200
    assert ("Beratung", "en", Status.UP_TO_DATE) in listed(response)


def test_snippet_editors_see_only_the_snippets_they_edit(client, django_user_model, content):
    user = admin_user_with(
        django_user_model, "themen", permissions=[("integration_topics", "change_topic")]
    )
    client.force_login(user)

    response = client.get(reverse(REPORT), {"language": "en"})

    assert response.status_code == 200
    assert listed(response) == {("Gesundheit", "en", Status.MACHINE)}
    assert 'id="integration-translation-status-panel' in client.get("/admin/").content.decode()


def test_an_admin_user_who_edits_nothing_gets_no_report_menu_or_panel(
    client, django_user_model, content
):
    client.force_login(admin_user_with(django_user_model, "leser"))

    response = client.get(reverse(REPORT))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    dashboard = client.get("/admin/").content.decode()
    assert "integration-translation-status-panel" not in dashboard
    assert reverse(REPORT) not in dashboard


def test_a_user_without_admin_access_gets_nothing(client, django_user_model, content):
    user = django_user_model.objects.create_user("besuch", "besuch@example.org", "pw")
    client.force_login(user)

    response = client.get(reverse(REPORT))

    assert response.status_code == 302
    assert "Beratung" not in response.content.decode()


def test_pages_root_is_not_reported():
    assert all(
        row.object.depth > 1 for row in translation_statuses() if isinstance(row.object, Page)
    )

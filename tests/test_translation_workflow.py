"""A page sent for translation is not published in German under another language (issue 18
item 3, issue 13 item 3): it stays a draft until a person publishes its translation, and until
then visitors and the API get the German source, marked as such."""

import datetime as dt

import polib
import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from tests import factories
from wagtail_integration.events.models import EventCategory, OverrideAction
from wagtail_integration.translation_status import Status, translation_statuses

API = "/api/integration/v1"

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    return factories.guide(factories.topic_index(), title="Deutsch lernen", summary="Kurse.")


def english_item(client):
    (item,) = client.get(f"{API}/topics?locale=en").json()["items"]
    return item


def test_a_page_sent_for_translation_stays_a_draft_until_its_translation_is_published(
    admin_client,
    client,
    committed,
    guide,
):
    factories.submit_for_translation(admin_client, guide, "en")
    target = guide.get_translation(factories.locale("en"))

    # Before anyone translated a word: a draft, not German text under the English address.
    assert not target.live and target.live_revision is None
    item = english_item(client)
    assert (item["id"], item["locale"], item["fallback"]) == (guide.pk, "de", True)
    assert client.get(f"{API}/topics/{target.pk}").status_code == 404

    # A person translates the title and publishes the translation.
    translation = Translation.objects.get(source__object_id=guide.translation_key)
    segment = StringSegment.objects.get(source=translation.source, string__data="Deutsch lernen")
    response = admin_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id]),
        "value=Learning+German",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[target.id]), {"action": "publish"}
        )

    target.refresh_from_db()
    assert target.live and target.title == "Learning German"
    item = english_item(client)
    assert (item["id"], item["title"], item["locale"], item["fallback"]) == (
        target.pk,
        "Learning German",
        "en",
        False,
    )


def test_a_published_translation_stays_live_when_its_source_is_synchronised(
    admin_client,
    committed,
    guide,
):
    factories.submit_for_translation(admin_client, guide, "en")
    target = guide.get_translation(factories.locale("en"))
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[target.id]), {"action": "publish"}
        )
    target.refresh_from_db()
    assert target.live

    # The source changes and is synchronised: the published translation is not withdrawn.
    guide.summary = "Neue Kurse."
    guide.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(guide)
    with committed():
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[source.id]), {}, follow=True
        )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.live


# The whole workflow on an event series: PO download and upload, relations, outdated, sync.

ENGLISH = {
    "Ehrenamtsstammtisch": "Volunteers' get-together",
    "Austausch für Ehrenamtliche.": "Meeting other volunteers.",
    "Vortrag: Anerkennung": "Talk: recognition",
}


def status_of(page, language_code):
    (row,) = [
        row
        for row in translation_statuses(snippet_models=[], languages=[language_code])
        if row.object.pk == page.pk
    ]
    return row.status


def download_po(client, translation):
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.id]))
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def upload_po(client, translation, po):
    """Upload ``po`` in the translation editor; the messages it answered with, by level."""
    upload = SimpleUploadedFile("en.po", str(po).encode(), content_type="text/x-gettext")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.id]),
        {"file": upload, "next": "/admin/"},
    )
    assert response.status_code == 302
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def series():
    topic = factories.topic(slug="sprache", name="Sprache")
    category = EventCategory.objects.create(name="Stammtisch", slug="stammtisch")
    return factories.series(
        factories.event_index(),
        summary="Austausch für Ehrenamtliche.",
        topics=[topic],
        category=category,
        overrides=[
            {
                "date": dt.date(2026, 3, 3),
                "action": OverrideAction.NOTE,
                "note": "Vortrag: Anerkennung",
            }
        ],
    )


def test_a_series_is_translated_with_a_po_file_and_kept_in_step_with_its_source(
    admin_client, client, committed, series
):
    translation = factories.submit_for_translation(admin_client, series, "en")["en"]
    english = series.get_translation(factories.locale("en"))
    assert status_of(series, "en") == Status.INCOMPLETE

    po = download_po(admin_client, translation)
    assert set(ENGLISH) <= {entry.msgid for entry in po}
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid)
    # (the first message is the one of the submission, not yet shown)
    assert {level for level, _text in upload_po(admin_client, translation, po)} == {
        messages.SUCCESS
    }
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[english.id]), {"action": "publish"}
        )

    english.refresh_from_db()
    assert english.live
    assert (english.title, english.summary) == (
        ENGLISH["Ehrenamtsstammtisch"],
        ENGLISH["Austausch für Ehrenamtliche."],
    )
    assert [o.note for o in english.overrides.all()] == ["Talk: recognition"]
    # The category (a foreign key) points to its English version, which wagtail-localize made.
    assert english.category.locale.language_code == "en"
    assert english.category.translation_key == series.category.translation_key
    # The topics (rows of the page, copied as they are) keep pointing to the German topics, as
    # the source's do: the filters use them, and pages and API show each in the reader's
    # language once it is translated.
    (topic,) = [link.topic for link in series.topic_links.all()]
    assert [link.topic for link in english.topic_links.all()] == [topic]
    factories.translate_snippet(topic, "en", name="Language")
    (item,) = client.get(f"{API}/series/{english.pk}?locale=en").json()["topics"]
    assert item["name"] == "Language"
    assert status_of(series, "en") == Status.UP_TO_DATE

    # The source changes: the translation is outdated until it is synchronised.
    series.summary = "Treffen für alle, die helfen."
    series.save_revision().publish()
    assert status_of(series, "en") == Status.OUTDATED
    source = TranslationSource.objects.get_for_instance(series)
    with committed():
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[source.id]), {}, follow=True
        )
    assert response.status_code == 200
    # Synchronised, not yet translated again: still outdated; visitors keep the English page.
    assert status_of(series, "en") == Status.OUTDATED
    english.refresh_from_db()
    assert english.live and english.summary == "Meeting other volunteers."

    # The next PO file asks for the new sentence only; uploaded and published: up to date.
    po = download_po(admin_client, translation)
    assert [entry.msgid for entry in po.untranslated_entries()] == ["Treffen für alle, die helfen."]
    po.untranslated_entries()[0].msgstr = "A meeting for everyone who helps."
    assert {level for level, _text in upload_po(admin_client, translation, po)} == {
        messages.SUCCESS
    }
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[english.id]), {"action": "publish"}
        )
    english.refresh_from_db()
    assert english.summary == "A meeting for everyone who helps."
    assert status_of(series, "en") == Status.UP_TO_DATE


def test_a_po_file_of_another_translation_is_refused_and_nothing_is_imported(admin_client, series):
    translations = factories.submit_for_translation(admin_client, series, "en", "ar")
    po = download_po(admin_client, translations["ar"])
    for entry in po:
        entry.msgstr = f"[ar] {entry.msgid}"

    answered = upload_po(admin_client, translations["en"], po)

    assert messages.ERROR in [level for level, _text in answered]
    assert not StringTranslation.objects.filter(locale__language_code="en").exists()


def test_a_file_that_is_no_po_file_is_refused_with_a_message(admin_client, series):
    translation = factories.submit_for_translation(admin_client, series, "en")["en"]
    upload = SimpleUploadedFile("en.po", b"\x00\xff not a catalog", content_type="text/plain")
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.id]),
        {"file": upload, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert messages.ERROR in [m.level for m in get_messages(response.wsgi_request)]
    assert not StringTranslation.objects.filter(locale__language_code="en").exists()

"""The honours of the demo data: fixtures/07_honours.json and one recipient's translations."""

import re

from django.core.files.storage import default_storage

from wagtail_integration.honours.models import (
    Award,
    HonourIndexPage,
    HonourRecipientPage,
    Nomination,
    NominationFormPage,
)


def german(model):
    return model.objects.filter(locale__language_code="de")


def test_the_demo_has_three_years_of_recipients_each_with_recorded_consent(demo):
    recipients = german(HonourRecipientPage).live()
    assert sorted({page.year for page in recipients}) == [2023, 2024, 2025]
    assert all(page.consent_date for page in recipients)
    assert {page.is_group for page in recipients} == {True, False}
    for page in recipients:
        page.full_clean()  # year, alt text and consent pass the page's own checks
        assert page.award.slug == "integrationsehrennadel"
        if page.photo:
            assert page.photo_alt
            assert default_storage.exists(page.photo.file.name)


def test_the_demo_recipients_are_plainly_fictitious(demo):
    names = set(german(HonourRecipientPage).values_list("title", flat=True))
    assert {"Erika Musterfrau", "Max Mustermann", "Verein Beispiel e. V."} <= names
    intro = german(HonourIndexPage).get().intro
    assert "Demo-Datenbestand" in intro and "erfunden" in intro


def test_one_recipient_is_translated_into_english_and_arabic_with_the_facts_synced(demo):
    source = german(HonourRecipientPage).get(slug="erika-musterfrau")
    translations = {
        page.locale.language_code: page
        for page in HonourRecipientPage.objects.filter(translation_key=source.translation_key)
    }
    assert set(translations) == {"de", "en", "ar"}
    english, arabic = translations["en"], translations["ar"]
    assert english.live and arabic.live
    assert english.laudation.startswith("<p>For many years, Erika Musterfrau")
    assert arabic.photo_alt.startswith("صورة")
    for page in (english, arabic):
        assert (page.year, page.photo_id, page.consent_date) == (
            source.year,
            source.photo_id,
            source.consent_date,
        )
        assert page.award.locale == page.locale
    assert english.award.name == "Integration Pin of Honour"


def test_the_index_is_served_in_german_and_arabic_with_every_recipient(demo, client):
    german_html = client.get("/de/integrationsehrennadel/").content.decode()
    assert re.findall(r'id="wi-year-(\d+)"', german_html) == ["2025", "2024", "2023"]
    arabic = client.get("/ar/integration-pin-of-honour/?view=gallery")
    assert arabic.status_code == 200
    html = arabic.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert len(re.findall(r'<li class="wi-honour-card">', html)) == 6
    assert "إريكا موسترفراو" in html
    assert 'alt="صورة بديلة: الخطوط الفاتحة لشخص على خلفية زرقاء"' in html


def test_the_api_answers_the_demo_recipients_by_year(demo, client):
    body = client.get("/api/integration/v1/honours?year=2025&locale=en").json()
    assert body["count"] == 2
    assert {(item["title"], item["locale"]) for item in body["items"]} == {
        ("Erika Musterfrau", "en"),
        ("Verein Beispiel e. V.", "de"),
    }


def test_the_nomination_form_and_sample_nominations_are_there(demo, client):
    page = german(NominationFormPage).get()
    assert page.live and page.get_jury_addresses() == ["jury@example.org"]
    assert client.get(page.url).status_code == 200
    nominations = Nomination.objects.filter(page=page)
    assert nominations.count() == 4
    assert {item.status for item in nominations} >= {"received", "shortlisted"}
    assert all(item.email.endswith("@example.org") for item in nominations)


def test_the_demo_keeps_the_award_the_migration_created(demo):
    assert german(Award).filter(slug="integrationsehrennadel").count() == 1

"""The volunteering part of the demo data: fixtures/06_volunteering.json, its translations, the
calls to action of the guides, and the sample offers of help that
example_site/home/demo_volunteers.py makes for load_demo_data."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation
from wagtail.models import Locale, Site
from wagtail_localize.models import Translation

from example_site.home import demo_volunteers
from example_site.home.models import HomePage
from wagtail_integration.submissions.models import Source, SubmissionSettings
from wagtail_integration.topics.models import TopicGuidePage
from wagtail_integration.volunteering.models import (
    Status,
    VolunteerFormPage,
    VolunteerInterest,
    VolunteerNote,
)
from wagtail_integration.volunteering.panels import month_starts

LANGUAGES = ["de", "en", "ar", "uk", "tr", "ru", "fa"]
TOPICS = ["sprache", "dolmetschen", "gesundheit", "kinder-schule", "arbeit", "veranstaltungen"]
SAMPLE_PHONE = re.compile(r"^\+49 261 000-\d{4}$")
SAMPLE_NAME = re.compile(r" (Beispiel|Muster|Mustermann|Musterfrau|Probe|Exempel)$")


def form_page(language="de"):
    return VolunteerFormPage.objects.get(locale__language_code=language)


def snapshot():
    """What the demo offers hold, to compare two loads."""
    return [
        (
            offer.reference,
            offer.name,
            offer.email,
            offer.status,
            offer.language,
            offer.created_at,
            sorted(topic.slug for topic in offer.interests.all()),
            sorted((item.code, item.level) for item in offer.languages.all()),
            [note.text for note in offer.notes.all()],
        )
        for offer in VolunteerInterest.objects.order_by("reference")
    ]


def test_a_german_volunteer_form_page_sits_under_the_home_page(demo):
    page = form_page()
    assert (page.title, page.slug, page.live) == ("Mitmachen", "mitmachen", True)
    assert page.get_parent().specific == HomePage.objects.get(locale__language_code="de")
    assert page.intro and page.privacy_notice and page.thank_you
    assert page.get_coordinator_addresses() == ["koordination@example.org"]
    assert [item.code for item in page.offered_languages.all()] == LANGUAGES
    assert [item.topic.slug for item in page.offered_topics.all()] == TOPICS


def test_the_form_page_is_translated_into_english_and_arabic_with_wagtail_localize(demo):
    page = form_page()
    for language, title in (("en", "Get involved"), ("ar", "شارك معنا")):
        translated = page.get_translation(Locale.objects.get(language_code=language)).specific
        assert translated.title == title
        assert translated.live and not translated.has_unpublished_changes
        assert translated.privacy_notice != page.privacy_notice
        # Synchronised from the source: the same languages, topics and coordinators.
        assert [item.code for item in translated.offered_languages.all()] == LANGUAGES
        assert translated.get_coordinator_addresses() == ["koordination@example.org"]
    translations = Translation.objects.filter(source__object_id=page.translation_key, enabled=True)
    # English, Arabic and Leichte Sprache (docs/leichte-sprache.md).
    assert sorted(translations.values_list("target_locale__language_code", flat=True)) == [
        "ar",
        "de-x-ls",
        "en",
    ]


def test_the_site_has_a_default_privacy_notice_and_coordinator_address(demo):
    site_settings = SubmissionSettings.for_site(Site.objects.get(is_default_site=True))
    assert "DSGVO" in site_settings.privacy_notice
    assert site_settings.coordinator_emails == "koordination@example.org"


@pytest.mark.parametrize(
    ("url", "language", "direction", "title", "topic"),
    [
        ("/de/mitmachen/", "de", "ltr", "Mitmachen", "Dolmetschen"),
        ("/en/get-involved/", "en", "ltr", "Get involved", "Interpreting"),
        ("/ar/get-involved/", "ar", "rtl", "شارك معنا", "الترجمة الفورية"),
    ],
)
def test_the_form_is_served_in_each_language_with_its_topics_and_notice_version(
    demo, client, url, language, direction, title, topic
):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<main id="main" lang="{language}" dir="{direction}">' in html
    assert f'<h1 class="wi-form-page__title">{title}</h1>' in html
    assert f'<label for="id_interests_1">{topic}</label>' in html
    version = form_page(language).get_privacy_notice_version()
    with translation.override(language):  # the page's language writes the date it took effect
        effective = timezone.localtime(version.created_at)
        date = formats.date_format(effective, "DATE_FORMAT")
    assert f'<time datetime="{effective:%Y-%m-%d}">' in html and date in html
    assert version.short_id not in html


def test_the_guides_calls_to_help_lead_to_the_form(demo, client):
    page = form_page()
    guides = TopicGuidePage.objects.filter(locale__language_code="de")
    leading = {
        guide.slug
        for guide in guides
        for block in guide.body
        if block.block_type == "call_to_action" and block.value["page"].pk == page.pk
    }
    assert leading >= {"deutsch-lernen", "dolmetschen", "gesundheit", "kita-und-schule", "ehrenamt"}
    html = client.get("/de/themen/ehrenamt/").content.decode()
    assert 'class="wi-cta__button" href="/de/mitmachen/"' in html


def test_thirty_plainly_fictitious_offers_of_help_in_every_status(demo):
    offers = VolunteerInterest.objects.all()
    assert offers.count() == demo_volunteers.COUNT == 30
    assert set(offers.values_list("status", flat=True)) == set(Status.values)
    assert set(offers.values_list("language", flat=True)) == {"de", "en", "ar"}
    for offer in offers:
        assert SAMPLE_NAME.search(offer.name), offer.name
        assert offer.email.endswith("@example.org"), offer.email
        assert not offer.phone or SAMPLE_PHONE.match(offer.phone), offer.phone
        assert offer.interests.exists() and offer.languages.filter(code="de").exists()
        assert offer.availability
    spoken = set(offers.values_list("languages__code", flat=True))
    assert len(spoken) >= 5
    assert VolunteerNote.objects.filter(interest__status=Status.NEW).count() == 0
    assert VolunteerNote.objects.values("interest").distinct().count() >= 10


def test_each_offer_came_through_its_languages_form_with_the_notice_shown_there(demo):
    for offer in VolunteerInterest.objects.select_related("page", "privacy_notice"):
        page = offer.page.specific
        assert page.locale.language_code == offer.language
        assert offer.source == Source.PAGE
        assert offer.privacy_notice == page.get_privacy_notice_version()
        assert offer.consented_at == offer.created_at
        assert offer.delete_after > offer.created_at.date()
        # Interests are the topics in the form's language, as the form stores them.
        assert {topic.locale_id for topic in offer.interests.all()} == {page.locale_id}


def test_the_offers_fill_every_month_of_the_dashboard_chart(demo):
    months = {
        timezone.localtime(created).date().replace(day=1)
        for created in VolunteerInterest.objects.values_list("created_at", flat=True)
    }
    assert months == set(month_starts(timezone.localdate()))
    assert max(VolunteerInterest.objects.values_list("created_at", flat=True)) <= timezone.now()


def test_followed_up_offers_carry_the_times_of_their_steps(demo):
    now = timezone.now()
    for offer in VolunteerInterest.objects.all():
        steps = [offer.created_at, offer.contacted_at, offer.matched_at, offer.activated_at]
        reached = [moment for moment in steps if moment]
        assert reached == sorted(reached) and reached[-1] <= now, offer
        if offer.status == Status.NEW:
            assert offer.status_changed_at is None and len(reached) == 1
        else:
            assert offer.created_at < offer.status_changed_at <= now
        if offer.status in (Status.ACTIVE, Status.INACTIVE):
            assert offer.activated_at is not None


def test_loading_the_demo_again_keeps_the_thirty_offers_as_they_are(demo):
    before = snapshot()
    output = StringIO()
    call_command("load_demo_data", stdout=output)
    assert snapshot() == before
    assert "0 sample offer(s) of help created" in output.getvalue()


def test_the_offers_are_the_same_on_every_fresh_load(demo):
    now = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
    VolunteerInterest.objects.all().delete()
    assert demo_volunteers.create_demo_offers(now=now) == 30
    first = snapshot()
    VolunteerInterest.objects.all().delete()
    demo_volunteers.create_demo_offers(now=now)
    assert snapshot() == first
    # An offer a coordinator deleted comes back; the others are left alone.
    VolunteerInterest.objects.filter(reference=demo_volunteers.demo_reference(3)).delete()
    assert demo_volunteers.create_demo_offers(now=now) == 1
    assert snapshot() == first

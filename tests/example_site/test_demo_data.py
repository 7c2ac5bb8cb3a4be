"""example_site/home/management/commands/load_demo_data.py and the pages it makes."""

import re
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation

from example_site.home.management.commands.load_demo_data import FIXTURES_DIR
from example_site.home.models import HomePage
from wagtail_integration.directory.models import Organisation, OrganisationDirectoryPage
from wagtail_integration.topics.models import Topic, TopicGuidePage, TopicIndexPage

pytestmark = pytest.mark.django_db

DEMO_MODELS = [
    "wagtailcore.locale",
    "wagtailcore.page",
    "wagtailcore.revision",
    "wagtailcore.site",
    "wagtailimages",
    "home",
    "integration_topics.topic",
    "integration_topics.topicindexpage",
    "integration_topics.topicguidepage",
    "integration_directory",
    "wagtail_localize",
]

#: The seed's themes ("Beratungsstellen/ Ratgeber, Veranstaltungen, …, Fördermittel") and
#: volunteering, by the slugs the demo gives them.
THEMES = {
    "beratung",
    "ratgeber",
    "veranstaltungen",
    "sprache",
    "arbeit",
    "dolmetschen",
    "spenden",
    "gesundheit",
    "kinder-schule",
    "studium",
    "foerdermittel",
    "ehrenamt",
}
SAMPLE_PHONE = re.compile(r"^\+49 261 000-\d{4}$")


def dump():
    out = StringIO()
    call_command("dumpdata", *DEMO_MODELS, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=StringIO())


def test_loading_the_demo_data_twice_changes_nothing(demo):
    first = dump()
    output = StringIO()
    call_command("load_demo_data", stdout=output)
    assert dump() == first
    assert "0 media file(s) copied" in output.getvalue()


def test_the_demo_makes_a_german_home_page_the_root_of_the_default_site(demo):
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    assert home.locale.language_code == "de"
    assert home.live
    # Wagtail's placeholder page of a new database is gone; the home page's translations remain.
    assert not Page.objects.filter(depth=2).exclude(translation_key=home.translation_key).exists()


def test_the_demo_creates_every_configured_locale(demo):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}


def test_demo_media_is_copied_through_default_storage(demo):
    home = HomePage.objects.get(locale__language_code="de")
    assert default_storage.exists(home.hero_image.file.name)
    with default_storage.open(home.hero_image.file.name) as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_home_page_is_served_in_german_with_lang_and_dir(demo, client):
    response = client.get("/de/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    assert "Integration in Koblenz" in html
    assert "Zum Inhalt springen" in html  # the interface string, from the catalog


def test_a_right_to_left_visitor_gets_rtl_interface_and_german_content_marked_as_such(demo, client):
    html = client.get("/fa/").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    # The demo has no Persian translation: the German source is shown, and marked as German.
    assert re.search(r'<main id="main" lang="de" dir="ltr">', html)


def test_the_root_redirects_to_the_german_pages(demo, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/de/"


def test_the_demo_has_a_topic_and_a_guide_for_each_of_the_twelve_themes(demo):
    german = Locale.objects.get(language_code="de")
    topics = Topic.objects.filter(locale=german)
    assert set(topics.values_list("slug", flat=True)) == THEMES
    index = TopicIndexPage.objects.get(locale=german)
    assert index.get_parent().specific == HomePage.objects.get(locale=german)
    guides = TopicGuidePage.objects.child_of(index).live().specific()
    assert {guide.topic.slug for guide in guides} == THEMES
    for guide in guides:
        kinds = {block.block_type for block in guide.body}
        assert {"heading", "text", "links", "contact", "faq", "call_to_action"} <= kinds, guide
        assert guide.summary and guide.last_reviewed


def test_the_demo_directory_lists_at_least_fifteen_organisations_with_ikoko(demo):
    german = Locale.objects.get(language_code="de")
    organisations = Organisation.objects.filter(locale=german)
    assert organisations.count() >= 15
    ikoko = organisations.get(name__contains="IKOKO")
    assert ikoko.kind == "authority" and ikoko.topic_links.filter(topic__slug="ehrenamt").exists()
    directory = OrganisationDirectoryPage.objects.get(locale=german)
    assert directory.live
    assert directory.get_parent().specific == HomePage.objects.get(locale=german)


def test_made_up_contact_details_are_obviously_fictitious_and_flagged_as_sample(demo):
    for organisation in Organisation.objects.all():
        made_up = bool(organisation.phone or organisation.email or organisation.street)
        # Real institutions carry nothing but their public website.
        assert organisation.is_sample == made_up, organisation
        if organisation.phone:
            assert SAMPLE_PHONE.match(organisation.phone), organisation.phone
        if organisation.email:
            assert organisation.email.endswith("@example.org"), organisation.email


def test_one_guide_and_three_organisations_are_translated_into_english_and_arabic(demo):
    guide = TopicGuidePage.objects.get(locale__language_code="de", slug="deutsch-lernen")
    contacts = [block.value for block in guide.body if block.block_type == "contact"]
    assert len(contacts) == 3
    for language in ("en", "ar"):
        locale = Locale.objects.get(language_code=language)
        translated = guide.get_translation(locale)
        assert translated.live and not translated.has_unpublished_changes
        assert translated.topic.locale == locale
        for organisation in contacts:
            assert organisation.get_translation(locale).name != organisation.name
        translated_contacts = [b.value for b in translated.body if b.block_type == "contact"]
        assert {contact.locale for contact in translated_contacts} == {locale}
    # Made with wagtail-localize, so that editors can go on translating in its editor.
    translations = Translation.objects.filter(source__object_id=guide.translation_key, enabled=True)
    assert set(translations.values_list("target_locale__language_code", flat=True)) == {
        "en",
        "ar",
        "de-x-ls",
    }


def test_the_translated_guide_is_served_in_english_and_arabic(demo, client):
    """Each language on its own URL, in its language and direction, with the contact cards'
    organisations translated as well."""
    expected = [
        ("/de/themen/deutsch-lernen/", "de", "ltr", "Deutsch lernen: Sprachkurse", "Sprachcafé"),
        ("/en/topics/learning-german/", "en", "ltr", "Learning German: language", "Language Café"),
        ("/ar/topics/learning-german/", "ar", "rtl", "تعلّم اللغة الألمانية", "مقهى اللغة"),
    ]
    for url, lang, direction, title, contact in expected:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert f'<main id="main" lang="{lang}" dir="{direction}">' in html, url
        assert title in html and contact in html, url


def test_the_english_and_arabic_home_pages_are_translations(demo, client):
    english = client.get("/en/").content.decode()
    arabic = client.get("/ar/").content.decode()
    assert '<main id="main" lang="en" dir="ltr">' in english and "What you will find" in english
    assert '<main id="main" lang="ar" dir="rtl">' in arabic and "ما ستجده هنا" in arabic


def test_every_german_demo_page_is_served(demo, client):
    pages = Page.objects.live().filter(locale__language_code="de", depth__gt=1).specific()
    assert len(pages) >= 15  # home, topic index, twelve guides, directory, and other sections
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url


def test_a_po_file_that_no_longer_matches_the_demo_data_stops_the_command(tmp_path):
    fixtures = shutil.copytree(FIXTURES_DIR, tmp_path / "fixtures")
    po = fixtures / "translations" / "en" / "topic-sprache.po"
    po.write_text(po.read_text().replace("Sprachförderung", "Sprachfoerderung"))
    with pytest.raises(CommandError, match="topic-sprache.po"):
        call_command("load_demo_data", fixtures_dir=str(fixtures), stdout=StringIO())


def test_a_changed_po_file_updates_the_translation_in_place(tmp_path):
    fixtures = shutil.copytree(FIXTURES_DIR, tmp_path / "fixtures")
    call_command("load_demo_data", fixtures_dir=str(fixtures), stdout=StringIO())
    english = TopicGuidePage.objects.get(locale__language_code="en", slug="learning-german")
    po = fixtures / "translations" / "en" / "guide-deutsch-lernen.po"
    po.write_text(po.read_text().replace('msgstr "Practise online"', 'msgstr "Practice online"'))

    output = StringIO()
    call_command("load_demo_data", fixtures_dir=str(fixtures), stdout=output)

    assert "1 translation(s) saved" in output.getvalue()
    assert TopicGuidePage.objects.filter(locale__language_code="en").count() == 1
    updated = TopicGuidePage.objects.get(pk=english.pk)
    assert "Practice online" in [b.value for b in updated.body if b.block_type == "heading"]
    assert updated.live and updated.live_revision == updated.latest_revision


def test_the_arabic_demo_translations_spell_koblenz_one_way():
    from pathlib import Path

    texts = [path.read_text() for path in (Path(FIXTURES_DIR) / "translations/ar").glob("*.po")]
    assert texts and all("كوبلنتس" not in text for text in texts)
    assert sum("كوبلنز" in text for text in texts) >= 5

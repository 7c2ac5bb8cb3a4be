"""The translation workflow of an editor, end to end in a real browser.

An editor writes a German content page in the Wagtail admin, translates it into English with
wagtail-localize's translation editor (the test settings' DummyTranslator, which reverses the
words of every string) and publishes it; a visitor then sees each language on its own URL.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from example_site.home.models import ContentPage, HomePage

USERNAME = "editor"
PASSWORD = "browser-test-password"  # noqa: S105 (a throw-away user of the test database)

GERMAN_TITLE = "Willkommen in Koblenz"
GERMAN_INTRO = "Hier finden Sie Beratung und Sprachkurse"
SLUG = "willkommen-in-koblenz"


def dummy_translation(text):
    """What wagtail-localize's DummyTranslator makes of ``text``: its words in reverse order."""
    return " ".join(reversed(text.split(" ")))


ENGLISH_TITLE = dummy_translation(GERMAN_TITLE)
ENGLISH_INTRO = dummy_translation(GERMAN_INTRO)


@pytest.fixture
def editor():
    """A superuser whose admin is in English, so that the labels the test looks for are stable.

    Without a preferred language the admin would follow the browser or LANGUAGE_CODE (German).
    """
    user = get_user_model().objects.create_superuser(USERNAME, "editor@example.com", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the live server's thread only sees committed data
def test_editor_translates_a_page_into_english(live_server, browser_page, editor):
    """Log in, write and publish a German page, machine-translate and publish it in English,
    then read /de/<slug>/ and /en/<slug>/ as a visitor."""
    # A transactional test before this one may have emptied every table, the root collection
    # (made by Wagtail's migration, the demo's image belongs to it) too.
    if not Collection.objects.exists():
        Collection.add_root(instance=Collection(pk=1, name="Root"))
    call_command("load_demo_data", stdout=io.StringIO())
    german_home = HomePage.objects.get(locale__language_code="de")
    page = browser_page
    admin_url = f"{live_server.url}/admin"

    # 1. Log in.
    page.goto(f"{admin_url}/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{admin_url}/")

    # 2. Write a German content page below the German home page and publish it.
    page.goto(f"{admin_url}/pages/{german_home.pk}/")
    page.get_by_role("link", name="Add child page").click()
    # exact: the page type chooser also links to "Pages using Content page".
    page.get_by_role("link", name="Content page", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/add/home/contentpage/\d+/$"))
    page.get_by_role("textbox", name="Title*").fill(GERMAN_TITLE)
    page.get_by_role("textbox", name="Introduction").fill(GERMAN_INTRO)
    # The admin derives the slug from the title in the browser, but only after the title field
    # reports its change; on a busy machine the form can be sent before. Set it explicitly.
    page.get_by_role("tab", name="Promote").click()
    # Once seen on a busy machine: the title's late sync wrote its slug beside ours
    # ("willkommen-in-koblenzwillkommen-in-koblenz"). Set it until it holds, then go on.
    slug = page.locator("#id_slug")
    for _attempt in range(5):
        slug.fill(SLUG)
        slug.press("Tab")
        page.wait_for_timeout(300)
        if slug.input_value() == SLUG:
            break
    expect(slug).to_have_value(SLUG)
    # "Publish" hides in the dropdown of the footer's "Save draft" button.
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"{admin_url}/pages/{german_home.pk}/")
    expect(page.get_by_text(f"Page '{GERMAN_TITLE}' created and published")).to_be_visible()
    german = ContentPage.objects.get(locale__language_code="de", title=GERMAN_TITLE)
    assert german.live and german.slug == SLUG
    assert german.get_parent().pk == german_home.pk

    # 3. Translate it into English. Submitting creates the English page (and the English home
    # page as an alias of the German one) and opens it in wagtail-localize's editor.
    page.get_by_role("button", name=f"More options for '{GERMAN_TITLE}'").click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_role("checkbox", name="English", exact=True).check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    english = ContentPage.objects.get(
        locale__language_code="en", translation_key=german.translation_key
    )
    assert page.url == f"{admin_url}/pages/{english.pk}/edit/"

    # Not live before it is translated (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False):
    # no German text under the English address.
    assert not english.live
    page.get_by_role("button", name="Translate with Dummy translator").click()
    expect(page.get_by_text("Successfully translated with Dummy translator.")).to_be_visible()
    page.get_by_role("button", name="Publish in English").click()
    # "Published ... with missing translations" would mean a segment stayed untranslated.
    expect(page.get_by_text(f"Published '{ENGLISH_TITLE}' in English.")).to_be_visible()
    english.refresh_from_db()
    assert english.live
    assert english.slug == german.slug  # a one-word slug survives the word-reversing translator

    # 4. Read both language versions as an anonymous visitor, without the admin session.
    page.context.clear_cookies()
    for language, title, intro in (
        ("de", GERMAN_TITLE, GERMAN_INTRO),
        ("en", ENGLISH_TITLE, ENGLISH_INTRO),
    ):
        response = page.goto(f"{live_server.url}/{language}/{german.slug}/")
        assert response is not None and response.status == 200, f"/{language}/{german.slug}/"
        expect(page.locator("html")).to_have_attribute("lang", language)
        main = page.get_by_role("main")
        # Full-text matches: the other language has the same words in another order.
        expect(main.get_by_role("heading", level=1)).to_have_text(title)
        expect(main.get_by_text(intro, exact=True)).to_be_visible()

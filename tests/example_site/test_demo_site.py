"""The example city site around the package: header, main menu, languages, footer, legal pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from example_site.home.models import ContentPage, FooterLinks

pytestmark = pytest.mark.django_db

SAMPLE_PHONE = re.compile(r"\+49 261 000-\d{4}")
MENU_DE = [
    ("/de/themen/", "Themen"),
    ("/de/beratung-und-anlaufstellen/", "Beratung und Anlaufstellen"),
    ("/de/veranstaltungen/", "Veranstaltungen"),
    ("/de/mitmachen/", "Mitmachen"),
    ("/de/integrationsehrennadel/", "Integrationsehrennadel"),
    ("/de/ehrennadel-vorschlag/", "Vorschlag für die Integrationsehrennadel"),
]
LEGAL_PAGES = [
    ("/de/impressum/", "Impressum"),
    ("/de/datenschutz/", "Datenschutz"),
    ("/de/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def part(html, start, end):
    """The HTML from the first ``start`` to the next ``end``."""
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


def nav(html, name):
    """The inside of the labelled ``<nav class="name">``, or None when there is none."""
    match = re.search(rf'<nav class="{name}" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    return match and match.group(1)


def links(fragment):
    """(attributes, text) of every link in ``fragment``."""
    return re.findall(r"<a ([^>]*)>([^<]*)</a>", fragment)


def hrefs_and_texts(fragment):
    return [(re.search(r'href="([^"]*)"', attrs).group(1), text) for attrs, text in links(fragment)]


# -- header ---------------------------------------------------------------------------------


def test_the_header_names_the_city(demo, client):
    header = part(get(client, "/de/"), '<header class="site-header">', "</header>")
    assert re.search(
        r'<a class="site-brand" href="/de/">\s*<span class="site-brand__city">'
        r"[^<]*Koblenz</span>",
        header,
    )


# -- main menu ------------------------------------------------------------------------------


def test_the_main_menu_lists_the_home_pages_children_shown_in_menus_in_tree_order(demo, client):
    menu = nav(get(client, "/de/"), "site-menu")
    assert hrefs_and_texts(menu) == MENU_DE
    # The footer's pages are not in menus.
    assert "impressum" not in menu


def test_the_main_menu_leaves_out_pages_not_shown_in_menus_or_unpublished(demo, client):
    Page.objects.filter(slug="mitmachen").update(show_in_menus=False)
    Page.objects.get(slug="integrationsehrennadel").unpublish()
    menu = nav(get(client, "/de/"), "site-menu")
    assert [text for _href, text in hrefs_and_texts(menu)] == [
        "Themen",
        "Beratung und Anlaufstellen",
        "Veranstaltungen",
        "Vorschlag für die Integrationsehrennadel",
    ]


def test_the_arabic_menu_shows_translations_and_the_german_page_marked_as_german(demo, client):
    menu = nav(get(client, "/ar/"), "site-menu")
    entries = {
        href: (attrs, text)
        for (attrs, text), (href, _t) in zip(links(menu), hrefs_and_texts(menu), strict=True)
    }
    attrs, text = entries["/ar/topics/"]
    assert text == "المواضيع" and "lang=" not in attrs
    # The directory page has no Arabic translation: the German page, marked for screen readers.
    attrs, text = entries["/de/beratung-und-anlaufstellen/"]
    assert text == "Beratung und Anlaufstellen"
    assert 'lang="de" hreflang="de" dir="ltr"' in attrs
    assert len(entries) == len(MENU_DE)


def test_the_menu_marks_the_current_page_and_the_section_of_a_page_below_it(demo, client):
    menu = nav(get(client, "/de/themen/"), "site-menu")
    assert re.search(r'href="/de/themen/" aria-current="page">Themen<', menu)
    assert menu.count("aria-current") == 1
    menu = nav(get(client, "/de/themen/gesundheit/"), "site-menu")
    assert re.search(r'href="/de/themen/" aria-current="true">Themen<', menu)
    assert menu.count("aria-current") == 1


def test_the_menu_takes_the_same_queries_with_more_entries(demo, client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            get(client, "/ar/")
        return len(queries)

    count()  # the first request fills Wagtail's caches
    before = count()
    Page.objects.filter(depth=3, locale__language_code="de").update(show_in_menus=True)
    assert count() == before


# -- languages ------------------------------------------------------------------------------


def test_the_switcher_lists_the_languages_the_page_exists_in_named_in_their_own_script(
    demo, client
):
    languages = nav(get(client, "/de/themen/"), "site-languages")
    assert links(languages) == [
        ('href="/de/themen/" lang="de" hreflang="de" dir="ltr" aria-current="page"', "Deutsch"),
        ('href="/en/topics/" lang="en" hreflang="en" dir="ltr"', "English"),
        ('href="/ar/topics/" lang="ar" hreflang="ar" dir="rtl"', "العربية"),
        ('href="/de-x-ls/themen/" lang="de-x-ls" hreflang="de-x-ls" dir="ltr"', "Leichte Sprache"),
    ]


def test_on_the_arabic_page_the_arabic_version_is_the_current_one(demo, client):
    languages = nav(get(client, "/ar/topics/"), "site-languages")
    current = [text for attrs, text in links(languages) if "aria-current" in attrs]
    assert current == ["العربية"]


def test_a_page_in_one_language_only_has_no_language_switcher_and_no_alternates(demo, client):
    html = get(client, "/de/beratung-und-anlaufstellen/")
    assert 'aria-label="Sprachen"' not in html
    assert 'rel="alternate"' not in html


def test_a_draft_translation_is_not_offered(demo, client):
    Page.objects.get(locale__language_code="en", slug="topics").unpublish()
    languages = nav(get(client, "/de/themen/"), "site-languages")
    assert [text for _attrs, text in links(languages)] == ["Deutsch", "العربية", "Leichte Sprache"]


def test_the_head_has_an_alternate_link_for_each_language_of_the_page(demo, client):
    head = part(get(client, "/en/topics/"), "<head>", "</head>")
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
    base = Site.objects.get(is_default_site=True).root_url
    assert alternates == [
        ("de", f"{base}/de/themen/"),
        ("en", f"{base}/en/topics/"),
        ("ar", f"{base}/ar/topics/"),
        ("x-default", f"{base}/de/themen/"),
    ]


# -- footer ---------------------------------------------------------------------------------


def test_the_footer_links_the_imprint_privacy_policy_and_accessibility_statement(demo, client):
    footer = part(get(client, "/de/"), '<footer class="site-footer">', "</footer>")
    assert hrefs_and_texts(nav(footer, "site-footer__nav")) == LEGAL_PAGES


def test_on_arabic_pages_the_footer_links_the_german_legal_pages_marked_as_german(demo, client):
    footer = part(get(client, "/ar/"), '<footer class="site-footer">', "</footer>")
    for attrs, _text in links(nav(footer, "site-footer__nav")):
        assert 'lang="de" hreflang="de" dir="ltr"' in attrs


def test_an_editor_changes_the_footer_links_in_the_site_setting(demo, client):
    setting = FooterLinks.objects.get(site=Site.objects.get(is_default_site=True))
    setting.imprint_page = Page.objects.get(slug="mitmachen", locale__language_code="de")
    setting.privacy_page = None
    setting.save()
    footer = nav(get(client, "/de/"), "site-footer__nav")
    assert hrefs_and_texts(footer) == [
        ("/de/mitmachen/", "Mitmachen"),
        ("/de/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    ]


def test_a_site_without_footer_links_has_no_empty_footer_nav_and_creates_no_setting(demo, client):
    FooterLinks.objects.all().delete()
    html = get(client, "/de/")
    assert "site-footer__nav" not in html
    assert not FooterLinks.objects.exists()


# -- the legal pages ------------------------------------------------------------------------


def test_the_demo_makes_the_legal_pages_in_german_and_says_they_are_a_demo(demo, client):
    for url, title in LEGAL_PAGES:
        html = get(client, url)
        main = part(html, "<main", "</main>")
        assert f"<h1>{title}</h1>" in main
        assert "Beispieltext der Demo-Website" in main
        # Contact details are obviously made up.
        for address in re.findall(r"[\w.-]+@[\w-]+(?:\.[\w-]+)+", main):
            assert address.endswith("@example.org"), address
        assert re.findall(r"\+49[\d -]+\d", main) == SAMPLE_PHONE.findall(main)


def test_the_accessibility_statement_has_the_parts_bitv_asks_for(demo, client):
    page = ContentPage.objects.get(slug="barrierefreiheit")
    headings = [block.value for block in page.body if block.block_type == "heading"]
    assert headings == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Was noch nicht barrierefrei ist",
        "Erstellung dieser Erklärung",
        "Barrieren melden: Feedback und Kontakt",
        "Durchsetzungsverfahren",
    ]
    main = part(get(client, page.url), "<main", "</main>")
    assert "barrierefreiheit@example.org" in main and SAMPLE_PHONE.search(main)


# -- teasers --------------------------------------------------------------------------------


def test_a_guide_teaser_has_no_label_that_repeats_its_title(demo, client):
    main = part(get(client, "/de/themen/"), "<main", "</main>")
    teasers = re.findall(r'<article class="wi-teaser">(.*?)</article>', main, re.S)
    labels = {}
    for teaser in teasers:
        title = re.search(r'<h2 class="wi-teaser__title"><a [^>]*>([^<]*)</a>', teaser).group(1)
        label = re.search(r'<p class="wi-teaser__topic">([^<]*)</p>', teaser)
        labels[title] = label and label.group(1)
    assert labels["Gesundheit"] is None
    # A label that says more than the title stays.
    assert labels["Deutsch lernen: Sprachkurse und Sprachförderung"] == "Sprachförderung"


def test_the_home_page_does_not_repeat_the_main_menu(demo, client):
    main = part(get(client, "/de/"), "<main", "</main>")
    assert 'href="/de/themen/"' not in main


def test_an_editor_finds_the_footer_links_in_the_admins_settings(demo, client, admin_user):
    client.force_login(admin_user)
    site = Site.objects.get(is_default_site=True)
    response = client.get(f"/admin/settings/home/footerlinks/{site.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("imprint_page", "privacy_page", "accessibility_page"):
        assert f'name="{field}"' in html
    assert "Erklärung zur Barrierefreiheit" in html  # the chosen page, shown by its chooser

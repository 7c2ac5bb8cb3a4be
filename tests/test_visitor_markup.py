"""What visitors see in the public templates' markup: left-to-right runs isolated on
right-to-left pages, untranslated German marked as German, the privacy notice's date, and a
focus indicator with enough contrast."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from tests import factories
from wagtail_integration.directory.models import Venue
from wagtail_integration.submissions.models import PrivacyNoticeVersion

pytestmark = pytest.mark.django_db

CSS = (
    Path(__file__).parent.parent
    / "wagtail_integration/static/wagtail_integration/css/integration.css"
)
# The backgrounds the package's parts sit on: the page (white), cards, calls to action and filters
# (--wi-surface), the sample-data note (--wi-warning).
BACKGROUNDS = {"white": "#ffffff", "surface": "#f3f5f8", "warning": "#fff4ce"}


def luminance(hex_colour):
    """The relative luminance of an sRGB colour, as WCAG 2 defines it."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other):
    """The WCAG 2 contrast ratio of two colours."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_rules(css):
    """Every rule of ``css`` whose selector styles a focused element: (selector, body)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [
        (selector.strip(), body)
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if ":focus" in selector
    ]


def test_the_yellow_alone_has_too_little_contrast_with_white_which_is_why_a_dark_ring_is_needed():
    assert contrast("#ffbf47", "#ffffff") < 3


def test_every_focus_indicator_has_a_dark_ring_with_3_to_1_against_every_background():
    css = CSS.read_text()
    rules = focus_rules(css)
    assert len(rules) >= 4
    for selector, body in rules:
        outline = re.search(
            r"outline:\s*(\d+)px solid var\(--wi-focus-ring, (#[0-9a-f]{6})\)", body
        )
        assert outline, f"{selector} has no outline in the dark focus colour"
        assert int(outline.group(1)) >= 2
        ring = outline.group(2)
        for name, background in BACKGROUNDS.items():
            assert contrast(ring, background) >= 3, (selector, name)
        # The yellow halo inside the ring keeps the indicator visible on dark backgrounds.
        halo = re.search(r"box-shadow:\s*0 0 0 \d+px var\(--wi-focus, (#[0-9a-f]{6})\)", body)
        assert halo, f"{selector} has no yellow halo"
        assert contrast(ring, halo.group(1)) >= 3
    declared = dict(re.findall(r"--wi-focus(-ring)?:\s*(#[0-9a-f]{6})", css))
    assert declared == {"": "#ffbf47", "-ring": ring}


@pytest.fixture
def arabic_series(db):
    """A German series at a venue with a postcode, organised by IKOKO, and its Arabic copy."""
    factories.ensure_default_site()
    german = factories.locale("de")
    venue = Venue.objects.create(
        name="Haus der Begegnung",
        street="Görgenstraße 17",
        postcode="56068",
        city="Koblenz",
        locale=german,
    )
    organiser = factories.organisation(name="IKOKO – Integrationskoordinierungsstelle Koblenz")
    series = factories.series(
        factories.event_index(slug="veranstaltungen"),
        "Stammtisch für Ehrenamtliche",
        slug="stammtisch",
        summary="Austausch und Vernetzung.",
        first_date=timezone.localdate() + dt.timedelta(days=3),
        venue=venue,
        organiser=organiser,
        locale=german,
    )
    return factories.translate_page(series, "ar", title="لقاء المتطوعين")


def test_postcodes_and_the_ics_extension_are_isolated_on_an_arabic_series_page(
    client, arabic_series
):
    html = client.get(arabic_series.url).content.decode()

    # The venue's and the organiser's address lines: "56068 Koblenz" stays in that order.
    assert html.count("<bdi>56068 Koblenz</bdi>") == 2
    assert "<bdi>Görgenstraße 17</bdi>" in html
    # The calendar file's label keeps ".ics" together, whatever the translation around it.
    assert '<bdi dir="ltr">.ics</bdi>' in html
    # Phone, e-mail and web address were already left-to-right links.
    assert 'dir="ltr">+49 261 000000</a>' in html
    assert 'dir="ltr">beratung@example.org</a>' in html


def test_the_isolating_filter_escapes_the_text_around_the_run():
    rendered = Template('{% load integration_tags %}{{ text|wi_isolate:".ics" }}').render(
        Context({"text": "<b>(ملف .ics)</b>"})
    )
    assert rendered == '&lt;b&gt;(ملف <bdi dir="ltr">.ics</bdi>)&lt;/b&gt;'


@pytest.fixture
def recipient(db):
    """A German recipient with a photo, its description and credit, and an Arabic copy."""
    factories.ensure_default_site()
    index = factories.honour_index()
    page = factories.honour_recipient(
        index,
        title="Erika Musterfrau",
        photo=factories.image(),
        photo_alt="Erika Musterfrau lacht im Sprachcafé",
        photo_credit="Stadtverwaltung Koblenz",
    )
    factories.translate_page(index, "ar", title="وسام الاندماج")
    return page


def test_untranslated_german_alt_text_and_credit_are_marked_german_on_an_arabic_page(
    client, recipient
):
    arabic = factories.translate_page(recipient, "ar", title="إريكا موسترفراو")
    html = client.get(arabic.url).content.decode()

    img = re.search(r'<img class="wi-honour__photo"[^>]*>', html).group(0)
    assert 'alt="Erika Musterfrau lacht im Sprachcafé"' in img
    assert 'lang="de" dir="ltr"' in img
    assert '<span lang="de" dir="ltr">Stadtverwaltung Koblenz</span>' in html


def test_a_translated_alt_text_is_not_marked_and_a_german_page_marks_nothing(client, recipient):
    arabic = factories.translate_page(
        recipient, "ar", title="إريكا موسترفراو", photo_alt="إريكا تضحك في مقهى اللغة"
    )
    img = re.search(r'<img class="wi-honour__photo"[^>]*>', client.get(arabic.url).content.decode())
    assert 'lang="' not in img.group(0)

    german = client.get(recipient.url).content.decode()
    assert 'lang="' not in re.search(r'<img class="wi-honour__photo"[^>]*>', german).group(0)
    assert '<figcaption class="wi-honour__credit">Foto: Stadtverwaltung Koblenz' in german


@pytest.mark.parametrize("kind", ["volunteer", "nomination"])
def test_the_privacy_notice_shows_the_date_its_wording_took_effect_not_a_digest(client, kind):
    factories.ensure_default_site()
    if kind == "volunteer":
        page = factories.volunteer_form_page()
    else:
        page = factories.nomination_form_page(title="Vorschlag für die Integrationsehrennadel")
    version = page.get_privacy_notice_version()
    PrivacyNoticeVersion.objects.filter(pk=version.pk).update(
        created_at=dt.datetime(2025, 3, 12, 9, tzinfo=dt.UTC)
    )

    html = client.get(page.url).content.decode()

    assert version.short_id not in html
    # The words around the date ("Stand:") come from the catalogue; the date is in German.
    assert re.search(r'<time datetime="2025-03-12">[^<]*\b12\. März 2025</time>', html)

"""What the embed tests share: content in every widget, German with some Arabic translations."""

import datetime as dt

import pytest

from tests import factories
from tests.events.support import BOUNDS, translate
from tests.services import chromium_path
from wagtail_integration.events.models import EventCategory


@pytest.fixture
def content():
    """A German Stammtisch (translated into Arabic) and a training (German only), a topic with a
    guide, two organisations (one in Arabic too) and two honour recipients (one in Arabic too)."""
    de = factories.locale("de")
    factories.locale("ar")
    stammtisch_category = EventCategory.objects.create(
        name="Stammtisch", slug="stammtisch", locale=de
    )
    training_category = EventCategory.objects.create(name="Schulung", slug="schulung", locale=de)
    topic = factories.topic(slug="ehrenamt", name="Ehrenamt")
    index = factories.event_index(slug="veranstaltungen")
    stammtisch = factories.series(
        index,
        "Ehrenamtsstammtisch",
        first_date=dt.date(2027, 1, 5),
        category=stammtisch_category,
        topics=[topic],
        materialise=BOUNDS,
        overrides=[
            {"date": dt.date(2027, 3, 2), "action": "note", "note": "Vortrag: Anerkennung"},
        ],
    )
    training = factories.series(
        index,
        "Schulung für Neue",
        "RRULE:FREQ=MONTHLY;BYDAY=+2WE",
        first_date=dt.date(2027, 1, 13),
        category=training_category,
        materialise=BOUNDS,
    )
    translate(index, "ar", title="الفعاليات")
    stammtisch_ar = translate(stammtisch, "ar", title="لقاء المتطوعين")
    organisation = factories.organisation("Migrationsberatung Koblenz", topics=[topic])
    factories.translate_snippet(organisation, "ar", name="استشارة الهجرة")
    factories.organisation("Sprachcafé Koblenz", kind="association")
    topic_index = factories.topic_index(slug="themen")
    guide = factories.guide(
        topic_index,
        "Ehrenamt in Koblenz",
        topic=topic,
        body=[
            ("heading", "Mitmachen"),
            ("text", "<p>So helfen Sie mit.</p>"),
            ("contact", organisation.pk),
        ],
    )
    honours = factories.honour_index()
    award = factories.integrationsehrennadel()
    recipient = factories.honour_recipient(honours, "Erika Beispiel", year=2024, award=award)
    factories.translate_page(recipient, "ar", title="إيريكا بايشبيل")
    factories.honour_recipient(honours, "Verein Brücke", year=2023, award=award)
    return {
        "stammtisch": stammtisch,
        "stammtisch_ar": stammtisch_ar,
        "training": training,
        "guide": guide,
        "topic": topic,
        "honours": honours,
    }


# As the browser tests run Debian's chromium (tests/browser/conftest.py).
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--no-first-run"]


@pytest.fixture
def chromium(monkeypatch):
    """A page of a fresh headless Chromium."""
    executable = chromium_path()  # skips without chromium
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM then refuses to run.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="de-DE", viewport={"width": 1000, "height": 900})
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            from django.db import connections

            connections.close_all()

"""What the tests of public pages share: topic and directory data with the details they look for,
and reading a page's HTML, JSON-LD and queries. Not a test module: test modules import it."""

import datetime
import json
import re
import uuid
from html import escape

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from wagtail_integration.directory.models import OrganisationDirectoryPage

SCRIPT = "<script>alert(1)</script>"


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def make_topic(slug="beratung", name="Beratung", **fields):
    return factories.topic(slug=slug, name=name, **fields)


def make_organisation(
    name="Migrationsberatung Koblenz",
    *,
    languages=("de", "ar"),
    hours=((1, "09:00", "12:00"), (1, "14:00", "16:00"), (3, "09:00", "12:00")),
    **fields,
):
    """A real-looking (not sample) organisation with opening hours on Monday and Wednesday."""
    values = {
        "street": "Schloßstraße 1",
        "phone": "(0261) 129-0",
        "email": "beratung@example.org",
        "website": "https://www.example.org/beratung/",
        "description": "Beratung zu Aufenthalt, Arbeit und Familie.",
        "opening_hours_note": "Termine nach Vereinbarung.",
        "accessibility_notes": "Eingang ohne Stufen.",
        "is_sample": False,
        **fields,
    }
    return factories.organisation(name, languages=languages, opening_hours=hours, **values)


def make_index(title="Themen"):
    return factories.topic_index(title=title, slug="themen")


def make_directory(title="Adressen", slug="adressen", per_page=20):
    directory = OrganisationDirectoryPage(title=title, slug=slug, per_page=per_page)
    factories.site_root().add_child(instance=directory)
    return directory


def make_guide(index, *, title="Beratung", **fields):
    """A published guide; ``body`` as in factories.guide: (block type, stored value) pairs."""
    return factories.guide(
        index,
        title=title,
        summary=fields.pop("summary", "Wo Sie in Koblenz Beratung finden."),
        last_reviewed=fields.pop("last_reviewed", datetime.date(2025, 3, 14)),
        **fields,
    )


def guide_body(count=1, *, organisations=(), document=None, cta_page=None, text="x"):
    """A guide body with ``count`` blocks of each type (and items in each list).

    ``text`` goes into every text; rich text, which is HTML, gets it escaped.
    """
    rich = escape(text)

    def block(block_type, value):
        return (block_type, value)

    def item(value):
        return {"type": "item", "value": value, "id": str(uuid.uuid4())}

    body = [block("text", f"<p>Einleitung {rich}</p>")]
    body.append(block("heading", f"Links {text}"))
    body.append(
        block(
            "links",
            [
                item(
                    {
                        "url": f"https://www.example.org/{n}",
                        "title": f"Link {n} {text}",
                        "description": f"Beschreibung {n} {text}",
                        "languages": ["de", "ar"],
                    }
                )
                for n in range(count)
            ],
        )
    )
    body.append(block("heading", f"Kontakt {text}"))
    body += [block("contact", organisation.pk) for organisation in organisations]
    body.append(block("heading", f"Fragen {text}"))
    body.append(
        block(
            "faq",
            [
                item({"question": f"Frage {n} {text}?", "answer": f"<p>Antwort {n} {rich}</p>"})
                for n in range(count)
            ],
        )
    )
    body += [block("text", f"<p>Absatz {n} {rich}</p>") for n in range(count)]
    if cta_page is not None:
        body += [
            block(
                "call_to_action",
                {
                    "text": f"Helfen Sie mit {text}",
                    "page": cta_page.pk,
                    "button_label": "Mitmachen",
                },
            )
            for _n in range(count)
        ]
    if document is not None:
        body.append(block("downloads", [item(document.pk) for _n in range(count)]))
    return body


def page_path(page, language=None):
    """The page's path, under another language's prefix if ``language`` is given.

    An untranslated page is served under every language's prefix, in its own language.
    """
    return re.sub(r"^/[a-z-]+/", f"/{language}/", page.url) if language else page.url


def get_html(client, page, language=None):
    response = client.get(page_path(page, language))
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    """Every JSON-LD object of a page, parsed."""
    return [json.loads(text) for text in JSON_LD.findall(html)]


def heading_levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)

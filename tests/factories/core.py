"""What every domain's factories build on: locales, the site root, plain pages, translations,
documents and images."""

import itertools

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

# One counter for the whole suite, so that slugs and names made by any factory never collide.
_numbers = itertools.count(1)


def locale(language_code):
    """The Locale of ``language_code``, created when missing."""
    return Locale.objects.get_or_create(language_code=language_code)[0]


def site_root():
    """The root page of the default site (German)."""
    return Site.objects.get(is_default_site=True).root_page


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def plain_page(parent=None, title=None):
    """A published plain Wagtail page, as the target of links and calls to action."""
    parent = parent or site_root()
    number = next(_numbers)
    page = Page(title=title or f"Seite {number}", slug=f"seite-{number}")
    parent.add_child(instance=page)
    return _publish(page)


def translate_page(page, language_code, publish=True, **fields):
    """Copy ``page`` into ``language_code`` (parents too), set ``fields``, publish it."""
    translation = page.specific.copy_for_translation(locale(language_code), copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    if publish:
        return _publish(translation)
    translation.save()
    return translation


def translate_snippet(obj, language_code, **fields):
    """Copy the snippet ``obj`` into ``language_code`` with ``fields`` changed, and save it."""
    translation = obj.copy_for_translation(locale(language_code))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def document(title=None, filename="merkblatt.pdf"):
    """A Wagtail document with a small file."""
    model = get_document_model()
    doc = model(title=title or f"Merkblatt {next(_numbers)}")
    doc.file.save(filename, ContentFile(b"%PDF-1.4\n% test\n"), save=False)
    doc.save()
    return doc


def image(title=None, colour="#00529c", size=(640, 480)):
    """A Wagtail image: a plain coloured PNG of ``size``."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    number = next(_numbers)
    return get_image_model().objects.create(
        title=title or f"Foto {number}",
        file=ImageFile(buffer, name=f"foto-{number}.png"),
    )


def ensure_default_site():
    """The default site, its root page and the root collection, which Wagtail's migrations make.

    A transactional test (live server, worker) flushes the tables at its end, so a later one may
    find them gone; it calls this first.
    """
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Site.objects.filter(is_default_site=True).exists():
        german = locale("de")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=german)
        )
        home = root.add_child(instance=Page(title="Start", slug="start", locale=german))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


def submit_for_translation(client, page, *language_codes):
    """Send ``page`` for translation as an editor does, through wagtail-localize's form.

    ``client`` is logged in as someone who may translate. What wagtail-localize does after the
    commit runs at once. Returns ``{language code: wagtail_localize Translation}``.
    """
    from django.test import TestCase
    from django.urls import reverse
    from wagtail_localize.models import Translation

    locales = [locale(code) for code in language_codes]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.id]),
            {"locales": [item.id for item in locales]},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return {
        item.language_code: Translation.objects.get(
            source__object_id=page.translation_key, target_locale=item
        )
        for item in locales
    }

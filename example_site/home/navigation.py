"""What the example site's header and footer link to, in the visitor's language.

The main menu is the site's German home page's children marked "show in menus"; the footer links
are the pages chosen in the "footer links" setting. Both show each page's live translation into
the interface language where one exists, else the German page, marked as German.
The language switcher and the alternates are the package's: ``wi_language_switcher`` and
``wi_language_alternates`` in ``integration_tags``.
"""

from dataclasses import dataclass

from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from wagtail_integration.localization import translate_many

from .models import FooterLinks

__all__ = [
    "Link",
    "footer_links",
    "in_language",
    "main_menu",
]


@dataclass(frozen=True)
class Link:
    """A link to a page; ``language`` is set when the page is in another language than the
    interface (a German page on an Arabic page), for ``lang`` and ``hreflang``."""

    title: str
    url: str
    language: str = ""
    direction: str = ""
    current: str = ""  # the value of aria-current: "page", "true" (a section of it) or ""


def _direction(code):
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "auto"  # a language Django does not know: let the browser look at the text


def in_language(pages, language_code):
    """Each page's live translation into ``language_code``, else the page itself; one query.

    ``pages`` should have their locale loaded (``select_related("locale")``).
    """
    return translate_many(list(pages), language_code, Page.objects.live().select_related("locale"))


def _link(page, request, interface_language, current=""):
    language = page.locale.language_code
    other = language != interface_language
    return Link(
        title=page.title,
        url=page.get_url(request),
        language=language if other else "",
        direction=_direction(language) if other else "",
        current=current,
    )


def _current(entry, page):
    """aria-current of a menu entry on ``page``: the page itself, or the section it is in."""
    if not isinstance(page, Page):  # none, or a paginator's page of a list view
        return ""
    if entry.translation_key == page.translation_key:
        return "page"
    if entry.locale_id == page.locale_id and page.path.startswith(entry.path):
        return "true"
    return ""


def main_menu(request, page=None):
    """The main menu: the site root's live children marked "show in menus", as links."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = get_language()
    entries = (
        Page.objects.child_of(site.root_page)
        .live()
        .public()
        .in_menu()
        .select_related("locale")
        .order_by("path")
    )
    return [
        _link(entry, request, language, _current(entry, page))
        for entry in in_language(entries, language)
    ]


def footer_links(request):
    """The pages of the site's footer links setting, as links."""
    site = Site.find_for_request(request)
    # Not FooterLinks.for_request: that creates the setting's row on a visitor's request.
    setting = FooterLinks.objects.filter(site=site).first() if site is not None else None
    ids = setting.page_ids() if setting is not None else []
    if not ids:
        return []
    found = Page.objects.live().public().filter(pk__in=ids).select_related("locale").in_bulk()
    language = get_language()
    pages = in_language([found[pk] for pk in ids if pk in found], language)
    return [_link(page, request, language) for page in pages]

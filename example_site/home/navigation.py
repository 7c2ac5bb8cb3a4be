"""What the example site's header and footer link to, in the visitor's language.

The main menu is the site's German home page's children marked "show in menus"; the footer links
are the pages chosen in the "footer links" setting. Both show each page's live translation into
the interface language where one exists, else the German page, marked as German. The language
switcher lists the live versions of the page shown, and nothing when there is only one.
"""

from dataclasses import dataclass

from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_content_languages
from wagtail.models import Page, Site

from wagtail_integration.languages import is_known_language, language_name
from wagtail_integration.localization import translate_many

from .models import FooterLinks

__all__ = [
    "Link",
    "LanguageVersion",
    "footer_links",
    "in_language",
    "language_versions",
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


@dataclass(frozen=True)
class LanguageVersion:
    """One language version of a page, named in its own language and script."""

    code: str
    name: str
    direction: str
    url: str
    full_url: str
    current: bool


def _direction(code):
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "auto"  # a language Django does not know: let the browser look at the text


def _own_name(code):
    """The language's own name: the package's list, else Django's, else the site's setting."""
    if is_known_language(code):
        return language_name(code)
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return get_content_languages().get(code, code)


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


def language_versions(page, request):
    """The live versions of ``page`` in every language, in the order of the site's languages.

    Empty when the page exists in one language only: a switcher with nothing to switch to is
    noise for a screen reader.
    """
    if page is None or not isinstance(page, Page):
        return []
    versions = [page, *page.get_translations().live().select_related("locale")]
    if len(versions) < 2:
        return []
    order = {code: position for position, code in enumerate(get_content_languages())}
    versions.sort(key=lambda version: order.get(version.locale.language_code, len(order)))
    return [
        LanguageVersion(
            code=version.locale.language_code,
            name=_own_name(version.locale.language_code),
            direction=_direction(version.locale.language_code),
            url=version.get_url(request),
            full_url=version.get_full_url(request),
            current=version.pk == page.pk,
        )
        for version in versions
    ]

"""Template tags and filters of the package's public templates: ``{% load integration_tags %}``."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from .. import schema_org
from ..languages import is_known_language, is_writing_variant, language_name

register = template.Library()

SAFE_URL_SCHEMES = {"http", "https"}


@register.simple_tag(takes_context=True)
def wi_guide_json_ld(context):
    """The ``Article`` script of the guide in ``page``, with the organisations of its cards."""
    page = context["page"]
    organisations = [block.value for block in page.body if block.block_type == "contact"]
    data = schema_org.guide_data(page, context.get("request"), organisations)
    return schema_org.json_ld_script(data)


@register.simple_tag(takes_context=True)
def wi_guide_list_json_ld(context):
    """The ``CollectionPage`` script of the index in ``page``, listing ``guides``."""
    data = schema_org.guide_list_data(
        context["page"], context.get("guides") or (), context.get("request")
    )
    return schema_org.json_ld_script(data)


@register.simple_tag(takes_context=True)
def wi_directory_json_ld(context):
    """The ``CollectionPage`` script of the directory in ``page``, its shown organisations."""
    organisations = context.get("organisations") or ()
    start = organisations.start_index() if hasattr(organisations, "start_index") else 1
    data = schema_org.organisation_list_data(
        context["page"], organisations, context.get("request"), start=start
    )
    return schema_org.json_ld_script(data)


@register.filter
def wi_sections(body):
    """Group a guide's StreamField into sections, each opened by a ``heading`` block.

    Returns dicts with ``heading`` (the heading block or None, for blocks before the first
    heading) and ``blocks``, so that a template can nest headings in order.
    """
    sections = []
    current = {"heading": None, "blocks": []}
    for block in body or ():
        if block.block_type == "heading":
            if current["heading"] is not None or current["blocks"]:
                sections.append(current)
            current = {"heading": block, "blocks": []}
        else:
            current["blocks"].append(block)
    if current["heading"] is not None or current["blocks"]:
        sections.append(current)
    return sections


def _direction(code):
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "auto"  # a language Django does not know: let the browser look at the text


@register.simple_tag
def wi_language(code):
    """A language's own name, marked with its ``lang`` and ``dir``: ``<span lang="ar" …>``."""
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', code, _direction(code), language_name(code)
    )


@register.simple_tag(takes_context=True)
def wi_lang_attrs(context, obj):
    """`` lang="…" dir="…"`` for a translatable object shown in another language than the page.

    An organisation without a translation is shown in its German source on an Arabic page; the
    attributes make screen readers switch their voice. Empty when the languages agree.
    """
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return ""
    codes = _locale_codes(context.get("request"))
    code = codes.get(locale_id)
    page = context.get("page")
    current = codes.get(getattr(page, "locale_id", None)) if page is not None else None
    if current is None:
        current = get_language()
    if code is None or code == current:
        return ""
    return format_html(' lang="{}" dir="{}"', code, _direction(code))


@register.simple_tag(takes_context=True)
def wi_untranslated_attrs(context, page, field_name):
    """`` lang="…" dir="…"`` when ``page``'s ``field_name`` is still its source's (German) text.

    A translated page keeps the source's photo credit (a synchronised field) and any text that
    was not translated; on an Arabic page that text is German and must be marked as such. Empty
    on the source page, for an empty field, and for a translated value.
    """
    value = getattr(page, field_name, "")
    source = _source_page(page)
    if not value or source is None or getattr(source, field_name, None) != value:
        return ""
    codes = _locale_codes(context.get("request"))
    code = codes.get(source.locale_id)
    if code is None or code == codes.get(page.locale_id):
        return ""
    return format_html(' lang="{}" dir="{}"', code, _direction(code))


@register.simple_tag(takes_context=True)
def wi_untranslated(context, page, field_name):
    """``page``'s ``field_name``, in a ``<span lang="…" dir="…">`` when it is untranslated."""
    attrs = wi_untranslated_attrs(context, page, field_name)
    value = getattr(page, field_name, "")
    return format_html("<span{}>{}</span>", attrs, value) if attrs else value


def _source_page(page):
    """The page in the default locale that ``page`` translates, or None; looked up once."""
    from wagtail.models import Locale

    if not hasattr(page, "_wi_source_page"):
        default = Locale.get_default()
        page._wi_source_page = (
            None if page.locale_id == default.pk else page.get_translation_or_none(default)
        )
        if page._wi_source_page is not None:
            page._wi_source_page = page._wi_source_page.specific
    return page._wi_source_page


@register.filter
def wi_isolate(text, run):
    """``text`` escaped, each ``run`` in it isolated as left-to-right: ``<bdi dir="ltr">``.

    For a fixed left-to-right run inside a translated string, e.g. ".ics" in "(ملف .ics)", which
    the bidi algorithm would otherwise move to the other end of the brackets.
    """
    escaped = escape(text)
    return mark_safe(  # noqa: S308 - both parts are escaped
        escaped.replace(escape(run), format_html('<bdi dir="ltr">{}</bdi>', run))
    )


def _locale_codes(request):
    """Locale ids to language codes; one query per request however many objects ask."""
    from wagtail.models import Locale

    cached = getattr(request, "_wi_locale_codes", None)
    if cached is None:
        cached = dict(Locale.objects.values_list("pk", "language_code"))
        if request is not None:
            request._wi_locale_codes = cached
    return cached


@register.filter
def wi_tel(phone):
    """A written phone number as the digits of a ``tel:`` link: "(0261) 129-0" → "02611290"."""
    phone = str(phone or "").strip()
    digits = re.sub(r"\D", "", phone)
    return f"+{digits}" if phone.startswith("+") else digits


@register.filter
def wi_http_url(url):
    """The URL when it is http(s), else an empty string: never a ``javascript:`` link."""
    url = str(url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in SAFE_URL_SCHEMES else ""


@register.filter
def wi_url_host(url):
    """The host of a URL for display, without "www.": "https://www.bamf.de/x" → "bamf.de"."""
    try:
        host = urlsplit(str(url or "")).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


@register.filter
def wi_opening_days(organisation):
    """An organisation's opening hours grouped by weekday, Monday first.

    Returns ``(weekday name, [OpeningHours, …])`` pairs from the prefetched ``opening_hours``,
    each day's periods ordered by their opening time.
    """
    by_day = {}
    for period in organisation.opening_hours.all():
        by_day.setdefault(period.weekday, []).append(period)
    return [
        (periods[0].get_weekday_display(), sorted(periods, key=lambda period: period.opens))
        for _weekday, periods in sorted(by_day.items())
    ]


@register.filter
def wi_is_choice_group(bound_field):
    """True for a field shown as a group of radio buttons or checkboxes (a ``<fieldset>``)."""
    return bound_field.widget_type in ("radioselect", "checkboxselectmultiple")


@register.simple_tag
def wi_field(bound_field, help_id, error_id):
    """The widget of ``bound_field`` tied to its help text and error with aria-describedby.

    An input with an error is marked ``aria-invalid``; ``autocomplete`` tokens are declared on
    the forms' widgets.
    """
    described = [help_id] if bound_field.help_text else []
    if bound_field.errors:
        described.append(error_id)
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if bound_field.field.required and bound_field.widget_type != "checkbox":
        attrs["required"] = True
    return bound_field.as_widget(attrs=attrs)


# -- The languages of a page: switcher and alternates -----------------------------------------


@dataclass(frozen=True)
class LanguageVersion:
    """One live language version of a page, named in its own language and script."""

    code: str  # the locale's language code, for ``lang`` and ``hreflang``
    name: str  # the language's own name: "العربية", "Leichte Sprache"
    direction: str  # "ltr", "rtl" or "auto"
    url: str
    full_url: str
    current: bool  # the version shown
    alternate: bool  # announced as a ``<link rel="alternate" hreflang>`` (not Leichte Sprache)


def _own_name(code):
    """The language's own name: the package's list, else Django's, else the site's setting."""
    if is_known_language(code):
        return language_name(code)
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        from wagtail.coreutils import get_content_languages

        return str(get_content_languages().get(code, code))


def _default_language():
    """The content language of ``LANGUAGE_CODE`` (the source), or None if it is not one."""
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return None


def language_versions(page, request=None):
    """The live versions of ``page`` in every content language, the site's order, ``page``'s own
    included (live or not: a preview); one query, kept on the page for the next tag.

    Empty when there is only one: a switcher with nothing to switch to is noise for a screen
    reader. Not for a paginator's page or a page not saved yet.
    """
    from django.db.models import Q
    from wagtail.coreutils import get_content_languages
    from wagtail.models import Page

    if not isinstance(page, Page) or page.pk is None:
        return []
    cached = getattr(page, "_wi_language_versions", None)
    if cached is not None and cached[0] is request:
        return cached[1]
    pages = list(
        Page.objects.filter(translation_key=page.translation_key)
        .filter(Q(live=True) | Q(pk=page.pk))
        .select_related("locale")
    )
    versions = []
    if len(pages) > 1:
        order = {code: position for position, code in enumerate(get_content_languages())}
        pages.sort(key=lambda version: order.get(version.locale.language_code, len(order)))
        versions = [
            LanguageVersion(
                code=version.locale.language_code,
                name=_own_name(version.locale.language_code),
                direction=_direction(version.locale.language_code),
                url=version.get_url(request),
                full_url=version.get_full_url(request),
                current=version.pk == page.pk,
                alternate=not is_writing_variant(version.locale.language_code),
            )
            for version in pages
        ]
    page._wi_language_versions = (request, versions)
    return versions


@register.simple_tag(takes_context=True)
def wi_language_versions(context, page=None):
    """The live language versions of ``page`` (default: the context's), as
    :class:`LanguageVersion` items; empty when the page exists in one language only.

    ``{% wi_language_versions as versions %}`` for a host site's own markup; the switcher and
    the alternates below use it.
    """
    page = page if page is not None else context.get("page")
    return language_versions(page, context.get("request"))


@register.inclusion_tag("wagtail_integration/includes/language_switcher.html", takes_context=True)
def wi_language_switcher(context, page=None, css_class="wi-languages"):
    """The page's languages as a labelled ``<nav>``, the current one ``aria-current="page"``.

    Nothing when the page exists in one language only. ``css_class`` names the ``<nav>`` for
    the host site's styles.
    """
    return {"versions": wi_language_versions(context, page), "css_class": css_class}


@register.inclusion_tag("wagtail_integration/includes/alternates.html", takes_context=True)
def wi_language_alternates(context, page=None):
    """``<link rel="alternate" hreflang>`` for each language of the page, and ``x-default``.

    For the ``<head>``. Leichte Sprache is no language for search engines: it has no alternate,
    and a page in it announces none (the cluster would not name it back). Nothing when fewer
    than two languages remain.
    """
    versions = wi_language_versions(context, page)
    current = next((version for version in versions if version.current), None)
    alternates = [version for version in versions if version.alternate]
    if current is None or not current.alternate or len(alternates) < 2:
        return {"alternates": [], "x_default": None}
    default = _default_language()
    x_default = next((version for version in alternates if version.code == default), None)
    return {"alternates": alternates, "x_default": x_default}

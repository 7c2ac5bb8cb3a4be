"""The one locale fallback of the package, and the one way to name the source language.

Content is written in German first (the default locale, ``LANGUAGE_CODE``) and translated with
wagtail-localize: the versions of one object share a ``translation_key`` and differ in
``locale``. Wherever content is shown in a language (pages, API, blocks, search, widgets) each
object comes in that language when a version of it is shown there, else as its source version;
what "shown" means (live, public …) is the queryset the caller passes. The API marks the
second case ``"fallback": true``: :func:`is_fallback`.

Three shapes of the same fallback, each one query per kind of object whatever their number:

- :func:`localized` narrows a queryset to one version per object (a list to filter, order
  and paginate further; :func:`localized_filter` is its filter for a search backend;
  :func:`listed` is the same for the lists of pages and widgets, which
  ``UNTRANSLATED_CONTENT = "hide"`` limits to the translations);
- :func:`localize_many` maps objects one points to (a topic, an organisation, a linked page)
  to their version in a language, else the source version, else themselves, hiding what the
  queryset hides;
- :func:`translate_many` maps objects to their translation into one locale where there is
  one, keeping the object itself otherwise; it skips the query when every object is already
  in that locale (a German page, the most common).

:func:`versions_by_language` lists every version of objects (for a language switcher, the API's
``translations``), also in one query per kind of object.

The choice itself (:func:`pick_versions`, :class:`ContentLocale`) is plain Python. Nothing here
knows the API: ``api/locale.py`` reads the ``locale`` parameter of a request into a
:class:`ContentLocale` and hands it to these helpers.
"""

from collections import namedtuple
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from .conf import get_setting

__all__ = [
    "block_locale",
    "ContentLocale",
    "Ref",
    "hides_untranslated",
    "is_fallback",
    "listed",
    "localize",
    "localize_many",
    "localized",
    "localized_filter",
    "pick_versions",
    "source_language",
    "translate_many",
    "versions_by_language",
]


def source_language():
    """The language content is written in first: the one of the default locale (German).

    The one way to name it, without a query; its Locale is Wagtail's ``Locale.get_default()``
    (which reads the same setting). Not ``settings.LANGUAGE_CODE`` itself: a regional code
    there (``de-de``) names the content language ``de``.
    """
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


#: An object by its id and translation key: all :func:`localize_many` reads of the objects it
#: maps, when only a row's columns are at hand (``Ref(row.series_id, row.series_key)``).
Ref = namedtuple("Ref", ["pk", "translation_key"])


@dataclass(frozen=True)
class ContentLocale:
    """The language content is asked in, and the source language content falls back to."""

    language: str
    source: str

    @classmethod
    def of(cls, locale):
        """The content locale of a page or snippet in ``locale`` (a Locale or a language code)."""
        language = getattr(locale, "language_code", locale)
        return cls(language=language, source=source_language())

    @property
    def languages(self):
        """The requested language, then the source language (once if they are the same)."""
        return list(dict.fromkeys([self.language, self.source]))


def is_fallback(obj, content_locale):
    """Whether ``obj`` (with its ``locale``) is shown in place of a missing translation."""
    return obj.locale.language_code != content_locale.language


def pick_versions(objects, candidates, languages):
    """For each of ``objects``, the version among ``candidates`` to show; plain Python.

    An object (anything with ``pk`` and ``translation_key``, or None) becomes the candidate
    with its translation key in the first of ``languages`` that has one, else the candidate
    that is the object itself (same ``pk``), else None. Candidates have a ``locale`` with a
    ``language_code``. The result is a list in the order of ``objects``.
    """
    by_translation, by_pk = {}, {}
    for candidate in candidates:
        by_translation[candidate.translation_key, candidate.locale.language_code] = candidate
        by_pk[candidate.pk] = candidate

    def pick(obj):
        if obj is None:
            return None
        for language in languages:
            version = by_translation.get((obj.translation_key, language))
            if version is not None:
                return version
        return by_pk.get(obj.pk)

    return [pick(obj) for obj in objects]


def localized(queryset, content_locale):
    """One version of each item of ``queryset``: in the requested language, else the source's.

    Items are the translations of one object (the same ``translation_key``). ``queryset`` says
    what may be shown (live, public …): a translation outside it counts as missing, so a draft
    translation falls back to the published source. Items that exist only in a third language
    are left out. The result is a queryset, with ``locale`` selected: filter, order and
    paginate it further. One query when evaluated (the translations are a subquery).
    """
    in_language = Q(locale__language_code=content_locale.language)
    if content_locale.language == content_locale.source:
        return queryset.filter(in_language).select_related("locale")
    in_source = Q(locale__language_code=content_locale.source)
    return queryset.filter(_or_untranslated(queryset, in_language, in_source)).select_related(
        "locale"
    )


def hides_untranslated():
    """Whether lists leave out what has no translation (``UNTRANSLATED_CONTENT = "hide"``).

    The default, ``"source"``, shows it as its German source, marked as such. It concerns the
    lists of pages and widgets (topics, events, directory, honours) only: a page asked for by its
    address, a snippet reached through a relation and the API (which flags ``"fallback": true``
    for its clients to decide) still fall back.
    """
    return get_setting("UNTRANSLATED_CONTENT") == "hide"


def listed(queryset, content_locale):
    """:func:`localized` for a list of pages or widgets: without the fallbacks when hidden."""
    if hides_untranslated():
        return queryset.filter(locale__language_code=content_locale.language).select_related(
            "locale"
        )
    return localized(queryset, content_locale)


def _or_untranslated(queryset, in_language, in_source):
    translated = queryset.filter(in_language).values("translation_key")
    return in_language | (in_source & ~Q(translation_key__in=translated))


def localized_filter(queryset, locale, source=None):
    """The filter of :func:`localized` as a ``Q``, by locale rather than language code.

    For a search backend, which filters only on indexed fields (``locale`` and
    ``translation_key`` are, on pages): ``queryset.filter(localized_filter(...)).search(...)``.
    ``locale`` and ``source`` (default: ``Locale.get_default()``) are Locales or their ids; a
    translation counts when ``queryset`` has it.
    """
    locale_id = getattr(locale, "pk", locale)
    source_id = getattr(source, "pk", source) if source is not None else Locale.get_default().pk
    in_language = Q(locale_id=locale_id)
    if locale_id == source_id:
        return in_language
    return _or_untranslated(queryset, in_language, Q(locale_id=source_id))


def localize_many(objects, content_locale, queryset):
    """Map each of ``objects`` to its version in the requested language, in one query.

    Each object (any language version, or None) becomes its translation into the requested
    language, else its source-language version, else itself; each taken from ``queryset``
    (which also says what may be shown), None when none of them is in it. An object needs only
    ``pk`` and ``translation_key`` (a row's ids do). Pass the queryset with the
    ``select_related`` or ``prefetch_related`` the caller needs.
    """
    present = [obj for obj in objects if obj is not None]
    if not present:
        return [None] * len(objects)
    candidates = queryset.filter(
        Q(
            translation_key__in={obj.translation_key for obj in present},
            locale__language_code__in=content_locale.languages,
        )
        | Q(pk__in=[obj.pk for obj in present])
    ).select_related("locale")
    return pick_versions(objects, candidates, content_locale.languages)


def localize(obj, content_locale, queryset):
    """:func:`localize_many` for one object."""
    return localize_many([obj], content_locale, queryset)[0]


def translate_many(objects, locale, queryset=None):
    """Each of ``objects`` as its translation into ``locale`` where ``queryset`` has one.

    Unlike :func:`localize_many`, an object without such a translation stays itself (shown or
    not: the caller chose it), and None stays None. At most one query, none when every object
    is already in ``locale``. ``locale`` is a Locale or its id, or a language code (then the
    objects' ``locale`` should be loaded with them); ``queryset`` defaults to all objects of
    the model of the first object that needs translating.
    """
    if isinstance(locale, str):
        lookup = {"locale__language_code": locale}

        def is_in_locale(obj):
            return obj.locale.language_code == locale
    else:
        lookup = {"locale_id": getattr(locale, "pk", locale)}

        def is_in_locale(obj):
            return obj.locale_id == lookup["locale_id"]

    elsewhere = [obj for obj in objects if obj is not None and not is_in_locale(obj)]
    if not elsewhere:
        return list(objects)
    if queryset is None:
        queryset = type(elsewhere[0])._default_manager.all()
    found = {
        translation.translation_key: translation
        for translation in queryset.filter(
            translation_key__in={obj.translation_key for obj in elsewhere}, **lookup
        )
    }
    return [
        obj if obj is None or is_in_locale(obj) else found.get(obj.translation_key, obj)
        for obj in objects
    ]


def versions_by_language(objects, queryset):
    """Every version in ``queryset`` of each of ``objects``, by translation key and language.

    ``{translation_key: {language code: version}}``, the objects' own versions included when
    ``queryset`` has them; a key with no version in ``queryset`` maps to ``{}``. Objects need
    only a ``translation_key`` (None is skipped); ``queryset`` also says which versions count
    (live, public …). One query, none without objects.
    """
    keys = {obj.translation_key for obj in objects if obj is not None}
    versions = {key: {} for key in keys}
    if keys:
        for version in queryset.filter(translation_key__in=keys).select_related("locale"):
            versions[version.translation_key][version.locale.language_code] = version
    return versions


def block_locale(parent_context):
    """The locale a StreamField block is shown in: its page's, else the active language's."""
    locale = getattr((parent_context or {}).get("page"), "locale", None)
    return locale if isinstance(locale, Locale) else Locale.get_active()

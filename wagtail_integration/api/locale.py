"""The ``locale`` parameter of every content endpoint, read into the package's locale fallback.

A request asks for content in one of ``WAGTAIL_CONTENT_LANGUAGES`` with ``?locale=``; without it,
in the language LocaleMiddleware chose for the request (cookie, ``Accept-Language``), else in the
default locale. Each item then comes in that language when a translation of it is shown, else as
its source version, and says which: ``"locale": "de", "fallback": true`` (DESIGN §4).

A domain router uses it in four steps::

    @router.get("things", response=ThingList)
    def things(request, filters: Query[ThingFilters], pagination: Query[PageInput]):
        content_locale = use_locale(request, filters.locale)         # 400 naming ``locale``
        queryset = localized(Thing.objects.filter(...), content_locale)  # one version per item
        return paginate(request, queryset, pagination, prepare=...)   # bulk-load related objects

and ``ThingOut`` extends :class:`LocalizedSchema`. The fallback itself (``localized``,
``localize_many``, :class:`~wagtail_integration.localization.ContentLocale`) is the package's
one, in :mod:`wagtail_integration.localization`, which knows nothing of the API; this module
turns a request into its ``ContentLocale``.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import DraftStateMixin, Page

from ..localization import ContentLocale, is_fallback, source_language, versions_by_language
from .schemas import PageInput

__all__ = [
    "LocaleFilter",
    "LocalizedSchema",
    "PageInput",
    "TranslatedSchema",
    "TranslationOut",
    "attach_translations",
    "locale_error",
    "paginate",
    "raise_for_parameters",
    "requested_locale",
    "use_locale",
]


#: The ``type`` of the errors :func:`raise_for_parameters` raises: their message is the API's own.
PARAMETER_ERROR = "wagtail_integration_parameter"


def raise_for_parameters(errors):
    """Raise the API's 400 for ``{"parameter": "message"}``; do nothing when ``errors`` is empty.

    The API's error handler answers it as ``{"detail": ..., "errors": {"parameter": [message]}}``.
    """
    if errors:
        raise ValidationError(
            [
                {"loc": ("query", name), "msg": str(message), "type": PARAMETER_ERROR}
                for name, message in errors.items()
            ]
        )


def _content_language_enum(schema):
    # Read when the OpenAPI document is made: the languages configured then.
    schema["enum"] = list(get_content_languages())


class LocaleFilter(Schema):
    """The ``locale`` query parameter; a domain's filter schema extends it."""

    locale: str | None = Field(
        None,
        max_length=35,
        description=(
            "Language of the content, one of the site's content languages. Default: the "
            "request's language (Accept-Language), else German. Items without a translation "
            "come in German, marked `fallback`. Regional variants (`en-GB`) answer in their "
            "language."
        ),
        json_schema_extra=_content_language_enum,
    )


def _default_language():
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return source_language()


def _content_language(value):
    """The content language ``value`` (a ``locale`` parameter) names; LookupError if none."""
    return get_supported_content_language_variant(value.strip().lower())


def locale_error(value):
    """The message for a ``locale`` parameter naming no content language, else None."""
    if not value:
        return None
    try:
        _content_language(value)
    except LookupError:
        return _("“%(value)s” is not a language of this site. Use one of: %(languages)s.") % {
            "value": value,
            "languages": ", ".join(get_content_languages()),
        }
    return None


def use_locale(request, value=None, errors=None):
    """Resolve the requested content language, activate it for messages, and return it.

    ``value`` is the ``locale`` parameter: a content language code, regional variants such as
    ``en-GB`` mapping to their language; without it, the language LocaleMiddleware activated
    for the request. An unknown code is an error naming ``locale``, in the request's language:
    added to ``errors`` when the caller gives that dict (to answer it with the errors of its
    other parameters, through :func:`raise_for_parameters`), else raised as the API's 400 at
    once. From then on the request's messages (errors included) are in the content language,
    as LocaleMiddleware would have made them for a page in that language.
    """
    language = None
    if value:
        message = locale_error(value)
        if message is None:
            language = _content_language(value)
        elif errors is None:
            raise_for_parameters({"locale": message})
        else:
            errors["locale"] = message
    if language is None:
        language = _default_language()
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request.content_locale = ContentLocale(language=language, source=source_language())
    return request.content_locale


def requested_locale(request):
    """The :class:`ContentLocale` that :func:`use_locale` chose for ``request``."""
    content_locale = getattr(request, "content_locale", None)
    if content_locale is None:
        content_locale = ContentLocale(language=_default_language(), source=source_language())
    return content_locale


def _shown_versions(model):
    """The versions of ``model`` the API may name: live and public pages, live snippets."""
    if issubclass(model, Page):
        return model.objects.live().public()
    if issubclass(model, DraftStateMixin):
        return model._default_manager.filter(live=True)
    return model._default_manager.all()


def _translatable(item):
    """What an item is a version of: itself, or the series page of an occurrence."""
    return item if hasattr(item, "translation_key") else getattr(item, "page", None)


def _loaded_versions(request):
    # Per request: {(model, translation_key): {language: version}}.
    if not hasattr(request, "_integration_versions"):
        request._integration_versions = {}
    return request._integration_versions


def attach_translations(items, request):
    """Load the versions of ``items`` for their ``translations``: one query per kind of object.

    :func:`paginate` does it for every page of a list; an item not loaded before it is
    serialised costs a query of its own.
    """
    loaded = _loaded_versions(request)
    by_model = {}
    for item in items:
        obj = _translatable(item)
        if obj is not None and (type(obj), obj.translation_key) not in loaded:
            by_model.setdefault(type(obj), []).append(obj)
    for model, objects in by_model.items():
        for key, versions in versions_by_language(objects, _shown_versions(model)).items():
            loaded[model, key] = versions


def translations_of(item, request):
    """``{language: {"id", "url"}}`` of every shown version of what ``item`` is a version of."""
    obj = _translatable(item)
    if obj is None:
        return {}
    loaded = _loaded_versions(request)
    if (type(obj), obj.translation_key) not in loaded:
        attach_translations([obj], request)
    versions = loaded[type(obj), obj.translation_key]
    order = {code: index for index, code in enumerate(get_content_languages())}
    return {
        language: {
            "id": version.pk,
            "url": version.get_full_url(request) if isinstance(version, Page) else None,
        }
        for language, version in sorted(versions.items(), key=lambda pair: order.get(pair[0], 99))
    }


class TranslationOut(Schema):
    """One language version of an item."""

    id: int = Field(description="Id of that version (a page id for pages).")
    url: str | None = Field(description="Absolute URL of its page; null for what has no page.")


class LocalizedSchema(Schema):
    """Base of every object the API answers: says which language the object is in.

    Resolves from a model instance with a ``locale`` (select it with the object: ``localized``
    and ``localize_many`` do) and the request's :class:`ContentLocale`.
    """

    locale: str = Field(description="The language of this item's content.")
    fallback: bool = Field(
        description=(
            "True when the item is not available in the requested language and comes in its "
            "source language (German) instead."
        )
    )

    @staticmethod
    def resolve_locale(obj):
        return obj.locale.language_code

    @staticmethod
    def resolve_fallback(obj, context):
        return is_fallback(obj, requested_locale(context["request"]))


class TranslatedSchema(LocalizedSchema):
    """Base of every item of a list or detail: also names each language it is published in.

    An occurrence's ``translations`` are those of its series page. :func:`paginate` loads them
    for a page of items; elsewhere call :func:`attach_translations` first.
    """

    translations: dict[str, TranslationOut] = Field(
        description=(
            "Every language this item is published in, this one included: the id and URL of "
            "that version, in the order of the site's languages. For a language switcher."
        )
    )

    @staticmethod
    def resolve_translations(obj, context):
        return translations_of(obj, context["request"])


def paginate(request, queryset, pagination, prepare=None):
    """One page of ``queryset`` as ``{"count": N, "items": [...]}``, cut by LimitOffsetPagination.

    ``prepare(items)`` runs on the page's items before they are serialised, to load what they
    point to in bulk (translated topics, opening hours …) so that a page costs a fixed number of
    queries. This is why the routers paginate here rather than with ninja's ``@paginate``.
    """
    page = LimitOffsetPagination().paginate_queryset(queryset, pagination, request=request)
    items = list(page["items"])
    if prepare is not None and items:
        prepare(items)
    attach_translations(items, request)
    return {"count": page["count"], "items": items}

"""``GET organisations``: the directory of advice centres, associations and offices.

Also the schemas other domains embed: an organisation as a guide's contact card shows it, and a
topic as organisations and guides refer to it. The directory is the lower layer: topics import
from here, never the other way round.
"""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ..api.locale import (
    LocaleFilter,
    PageInput,
    TranslatedSchema,
    attach_translations,
    paginate,
    raise_for_parameters,
    use_locale,
)
from ..api.schemas import LocalTime, error_responses
from ..languages import is_known_language, language_name
from ..localization import localize_many, localized
from ..taxonomy import Topic
from .models import Organisation, OrganisationKind, OrganisationLanguage, OrganisationTopic

__all__ = [
    "OrganisationOut",
    "TopicRefOut",
    "localize_topics",
    "prepare_organisations",
    "router",
    "unknown_topic_error",
]

router = Router(tags=["directory"])


class TopicRefOut(Schema):
    """A topic as an organisation or a guide refers to it, named in the requested language."""

    id: int
    slug: str = Field(description="Stable name of the topic; the value of the `topic` filters.")
    name: str


class LanguageOut(Schema):
    """A language, with its name in that language itself."""

    code: str = Field(description="ISO 639 code, e.g. `ar`.")
    name: str = Field(description="The language's own name, e.g. `العربية`.")


class AddressOut(Schema):
    street: str
    postcode: str
    city: str


class CoordinatesOut(Schema):
    latitude: float
    longitude: float


class OpeningHoursOut(Schema):
    weekday: int = Field(description="ISO 8601 weekday: 1 is Monday, 7 is Sunday.")
    opens: LocalTime = Field(description="Local time, Europe/Berlin.")
    closes: LocalTime = Field(description="Local time, Europe/Berlin.")


class OrganisationOut(TranslatedSchema):
    """An organisation of the directory, in the requested language or its German source."""

    id: int
    name: str
    kind: str = Field(description="One of " + ", ".join(OrganisationKind.values) + ".")
    kind_label: str = Field(description="The kind, named in the requested language.")
    description: str
    address: AddressOut
    coordinates: CoordinatesOut | None
    phone: str
    email: str
    website: str
    opening_hours: list[OpeningHoursOut]
    opening_hours_note: str
    languages: list[LanguageOut] = Field(description="Languages spoken at the organisation.")
    topics: list[TopicRefOut]
    accessibility_notes: str
    interpreter_available: bool
    is_sample: bool = Field(
        description="The contact details are made up for a demo and must not be shown as real."
    )

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_address(obj):
        return {"street": obj.street, "postcode": obj.postcode, "city": obj.city}

    @staticmethod
    def resolve_coordinates(obj):
        if obj.latitude is None or obj.longitude is None:
            return None
        return {"latitude": obj.latitude, "longitude": obj.longitude}

    @staticmethod
    def resolve_opening_hours(obj):
        return obj.opening_hours.all()

    @staticmethod
    def resolve_languages(obj):
        return [
            {"code": link.code, "name": language_name(link.code)}
            for link in obj.spoken_languages.all()
        ]

    @staticmethod
    def resolve_topics(obj):
        # Set by prepare_organisations; the stored links otherwise.
        topics = getattr(obj, "localized_topics", None)
        if topics is None:
            topics = [link.topic for link in obj.topic_links.all()]
        return topics


class OrganisationList(Schema):
    count: int
    items: list[OrganisationOut]


class OrganisationFilters(LocaleFilter):
    topic: str | None = Field(None, description="Only organisations working on this topic (slug).")
    language: str | None = Field(
        None, description="Only organisations where this language is spoken (code, e.g. `ar`)."
    )
    kind: str | None = Field(
        None,
        description="Only organisations of this kind.",
        json_schema_extra={"enum": list(OrganisationKind.values)},
    )


def unknown_topic_error(slug):
    """The message for a ``topic`` filter naming no topic, or None when the topic exists."""
    if Topic.objects.filter(slug=slug).exists():
        return None
    slugs = Topic.objects.order_by("sort_order", "slug").values_list("slug", flat=True)
    return _("There is no topic “%(value)s”. Use one of: %(choices)s.") % {
        "value": slug,
        "choices": ", ".join(dict.fromkeys(slugs)),
    }


def localize_topics(topics, content_locale):
    """Each of ``topics`` (or None) in the requested language, else in German; in one query."""
    return localize_many(topics, content_locale, Topic.objects.all())


def prepare_organisations(organisations, content_locale, request=None):
    """Load what ``organisations`` show, in a fixed number of queries whatever their number.

    Opening hours, languages and topic links in one query each (none for those already
    prefetched), their topics translated in one more; with ``request``, their ``translations``
    in one more (a list's items get them from ``paginate``).
    """
    if request is not None:
        attach_translations(organisations, request)
    prefetch_related_objects(
        organisations, "opening_hours", "spoken_languages", "topic_links__topic"
    )
    links = [link for organisation in organisations for link in organisation.topic_links.all()]
    topics = localize_topics([link.topic for link in links], content_locale)
    translated = dict(zip(links, topics, strict=True))
    for organisation in organisations:
        own = [translated[link] for link in organisation.topic_links.all()]
        organisation.localized_topics = list(
            {topic.pk: topic for topic in own if topic is not None}.values()
        )


@router.get(
    "organisations",
    response={200: OrganisationList, **error_responses(400)},
    summary="Organisations",
)
def organisations(request, filters: Query[OrganisationFilters], pagination: Query[PageInput]):
    """The directory's organisations, by name, in the requested language.

    Filters combine: `topic` (a topic's slug), `language` (a language spoken there) and `kind`.
    An unknown value of any of them is a 400 naming the parameter.
    """
    errors = {}
    content_locale = use_locale(request, filters.locale, errors)
    language = (filters.language or "").strip().lower()
    if filters.topic and (message := unknown_topic_error(filters.topic)):
        errors["topic"] = message
    if language and not is_known_language(language):
        errors["language"] = _(
            "“%(value)s” is not a language code this site knows. Use a code such as de, en or ar."
        ) % {"value": filters.language}
    if filters.kind and filters.kind not in OrganisationKind.values:
        errors["kind"] = _(
            "“%(value)s” is not a kind of organisation. Use one of: %(choices)s."
        ) % {
            "value": filters.kind,
            "choices": ", ".join(OrganisationKind.values),
        }
    raise_for_parameters(errors)

    queryset = localized(Organisation.objects.all(), content_locale)
    if filters.topic:
        links = OrganisationTopic.objects.filter(topic__slug=filters.topic)
        queryset = queryset.filter(pk__in=links.values("organisation_id"))
    if language:
        spoken = OrganisationLanguage.objects.filter(code=language)
        queryset = queryset.filter(pk__in=spoken.values("organisation_id"))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return paginate(
        request,
        queryset.order_by("name", "pk"),
        pagination,
        prepare=lambda items: prepare_organisations(items, content_locale),
    )

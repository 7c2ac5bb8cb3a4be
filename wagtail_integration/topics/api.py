"""``GET topics`` and ``GET topics/{id}``: the topic guides, in the requested language.

``{id}`` is the page id of any language version of a guide; ``?locale=`` chooses the version
answered (the source when that language has none). Lists give each item's own id, so that
``topics/{id}`` with the same ``locale`` answers the same version. Only live, public pages.
"""

import datetime
from typing import Annotated, Literal

from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from wagtail.models import Collection, CollectionViewRestriction, Page

from ..api.locale import (
    LocaleFilter,
    PageInput,
    TranslatedSchema,
    paginate,
    raise_for_parameters,
    requested_locale,
    use_locale,
)
from ..api.richtext import absolute_url, render_rich_text
from ..api.schemas import ObjectId, error_responses
from ..directory.api import (
    LanguageOut,
    OrganisationOut,
    TopicRefOut,
    localize_topics,
    prepare_organisations,
    unknown_topic_error,
)
from ..directory.models import Organisation
from ..languages import language_name
from ..localization import localize, localize_many, localized
from .models import TopicGuidePage

__all__ = ["GuideDetailOut", "GuideOut", "body_blocks", "router"]

router = Router(tags=["topics"])


class GuideOut(TranslatedSchema):
    """A topic guide as lists show it."""

    id: int = Field(description="Page id of this language version.")
    title: str
    slug: str
    summary: str
    topic: TopicRefOut | None
    url: str | None = Field(description="Absolute URL of the page; null when not routable.")
    last_reviewed: datetime.date

    @staticmethod
    def resolve_topic(obj):
        # Set by prepare_guides; the stored topic otherwise.
        return getattr(obj, "localized_topic", obj.topic)

    @staticmethod
    def resolve_url(obj, context):
        return obj.get_full_url(context["request"])


# The body's blocks: one schema each, told apart by ``type``.


class HeadingBlockOut(Schema):
    type: Literal["heading"]
    id: str | None
    value: str


class TextBlockOut(Schema):
    type: Literal["text"]
    id: str | None
    value: str = Field(description="HTML; links to pages point to the requested language.")


class ExternalLinkOut(Schema):
    url: str
    title: str
    description: str
    languages: list[LanguageOut] = Field(description="Languages the linked page is in.")


class LinksBlockOut(Schema):
    type: Literal["links"]
    id: str | None
    value: list[ExternalLinkOut]


class ContactBlockOut(Schema):
    type: Literal["contact"]
    id: str | None
    value: OrganisationOut


class FAQItemOut(Schema):
    question: str
    answer: str = Field(description="HTML.")


class FAQBlockOut(Schema):
    type: Literal["faq"]
    id: str | None
    value: list[FAQItemOut]


class LinkedPageOut(Schema):
    id: int
    title: str
    url: str | None


class CallToActionOut(Schema):
    text: str
    button_label: str
    page: LinkedPageOut


class CallToActionBlockOut(Schema):
    type: Literal["call_to_action"]
    id: str | None
    value: CallToActionOut


class DocumentOut(Schema):
    id: int
    title: str
    url: str
    file_extension: str


class DownloadsBlockOut(Schema):
    type: Literal["downloads"]
    id: str | None
    value: list[DocumentOut]


BodyBlockOut = Annotated[
    HeadingBlockOut
    | TextBlockOut
    | LinksBlockOut
    | ContactBlockOut
    | FAQBlockOut
    | CallToActionBlockOut
    | DownloadsBlockOut,
    Field(discriminator="type"),
]


class GuideDetailOut(GuideOut):
    """A topic guide with its body."""

    body: list[BodyBlockOut] = Field(
        description=(
            "The guide's blocks in order, each `{type, id, value}`. Clients should skip types "
            "they do not know: later versions may add some."
        )
    )

    @staticmethod
    def resolve_body(obj, context):
        return body_blocks(obj.body, context["request"])


class GuideList(Schema):
    count: int
    items: list[GuideOut]


class GuideFilters(LocaleFilter):
    topic: str | None = Field(None, description="Only the guides of this topic (slug).")


def live_guides():
    """The guides the API may show: live and public, any language."""
    return TopicGuidePage.objects.live().public().select_related("topic")


def prepare_guides(guides, content_locale):
    """Name every guide's topic in the requested language, in one query."""
    topics = localize_topics([guide.topic for guide in guides], content_locale)
    for guide, topic in zip(guides, topics, strict=True):
        guide.localized_topic = topic


def _public_documents(documents):
    """Leave out documents in collections with view restrictions (a fixed number of queries)."""
    documents = [document for document in documents if document is not None]
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not documents or not paths:
        return documents
    under_restriction = Q()
    for path in paths:
        under_restriction |= Q(path__startswith=path)
    restricted = set(Collection.objects.filter(under_restriction).values_list("pk", flat=True))
    return [document for document in documents if document.collection_id not in restricted]


def _link(value):
    # Optional children are None, not "", in blocks saved before they were added.
    return {
        "url": value["url"],
        "title": value["title"],
        "description": value["description"] or "",
        "languages": [
            {"code": code, "name": language_name(code)} for code in value["languages"] or []
        ],
    }


def body_blocks(body, request):
    """The guide body ``body`` (a StreamValue) as the API's typed blocks.

    Everything the blocks point to is loaded per kind, in bulk: rich text and its links, the
    contact cards' organisations (in the requested language), the pages of calls to action and
    the documents. The number of queries does not grow with the number of blocks. Blocks whose
    organisation or page is gone or not live are left out.
    """
    content_locale = requested_locale(request)
    blocks = list(body)
    values = {}
    for block in blocks:
        values.setdefault(block.block_type, []).append(block.value)

    # Each list below follows the order of its blocks; the loop at the end takes them in turn.
    texts = [value.source for value in values.get("text", [])]
    answers = [item["answer"].source for value in values.get("faq", []) for item in value]
    html = render_rich_text(texts + answers, request)
    text_html, answer_html = iter(html[: len(texts)]), iter(html[len(texts) :])

    organisations = localize_many(
        values.get("contact", []), content_locale, Organisation.objects.all()
    )
    prepare_organisations(
        [org for org in organisations if org is not None], content_locale, request
    )
    organisations = iter(organisations)

    calls = values.get("call_to_action", [])
    pages = iter(
        localize_many(
            [call["page"] for call in calls], content_locale, Page.objects.live().public()
        )
    )

    documents = [document for value in values.get("downloads", []) for document in value]
    public_documents = {document.pk for document in _public_documents(documents)}

    result = []
    for block in blocks:
        value = block.value
        if block.block_type == "heading":
            out = value
        elif block.block_type == "text":
            out = next(text_html)
        elif block.block_type == "links":
            out = [_link(link) for link in value]
        elif block.block_type == "contact":
            out = next(organisations)
        elif block.block_type == "faq":
            out = [{"question": item["question"], "answer": next(answer_html)} for item in value]
        elif block.block_type == "call_to_action":
            page = next(pages)
            out = page and {
                "text": value["text"],
                "button_label": value["button_label"],
                "page": {"id": page.pk, "title": page.title, "url": page.get_full_url(request)},
            }
        elif block.block_type == "downloads":
            out = [
                {
                    "id": document.pk,
                    "title": document.title,
                    "url": absolute_url(request, document.url),
                    "file_extension": document.file_extension,
                }
                for document in value
                if document is not None and document.pk in public_documents
            ]
        else:  # a block type this API version does not describe
            continue
        if out is not None:
            result.append({"type": block.block_type, "id": block.id, "value": out})
    return result


@router.get("topics", response={200: GuideList, **error_responses(400)}, summary="Topic guides")
def topics(request, filters: Query[GuideFilters], pagination: Query[PageInput]):
    """The live topic guides in the requested language, by topic, then title.

    `topic` (a topic's slug) keeps the guides of that topic; an unknown slug is a 400 naming it.
    """
    errors = {}
    content_locale = use_locale(request, filters.locale, errors)
    if filters.topic and (message := unknown_topic_error(filters.topic)):
        errors["topic"] = message
    raise_for_parameters(errors)
    queryset = localized(live_guides(), content_locale)
    if filters.topic:
        queryset = queryset.filter(topic__slug=filters.topic)
    return paginate(
        request,
        # Guides without a topic last, on every database.
        queryset.order_by(F("topic__sort_order").asc(nulls_last=True), "title", "pk"),
        pagination,
        prepare=lambda items: prepare_guides(items, content_locale),
    )


@router.get(
    "topics/{id}",
    response={200: GuideDetailOut, **error_responses(400, 404)},
    summary="One topic guide",
)
def topic(request, id: ObjectId, filters: Query[LocaleFilter]):
    """One guide with its body, in the requested language or its German source.

    `id` is the page id of any language version of the guide; 404 when no live, public guide
    has it.
    """
    content_locale = use_locale(request, filters.locale)
    guides = live_guides()
    guide = localize(get_object_or_404(guides, pk=id), content_locale, guides)
    prepare_guides([guide], content_locale)
    return guide

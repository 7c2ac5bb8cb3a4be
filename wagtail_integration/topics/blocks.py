"""StreamField blocks of topic guides."""

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from ..api.richtext import expand_rich_text
from ..languages import language_choices
from ..localization import ContentLocale, block_locale, is_fallback, localize, localize_many

__all__ = [
    "CallToActionBlock",
    "ContactCardBlock",
    "ExternalLinkBlock",
    "FAQItemBlock",
    "GUIDE_BODY_BLOCKS",
    "GuideRichTextBlock",
    "TopicGuideBlock",
    "guide_rich_text",
    "linked_pages",
    "localize_pages",
    "register_guide_block",
]


class ExternalLinkBlock(blocks.StructBlock):
    """A curated link to another website, with the languages its page is in."""

    url = blocks.URLBlock(label=_("address (URL)"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)
    languages = blocks.MultipleChoiceBlock(
        label=_("languages of the page"),
        choices=language_choices,
        required=False,
        help_text=_("The languages the linked page is available in."),
    )

    class Meta:
        icon = "link-external"
        label = _("External link")


class ContactCardBlock(SnippetChooserBlock):
    """A card with an organisation's address, opening hours and contact details.

    Resolves all cards of a body in one query, with their opening hours and languages, so a
    guide's query count does not grow with its number of cards.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Contact card"))
        kwargs.setdefault("icon", "group")
        super().__init__("integration_directory.Organisation", **kwargs)

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        objects = self.model_class.objects.prefetch_related(
            "opening_hours", "spoken_languages"
        ).in_bulk(ids)
        return [objects.get(value) for value in values]

    class Meta:
        template = "integration_topics/blocks/contact_card.html"


class GuideRichTextBlock(blocks.RichTextBlock):
    """Rich text that a topic guide renders in one pass with all other rich text of its body.

    ``TopicGuidePage.get_context`` passes ``rich_text_html`` (:func:`guide_rich_text`), which
    this block looks its source up in when rendered with ``{% include_block %}``. Elsewhere, or
    with ``{{ value }}`` or ``|richtext``, Wagtail renders the value itself, link by link, in
    the active language.
    """

    def render_basic(self, value, context=None):
        html = ((context or {}).get("rich_text_html") or {}).get(value.source)
        if html is None:
            return super().render_basic(value, context=context)
        return render_to_string("wagtailcore/shared/richtext.html", {"html": html})


class FAQItemBlock(blocks.StructBlock):
    """A question and its answer, shown as a disclosure."""

    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = GuideRichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        label = _("Question")


def localize_pages(pages, locale):
    """Each of ``pages`` (or None) as its live version in ``locale``'s language, else the source's.

    A translated page keeps the ids of the German pages it links to; this finds the version a
    visitor of the translation should land on, for all of them in one query. None for a page
    without a live version. The versions come with their ``locale`` selected.
    """
    return localize_many(pages, ContentLocale.of(locale), Page.objects.live())


def linked_pages(body, locale):
    """The pages the calls to action in ``body`` link to, for a page in ``locale``, in one query.

    A dict from the id of each chosen page to the version to link to (None: not live), which
    :class:`CallToActionBlock` looks up as ``linked_pages`` in its parent context.
    """
    chosen = [block.value["page"] for block in body.blocks_by_name("call_to_action")]
    chosen = [page for page in chosen if page is not None]
    targets = localize_pages(chosen, locale)
    return {page.pk: target for page, target in zip(chosen, targets, strict=True)}


def _rich_texts(block, value):
    """The RichText values in ``value`` of ``block``, in structs, lists and streams at any depth."""
    if isinstance(block, blocks.RichTextBlock):
        if value is not None:
            yield value
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _rich_texts(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value or ():
            yield from _rich_texts(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value or ():
            yield from _rich_texts(child.block, child.value)


def guide_rich_text(body, locale, request=None):
    """The front-end HTML of all rich text in ``body``, for a page in ``locale``, in one pass.

    A dict from each source to its HTML, which :class:`GuideRichTextBlock` looks up as
    ``rich_text_html`` in its parent context. A translated guide keeps the German page ids in
    its links: a link goes to the live translation into ``locale``'s language, else to the
    source, marked with ``hreflang``. URLs are as the ``pageurl`` tag gives them for
    ``request``. The number of queries does not grow with the number of texts, links or images.
    """
    sources = list(dict.fromkeys(value.source for value in _rich_texts(body.stream_block, body)))
    html = expand_rich_text(sources, ContentLocale.of(locale), request, hreflang=True)
    return dict(zip(sources, html, strict=True))


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to a page, such as the volunteer form.

    The link goes to the page's translation into the language of the page the block is on, else
    to its source, marked with ``hreflang``. A topic guide resolves the pages of all its calls
    to action at once (``linked_pages`` in its context); elsewhere each block takes one query.
    """

    text = blocks.CharBlock(label=_("text"), max_length=200)
    page = blocks.PageChooserBlock(label=_("page"))
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "integration_topics/blocks/call_to_action.html"

    def get_context(self, value, parent_context=None):
        """Add ``target``, the page to link to (None: none is live), and ``target_language``,
        its language code when that is not the language of the page the block is on."""
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        locale = block_locale(parent_context)
        chosen = value.get("page")
        resolved = parent_context.get("linked_pages") or {}
        if chosen is None:
            target = None
        elif chosen.pk in resolved:
            target = resolved[chosen.pk]
        else:
            (target,) = localize_pages([chosen], locale)
        language = target.locale.language_code if target is not None else ""
        context["target"] = target
        context["target_language"] = "" if language == locale.language_code else language
        return context


#: The blocks of a guide's body, in the order editors see them. Apps above this one add theirs
#: with :func:`register_guide_block` (the events app adds "next_stammtisch" and
#: "upcoming_events"), so this app imports none of them.
GUIDE_BODY_BLOCKS = [
    ("heading", blocks.CharBlock(label=_("Heading"), icon="title", max_length=120)),
    ("text", GuideRichTextBlock(label=_("Text"))),
    (
        "links",
        blocks.ListBlock(ExternalLinkBlock(), label=_("External links"), icon="link-external"),
    ),
    ("contact", ContactCardBlock()),
    ("faq", blocks.ListBlock(FAQItemBlock(), label=_("Questions and answers"), icon="help")),
    ("call_to_action", CallToActionBlock()),
    (
        "downloads",
        blocks.ListBlock(
            DocumentChooserBlock(label=_("document")), label=_("Downloads"), icon="doc-full"
        ),
    ),
]


def register_guide_block(name, block):
    """Offer ``block`` under ``name`` in the body of every topic guide.

    Call it from an ``AppConfig.ready()``: the guides' StreamField builds its block list on first
    use, which comes after every app is ready. The order of the calls is the order of the blocks
    in the editor's menu and in the migrations' field definition.
    """
    if apps.ready:
        raise RuntimeError(
            f"register_guide_block({name!r}) came after the apps were ready; "
            "call it from an AppConfig.ready()."
        )
    GUIDE_BODY_BLOCKS.append((name, block))


class TopicGuideBlock(blocks.StructBlock):
    """A whole topic guide on another page, as ``<integration-topic>`` shows it.

    The chosen guide comes in the language of the page the block is on, else as its German
    source: then its content is marked ``lang="de"`` and the block says "In German" in the page's
    language. Headings, text, links, contact cards and the guide's other blocks render as on the
    guide's page (``integration_topics/includes/section_blocks.html``), their headings below the
    block's (``heading_level`` from the including template, default 2). A guide that is no
    longer published leaves a short notice instead.
    """

    guide = blocks.PageChooserBlock(
        label=_("topic guide"), page_type="integration_topics.TopicGuidePage"
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Topic guide")
        template = "integration_topics/blocks/topic_guide.html"

    def get_context(self, value, parent_context=None):
        """Add ``locale`` (the reader's), ``guide`` (the version to show, None when none is
        live), ``guide_is_fallback``, and what the guide's body needs: ``linked_pages`` and
        ``rich_text_html`` (as :meth:`TopicGuidePage.get_context` gives them)."""
        context = super().get_context(value, parent_context=parent_context)
        locale = block_locale(parent_context)
        context["locale"] = locale
        context["guide"] = None
        chosen = value.get("guide")
        if chosen is None:
            return context
        content_locale = ContentLocale.of(locale)
        # A guide chosen by an editor is like a page asked for by its address: it falls back
        # to German even with UNTRANSLATED_CONTENT = "hide" (which concerns lists).
        guide = localize(
            chosen, content_locale, self.child_blocks["guide"].target_model.objects.live().public()
        )
        if guide is None:
            return context
        request = (parent_context or {}).get("request")
        context["guide"] = guide
        context["guide_is_fallback"] = is_fallback(guide, content_locale)
        context["linked_pages"] = linked_pages(guide.body, guide.locale)
        context["rich_text_html"] = guide_rich_text(guide.body, guide.locale, request)
        return context

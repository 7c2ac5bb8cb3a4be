"""StreamField blocks of topic guides."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from ..events.blocks import NextStammtischBlock, UpcomingEventsBlock
from ..languages import language_choices

__all__ = [
    "CallToActionBlock",
    "ContactCardBlock",
    "ExternalLinkBlock",
    "FAQItemBlock",
    "GUIDE_BODY_BLOCKS",
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


class FAQItemBlock(blocks.StructBlock):
    """A question and its answer, shown as a disclosure."""

    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = blocks.RichTextBlock(
        label=_("answer"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "help"
        label = _("Question")


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to a page, such as the volunteer form."""

    text = blocks.CharBlock(label=_("text"), max_length=200)
    page = blocks.PageChooserBlock(label=_("page"))
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "integration_topics/blocks/call_to_action.html"


GUIDE_BODY_BLOCKS = [
    ("heading", blocks.CharBlock(label=_("Heading"), icon="title", max_length=120)),
    ("text", blocks.RichTextBlock(label=_("Text"))),
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
    ("next_stammtisch", NextStammtischBlock()),
    ("upcoming_events", UpcomingEventsBlock()),
]

"""Page types of the example city site; the package's own page types live in the package."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from wagtail_integration.directory.blocks import OrganisationsBlock
from wagtail_integration.events.blocks import NextStammtischBlock, UpcomingEventsBlock
from wagtail_integration.honours.blocks import HonoursBlock
from wagtail_integration.submissions.blocks import FormBlock
from wagtail_integration.topics.blocks import TopicGuideBlock

BODY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
    ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
    ("image", ImageChooserBlock(label=_("Image"))),
    # The package's blocks, one per embed widget (docs/blocks.md), as a host site adds them.
    ("next_stammtisch", NextStammtischBlock()),
    ("upcoming_events", UpcomingEventsBlock()),
    ("topic_guide", TopicGuideBlock()),
    ("organisations", OrganisationsBlock()),
    ("honours", HonoursBlock()),
    ("form", FormBlock()),
]


class HomePage(Page):
    """The city's start page for integration."""

    intro = RichTextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class ContentPage(Page):
    """A plain page of text, for anything the package has no page type for."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")


def _footer_page(verbose_name, help_text):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        help_text=help_text,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="link")
class FooterLinks(BaseSiteSetting):
    """The pages every page of the site links to in its footer.

    Choose the German pages: visitors get their language's live translation where one exists.
    """

    imprint_page = _footer_page(_("imprint"), _("The legal notice (Impressum)."))
    privacy_page = _footer_page(_("privacy policy"), _("The privacy policy (Datenschutz)."))
    accessibility_page = _footer_page(
        _("accessibility statement"),
        _("The accessibility statement with a feedback contact, as BITV 2.0 asks for."),
    )

    panels = [
        FieldPanel("imprint_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("footer links")

    def page_ids(self):
        """The ids of the chosen pages in footer order, the unset ones left out."""
        ids = (self.imprint_page_id, self.privacy_page_id, self.accessibility_page_id)
        return [page_id for page_id in ids if page_id is not None]

"""Topic guides: one page per theme, with a review date so that none goes stale unnoticed."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..localization import ContentLocale, is_fallback, listed, localize_many, source_language
from ..taxonomy import Topic
from .blocks import GUIDE_BODY_BLOCKS, guide_rich_text, linked_pages

__all__ = ["Topic", "TopicGuidePage", "TopicIndexPage"]


class TopicIndexPage(Page):
    """The list of topic guides."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["integration_topics.TopicGuidePage"]
    api_fields = [APIField("intro")]
    template = "integration_topics/topic_index_page.html"

    class Meta:
        verbose_name = _("topic index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = self.get_guides()
        return context

    def get_guides(self):
        """The live, public guides below this index in its language, in the source's order.

        A guide not translated into this language comes as its source (German) version, marked
        ``is_fallback``; each guide's topic is in this language where it is translated. Four
        queries, whatever the number of guides.
        """
        below_any_version = Q()
        for path, depth in TopicIndexPage.objects.filter(
            translation_key=self.translation_key
        ).values_list("path", "depth"):
            below_any_version |= Q(path__startswith=path, depth=depth + 1)
        shown = TopicGuidePage.objects.live().public().filter(below_any_version)
        content_locale = ContentLocale.of(self.locale)
        guides = list(listed(shown, content_locale).select_related("topic"))
        order = dict(
            shown.filter(locale__language_code=source_language()).values_list(
                "translation_key", "path"
            )
        )
        guides.sort(key=lambda guide: order.get(guide.translation_key, guide.path))
        topics = localize_many(
            [guide.topic for guide in guides], content_locale, Topic.objects.all()
        )
        for guide, topic in zip(guides, topics, strict=True):
            guide.is_fallback = is_fallback(guide, content_locale)
            guide.topic = topic
        return guides


class TopicGuidePage(Page):
    """One guide per theme: curated links, contacts, questions and answers."""

    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences, shown in lists and search results.")
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guides",
    )
    body = StreamField(GUIDE_BODY_BLOCKS, blank=True, verbose_name=_("body"))
    last_reviewed = models.DateField(
        _("last reviewed"),
        default=datetime.date.today,
        help_text=_("When an editor last checked that everything on this page is correct."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Reminded when the guide is due for review; the page owner otherwise."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("topic"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("review_interval_months")]),
                FieldPanel("reviewer"),
            ],
            heading=_("Review"),
        )
    ]
    override_translatable_fields = [
        SynchronizedField("last_reviewed"),
        SynchronizedField("review_interval_months"),
        SynchronizedField("reviewer"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("topic"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("topic"),
        APIField("body"),
        APIField("last_reviewed"),
    ]
    parent_page_types = ["integration_topics.TopicIndexPage"]
    subpage_types = []
    template = "integration_topics/topic_guide_page.html"

    class Meta:
        verbose_name = _("topic guide")
        verbose_name_plural = _("topic guides")

    def get_context(self, request, *args, **kwargs):
        """Add ``linked_pages``, the calls to action's pages in this guide's language, and
        ``rich_text_html``, the HTML of every rich text in the body, its links in that language.

        A translation keeps the German page ids in its body; resolving them all here keeps a
        guide's number of queries the same however many calls to action, texts and links it
        has. The body's blocks look them up when the template renders them with
        ``{% include_block %}``.
        """
        context = super().get_context(request, *args, **kwargs)
        context["linked_pages"] = linked_pages(self.body, self.locale)
        context["rich_text_html"] = guide_rich_text(self.body, self.locale, request)
        return context

    @property
    def review_due(self):
        """The date by which the guide should be reviewed again."""
        return self.last_reviewed + relativedelta(months=self.review_interval_months)

    def is_review_due(self, today=None):
        """Whether the review date has come."""
        return self.review_due <= (today or timezone.localdate())

"""StreamField blocks that show events on other pages: topic guides and the host site's own.

Add them to a StreamField like any block::

    from wagtail_integration.events.blocks import NextStammtischBlock, UpcomingEventsBlock

    body = StreamField([
        ...,
        ("next_stammtisch", NextStammtischBlock()),
        ("upcoming_events", UpcomingEventsBlock()),
    ])

Both render in the language of the page they are on (the ``page`` in the template context;
the active language otherwise), with series and notes translated where a translation exists,
and mark their root element with ``lang`` and ``dir``. Their options are the attributes of the
web components ``<integration-next-stammtisch>`` (``series``) and ``<integration-events>``
(``category``, ``topic``, ``series``, ``days``; the element's ``limit`` is ``count`` here), as
docs/blocks.md lists them. Each block takes a fixed number of queries (up to ten), however
many series and dates there are. A guide template passes
``heading_level`` (``{% include_block block with heading_level=3 %}``) to fit the block's
headings into the page's outline; the default is 2.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Locale

from ..conf import get_setting
from ..localization import ContentLocale, block_locale, hides_untranslated, is_fallback, localize
from ..taxonomy import Topic
from .items import build_items, occurrence_rows, upcoming_items
from .models import EventCategory, EventSeriesPage
from .pages import index_series

__all__ = ["NextStammtischBlock", "UpcomingEventsBlock"]


def category_choices():
    """The event categories by slug, named in the default language."""
    default = Locale.get_default()
    return [(c.slug, c.name) for c in EventCategory.objects.filter(locale=default)]


def topic_choices():
    """The topics by slug, named in the default language."""
    default = Locale.get_default()
    return [(t.slug, t.name) for t in Topic.objects.filter(locale=default)]


def _request(parent_context):
    return (parent_context or {}).get("request")


class NextStammtischBlock(blocks.StructBlock):
    """The next date of one series with the evening's note, e.g. the monthly Stammtisch.

    When the next date is cancelled it is shown as such, followed by the date after it. Without
    a chosen series, the series of the Stammtisch category (``STAMMTISCH_CATEGORY``) whose date
    comes next, as ``<integration-next-stammtisch>`` without ``series``. A series that is no
    longer published, or none at all, leaves the block saying that no dates are planned.
    """

    series = blocks.PageChooserBlock(
        label=_("event series"),
        page_type="integration_events.EventSeriesPage",
        # Optional since the web component's attribute is: content stored with a series
        # keeps it.
        required=False,
        help_text=_("Leave empty for the Stammtisch whose date comes next."),
    )
    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the title of the series."),
    )

    #: How many dates are read to find the next one that takes place.
    LOOK_AHEAD = 3

    class Meta:
        icon = "date"
        label = _("Next date of a series")
        template = "integration_events/blocks/next_stammtisch.html"

    def get_context(self, value, parent_context=None):
        """Add ``items`` (the next date and any cancelled one before it), ``locale``, ``series``.

        ``series`` is the version in the page's language, else the German source; then
        ``series_is_fallback`` is true (and with ``UNTRANSLATED_CONTENT = "hide"`` the block
        shows nothing: ``hidden``). ``series`` is None when no series is published: the block
        says that no dates are planned.
        """
        context = super().get_context(value, parent_context=parent_context)
        locale = block_locale(parent_context)
        context["locale"] = locale
        context["items"] = []
        chosen = value.get("series") or self.get_default_series()
        if chosen is None or not chosen.live:
            return context
        series = EventSeriesPage.objects.filter(translation_key=chosen.translation_key)
        items = upcoming_items(
            series, locale, limit=self.LOOK_AHEAD, request=_request(parent_context)
        )
        shown = []
        for item in items:
            shown.append(item)
            if not item.cancelled:
                break
        content_locale = ContentLocale.of(locale)
        if shown:
            version = shown[0].series
        else:  # no dates to come: the version to link to is not known yet
            version = localize(chosen, content_locale, EventSeriesPage.objects.live())
        fallback = version is not None and is_fallback(version, content_locale)
        if fallback and hides_untranslated():
            version, shown = None, []  # the block shows nothing, as lists leave it out
            context["hidden"] = True
        context["items"] = shown
        context["series"] = version
        context["series_is_fallback"] = fallback
        return context

    def get_default_series(self):
        """The series shown when none is chosen: of the Stammtisch category, the next to meet.

        Override this to choose another. The live, public series of the category
        ``STAMMTISCH_CATEGORY`` whose next date comes first, else the first of them; None
        without any.
        """
        series = EventSeriesPage.objects.live().public()
        series = series.filter(category__slug=get_setting("STAMMTISCH_CATEGORY"))
        now = timezone.now()
        rows = occurrence_rows(series, now, running_at=now, limit=1)
        chosen = rows[0].series_id if rows else series.values_list("pk", flat=True).first()
        return EventSeriesPage.objects.filter(pk=chosen).first() if chosen else None


class UpcomingEventsBlock(blocks.StructBlock):
    """The next dates of all series, or of one kind of event, topic or series, with a link to
    more; ``days`` limits them to that many days ahead."""

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for “Upcoming events”."),
    )
    # Slugs, not chooser blocks: they are the same in every language, so a translated page
    # keeps its filters without translating references (and categories need no snippet views).
    category = blocks.ChoiceBlock(
        label=_("kind of event"), choices=category_choices, required=False
    )
    topic = blocks.ChoiceBlock(label=_("topic"), choices=topic_choices, required=False)
    series = blocks.PageChooserBlock(
        label=_("event series"),
        page_type="integration_events.EventSeriesPage",
        required=False,
        help_text=_("Only the dates of this series. Empty: all series."),
    )
    count = blocks.IntegerBlock(label=_("number of dates"), default=5, min_value=1, max_value=20)
    days = blocks.IntegerBlock(
        label=_("days ahead"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("Only dates within this many days from today. Empty: no limit."),
    )
    index = blocks.PageChooserBlock(
        label=_("event calendar"),
        page_type="integration_events.EventIndexPage",
        required=False,
        help_text=_("Only dates of this calendar, with a link to it. Empty: all calendars."),
    )

    class Meta:
        icon = "calendar-alt"
        label = _("Upcoming events")
        template = "integration_events/blocks/upcoming_events.html"

    def get_series(self, value, default_locale):
        """The live, public series whose dates the block shows; override this to narrow them."""
        if value.get("index") is not None:
            series = index_series(value["index"].specific, default_locale)
        else:
            series = EventSeriesPage.objects.live().public()
        if value.get("category"):
            series = series.filter(category__slug=value["category"])
        if value.get("topic"):
            series = series.filter(topic_links__topic__slug=value["topic"])
        if value.get("series") is not None:
            # Any language version was chosen: its source's dates are the ones stored.
            series = series.filter(translation_key=value["series"].translation_key)
        return series

    def get_context(self, value, parent_context=None):
        """Add ``items`` (the next ``count`` dates, within ``days``), ``locale`` and the
        calendar's ``index_url``."""
        context = super().get_context(value, parent_context=parent_context)
        locale = block_locale(parent_context)
        request = _request(parent_context)
        count = max(1, min(value.get("count") or 5, 20))
        context["locale"] = locale
        series = self.get_series(value, Locale.get_default())
        days = value.get("days")
        if days:
            now = timezone.now()
            end = now + dt.timedelta(days=min(days, 366))
            rows = occurrence_rows(series, now, end, running_at=now, limit=count)
            context["items"] = build_items(rows, locale, request=request)
        else:
            context["items"] = upcoming_items(series, locale, limit=count, request=request)
        index = value.get("index")
        if index is not None and index.live:
            shown = index.get_translation_or_none(locale) if index.locale_id != locale.pk else None
            context["index_url"] = (shown if shown and shown.live else index).get_url(request)
        return context

"""Event series: the monthly Stammtisch, trainings, talks — and their materialised occurrences.

A series stores its first date, a local start and end time, a time zone and an optional
recurrence rule (django-recurrence; empty means a single event). Per-occurrence overrides cancel,
move or annotate one evening. Occurrences are computed by :mod:`.recurrence` in wall-clock time
and stored in :class:`Occurrence`, one indexed row each, shared by all translations of a series.
"""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ...conf import get_setting
from ...languages import language_choices, language_name
from ...validators import validate_language_code
from ..forms import EventSeriesPageForm
from ..wagtail_api import LanguagesField, RuleField, TopicsField
from ..widgets import RecurrenceWidget

__all__ = [
    "EventCategory",
    "EventIndexPage",
    "EventSeriesPage",
    "REGISTRATION_FORM_FIELDS",
    "Registration",
    "RegistrationScope",
    "SeriesLanguage",
    "SeriesTopic",
]


def time_zone_choices():
    """Every IANA time zone, by name."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def default_time_zone():
    """The site's default time zone for new series (setting ``DEFAULT_TIME_ZONE``)."""
    return get_setting("DEFAULT_TIME_ZONE")


class EventCategory(TranslatableMixin, models.Model):
    """What kind of event: Stammtisch, training, talk, workshop, counselling hour, celebration."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="integration_eventcategory_unique_slug"
            )
        ]

    def __str__(self):
        return self.name


class EventIndexPage(RoutablePageMixin, Page):
    """Upcoming events of all series below it, by month, with filters and a month view."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["integration_events.EventSeriesPage"]
    api_fields = [APIField("intro")]
    template = "integration_events/event_index_page.html"

    class Meta:
        verbose_name = _("event index")

    #: How many calendar months the list of upcoming dates shows at a time.
    upcoming_months = 3
    #: The most dates one page of the list shows; the rest follow on the next page.
    max_items = 150

    def get_context(self, request, *args, **kwargs):
        """Add the upcoming dates by month (or the month view of ``?month=``) and the filters.

        See :func:`wagtail_integration.events.pages.index_context` for what is added.
        """
        from ..pages import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            index_context(self, request, months=self.upcoming_months, max_items=self.max_items)
        )
        return context

    @path("ical/", name="ical")
    def ical(self, request):
        """The calendar feed of every series below this index."""
        from ..pages import index_feed

        return index_feed(request, self)


class Registration(models.TextChoices):
    """How people sign up for an event."""

    NONE = "none", _("No registration needed")
    LINK = "link", _("Registration on a website")
    EMAIL = "email", _("Registration by e-mail")
    FORM = "form", _("Registration on this website (seats, waiting list)")


class RegistrationScope(models.TextChoices):
    """What one registration is for (with ``Registration.FORM``)."""

    DATE = "date", _("one date")
    SERIES = "series", _("the whole series (a course)")


#: The options of registration on this website, synchronised from the source to translations.
REGISTRATION_FORM_FIELDS = (
    "registration_scope",
    "registration_seats",
    "registration_waiting_list",
    "registration_opens_at",
    "registration_closes_hours",
    "registration_reminder_hours",
    "registration_ask_phone",
    "registration_ask_languages",
    "registration_ask_accessibility",
    "registration_ask_note",
)


class EventSeriesPage(RoutablePageMixin, Page):
    """One series (a Stammtisch, a training course) or one single event (a talk, a workshop)."""

    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    body = RichTextField(_("description"), blank=True)
    category = models.ForeignKey(
        EventCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    venue = models.ForeignKey(
        "integration_directory.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    online_url = models.URLField(_("online meeting link"), blank=True, max_length=500)
    organiser = models.ForeignKey(
        "integration_directory.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility = models.TextField(_("accessibility"), blank=True)
    registration = models.CharField(
        _("registration"), max_length=10, choices=Registration.choices, default=Registration.NONE
    )
    registration_url = models.URLField(_("registration link"), blank=True, max_length=500)
    registration_email = models.EmailField(_("registration e-mail"), blank=True)
    # Registration on this website (Registration.FORM): the registrations app keeps the
    # registrations; the series says what is offered, the same in every language.
    registration_scope = models.CharField(
        _("people register for"),
        max_length=10,
        choices=RegistrationScope.choices,
        default=RegistrationScope.DATE,
    )
    registration_seats = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Per date, or for the whole series. Leave empty for no limit."),
    )
    registration_waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When all seats are taken, people can join a waiting list."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration at once."),
    )
    registration_closes_hours = models.PositiveSmallIntegerField(
        _("registration closes (hours before the start)"),
        default=0,
        help_text=_("0 closes it at the start; for the whole series, the start of its first date."),
    )
    registration_reminder_hours = models.PositiveSmallIntegerField(
        _("reminder (hours before the start)"),
        default=24,
        help_text=_("Each registered person is reminded by e-mail. 0 sends no reminder."),
    )
    registration_ask_phone = models.BooleanField(_("ask for a phone number"), default=True)
    registration_ask_languages = models.BooleanField(_("ask for languages spoken"), default=True)
    registration_ask_accessibility = models.BooleanField(
        _("ask for accessibility needs"), default=True
    )
    registration_ask_note = models.BooleanField(_("offer a message field"), default=True)

    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(
        _("ends at"),
        null=True,
        blank=True,
        help_text=_("Earlier than the start means the next day."),
    )
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default=default_time_zone
    )
    recurrence = RecurrenceField(
        _("repeats"), blank=True, null=True, help_text=_("Leave empty for a single event.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("category"),
        MultiFieldPanel(
            [
                FieldPanel("first_date"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("all_day"), FieldPanel("time_zone")]),
                # The field's label: django-recurrence's model field takes its first argument
                # as include_dtstart, so the verbose name above never reached it.
                FieldPanel("recurrence", widget=RecurrenceWidget, heading=capfirst(_("repeats"))),
            ],
            heading=_("Date and time"),
        ),
        InlinePanel("overrides", heading=_("Changes to single dates"), label=_("Change")),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("online_url"), FieldPanel("accessibility")],
            heading=_("Place"),
        ),
        FieldPanel("body"),
        FieldPanel("organiser"),
        InlinePanel("topic_links", heading=_("Topics"), label=_("Topic")),
        InlinePanel("spoken_languages", heading=_("Languages spoken"), label=_("Language")),
        MultiFieldPanel(
            [
                FieldPanel("registration"),
                FieldPanel("registration_url"),
                FieldPanel("registration_email"),
                FieldRowPanel([FieldPanel("registration_scope"), FieldPanel("registration_seats")]),
                FieldPanel("registration_waiting_list"),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_hours"),
                        FieldPanel("registration_reminder_hours"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("registration_ask_phone"),
                        FieldPanel("registration_ask_languages"),
                        FieldPanel("registration_ask_accessibility"),
                        FieldPanel("registration_ask_note"),
                    ]
                ),
            ],
            heading=_("Registration"),
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("first_date"),
        SynchronizedField("start_time"),
        SynchronizedField("end_time"),
        SynchronizedField("all_day"),
        SynchronizedField("time_zone"),
        SynchronizedField("recurrence"),
        SynchronizedField("online_url"),
        SynchronizedField("registration_url"),
        SynchronizedField("registration_email"),
        *(SynchronizedField(name) for name in REGISTRATION_FORM_FIELDS),
        SynchronizedField("spoken_languages"),
        SynchronizedField("topic_links"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("category"),
        APIField("venue"),
        APIField("online_url"),
        APIField("organiser"),
        APIField("topics", serializer=TopicsField()),
        APIField("languages", serializer=LanguagesField()),
        APIField("accessibility"),
        APIField("registration"),
        APIField("registration_url"),
        APIField("registration_email"),
        APIField("registration_scope"),
        APIField("registration_seats"),
        APIField("registration_waiting_list"),
        APIField("registration_opens_at"),
        APIField("first_date"),
        APIField("start_time"),
        APIField("end_time"),
        APIField("all_day"),
        APIField("time_zone"),
        APIField("rule", serializer=RuleField()),
    ]
    parent_page_types = ["integration_events.EventIndexPage"]
    subpage_types = []
    template = "integration_events/event_series_page.html"
    base_form_class = EventSeriesPageForm

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    #: How many of the next dates the page lists.
    next_dates_count = 6

    def get_context(self, request, *args, **kwargs):
        """Add the next dates, the schedule as a sentence and the calendar links.

        See :func:`wagtail_integration.events.pages.series_context` for what is added.
        """
        from ..pages import series_context

        context = super().get_context(request, *args, **kwargs)
        context.update(series_context(self, request, count=self.next_dates_count))
        return context

    @path("register/", name="register_series")
    def register_series_view(self, request):
        """Registration for a whole course (``registration_scope`` "series")."""
        from ..pages import serve_registration

        return serve_registration(self, request)

    @path("register/<int:occurrence_id>/", name="register")
    def register_view(self, request, occurrence_id):
        """Registration for one date."""
        from ..pages import serve_registration

        return serve_registration(self, request, occurrence_id)

    def clean(self):
        super().clean()
        errors = {}
        if not self.all_day and self.start_time is None:
            errors["start_time"] = _("Enter a start time, or mark the event as all day.")
        if self.registration == Registration.LINK and not self.registration_url:
            errors["registration_url"] = _("Enter the link where people register.")
        if self.registration == Registration.EMAIL and not self.registration_email:
            errors["registration_email"] = _("Enter the address people register with.")
        if (
            self.registration == Registration.FORM
            and self.registration_scope == RegistrationScope.SERIES
            and not self.recurrence
        ):
            errors["registration_scope"] = _(
                "A single event has one date: let people register for that date."
            )
        if "start_time" not in errors and self.first_date:
            if message := self.recurrence_error():
                errors["recurrence"] = message
        if errors:
            raise ValidationError(errors)

    def recurrence_error(self):
        """Why the rule cannot be used, or None: too frequent, ending early, or never occurring.

        Rules are expanded only over a bounded window, so no rule can make a request or a job
        run without end; these checks turn a rule the editor did not mean into a clear message.
        """
        from recurrence import base

        from ..occurrences import dateutil_rules
        from ..recurrence import naive_until

        if not self.recurrence or not self.recurrence.rrules:
            return None
        for rule in self.recurrence.rrules:
            if rule.freq in (base.HOURLY, base.MINUTELY, base.SECONDLY):
                return _("Events can repeat every day at most often. Choose daily or less often.")
            until = naive_until(rule.until, self.zone)
            if until is not None and until.date() < self.first_date:
                return _("The repetition ends before the first date. Choose a later end date.")
        rules, _exrules, _exdates = dateutil_rules(self)
        first = self.first_start
        horizon = first.replace(year=first.year + 10)
        if not any(
            rule.after(first, inc=True) and rule.after(first, inc=True) <= horizon for rule in rules
        ):
            return _("This rule gives no date in the ten years after the first date.")
        return None

    @path("ical/", name="ical")
    def ical(self, request):
        """The calendar feed of this series."""
        from ..pages import series_feed

        return series_feed(request, self)

    @cached_property
    def zone(self):
        """The series' time zone."""
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def first_start(self):
        """The naive local start of the first occurrence."""
        return dt.datetime.combine(self.first_date, dt.time(0) if self.all_day else self.start_time)

    @property
    def duration(self):
        """How long one occurrence lasts, in wall-clock time (a day when all day)."""
        if self.all_day or self.start_time is None:
            return dt.timedelta(days=1)
        if self.end_time is None:
            return dt.timedelta(hours=2)
        start = dt.datetime.combine(self.first_date, self.start_time)
        end = dt.datetime.combine(self.first_date, self.end_time)
        if end <= start:
            end += dt.timedelta(days=1)
        return end - start


class SeriesTopic(Orderable):
    """A topic of an event series."""

    page = ParentalKey(EventSeriesPage, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(
        "integration_topics.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("topic")]


class SeriesLanguage(Orderable):
    """A language spoken at the events of a series."""

    page = ParentalKey(EventSeriesPage, on_delete=models.CASCADE, related_name="spoken_languages")
    code = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,
        validators=[validate_language_code],
        db_index=True,
    )

    panels = [FieldPanel("code")]

    def __str__(self):
        return language_name(self.code)

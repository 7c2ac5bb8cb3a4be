"""The directory: organisations (advice centres, associations, offices) and venues.

Both are translatable snippets: names and descriptions are translated; addresses, coordinates,
phone numbers, e-mail addresses, websites, opening hours and languages are synchronised from the
German source by wagtail-localize.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..languages import language_choices, language_name
from ..localization import ContentLocale, listed, localize_many, localized
from ..taxonomy import Topic
from ..validators import validate_language_code, validate_phone_number

__all__ = [
    "Address",
    "OpeningHours",
    "Organisation",
    "OrganisationKind",
    "OrganisationDirectoryPage",
    "OrganisationLanguage",
    "OrganisationTopic",
    "Venue",
    "Weekday",
]


class Address(models.Model):
    """Postal address and optional coordinates, shared by organisations and venues."""

    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="Koblenz")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    ADDRESS_FIELDS = ["street", "postcode", "city", "latitude", "longitude"]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({field: _("Enter both latitude and longitude, or neither.")})

    @property
    def address_lines(self):
        """The address as lines for display: street, then postcode and city."""
        return [line for line in (self.street, f"{self.postcode} {self.city}".strip()) if line]


class Venue(TranslatableMixin, Address, index.Indexed):
    """A place where events happen."""

    name = models.CharField(_("name"), max_length=255)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, lift, accessible toilet, hearing loop …"),
    )
    directions = models.TextField(
        _("directions"), blank=True, help_text=_("Public transport, parking, entrance.")
    )

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("accessibility"),
        TranslatableField("directions"),
        *(SynchronizedField(name) for name in Address.ADDRESS_FIELDS),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("street"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    """What kind of place an organisation is."""

    ADVICE_CENTRE = "advice_centre", _("Advice centre")
    ASSOCIATION = "association", _("Association")
    AUTHORITY = "authority", _("Authority")
    INITIATIVE = "initiative", _("Initiative")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class Organisation(TranslatableMixin, Address, ClusterableModel, index.Indexed):
    """An advice centre, association, office or initiative that guides and events point to."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_phone_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    opening_hours_note = models.TextField(
        _("note on opening hours"),
        blank=True,
        help_text=_("For example: by appointment; closed during school holidays."),
    )
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    interpreter_available = models.BooleanField(
        _("interpreter available"),
        default=False,
        help_text=_("Interpreting can be arranged for a visit."),
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Marks contact details made up for the demo; never shown as real."),
    )

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("opening_hours_note"),
        TranslatableField("accessibility_notes"),
        SynchronizedField("kind"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("website"),
        SynchronizedField("interpreter_available"),
        SynchronizedField("is_sample"),
        SynchronizedField("opening_hours"),
        SynchronizedField("spoken_languages"),
        SynchronizedField("topic_links"),
        *(SynchronizedField(name) for name in Address.ADDRESS_FIELDS),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("street"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def language_codes(self):
        """The codes of the languages spoken here, in the editor's order."""
        return [link.code for link in self.spoken_languages.all()]


class Weekday(models.IntegerChoices):
    """Days of the week, Monday first (ISO 8601 numbering)."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class OpeningHours(Orderable):
    """One opening period of an organisation: a weekday, from, to."""

    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("to"))

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError(
                {"closes": _("The closing time must be later than the opening time.")}
            )


class OrganisationLanguage(Orderable):
    """A language spoken at an organisation."""

    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="spoken_languages"
    )
    code = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,
        validators=[validate_language_code],
        db_index=True,
    )

    class Meta(Orderable.Meta):
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")

    def __str__(self):
        return language_name(self.code)


class OrganisationTopic(Orderable):
    """A topic an organisation works on."""

    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(
        "integration_topics.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return str(self.topic)


class OrganisationDirectoryPage(Page):
    """The directory for visitors: every organisation, filtered by topic, language and kind."""

    intro = RichTextField(_("introduction"), blank=True)
    per_page = models.PositiveSmallIntegerField(
        _("organisations per page"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = Page.settings_panels + [FieldPanel("per_page")]
    api_fields = [APIField("intro")]
    subpage_types = []
    template = "integration_directory/organisation_directory_page.html"

    class Meta:
        verbose_name = _("organisation directory")
        verbose_name_plural = _("organisation directories")

    #: The GET parameters a visitor filters by.
    FILTER_PARAMETERS = ("topic", "language", "kind")

    def get_context(self, request, *args, **kwargs):
        """Add the filtered, paginated ``organisations`` and what the filter form needs."""
        context = super().get_context(request, *args, **kwargs)
        organisations = self.get_organisations()
        options = self.get_filter_options(organisations)
        filters, errors = self.clean_filters(request.GET, options)
        paginator = Paginator(self.filter_organisations(organisations, filters), self.per_page)
        shown = paginator.get_page(request.GET.get("page"))
        shown.object_list = list(shown.object_list)
        self.localize_topics(shown.object_list)
        context.update(
            organisations=shown,
            filters=filters,
            filter_options=options,
            filter_errors=errors,
        )
        return context

    def get_organisations(self):
        """The organisations of the page's locale and the German sources not translated into it
        (none of those with ``UNTRANSLATED_CONTENT = "hide"``).

        Override this to narrow the directory down, for example to one kind.
        """
        return listed(Organisation.objects.all(), ContentLocale.of(self.locale)).prefetch_related(
            "opening_hours",
            "spoken_languages",
            models.Prefetch(
                "topic_links", queryset=OrganisationTopic.objects.select_related("topic")
            ),
        )

    def localize_topics(self, organisations):
        """Show the topics of ``organisations`` in the page's language where they are translated.

        An organisation shown in its German source (no translation into the page's language)
        links German topics; each becomes its translation, in one query for the page.
        """
        links = [link for organisation in organisations for link in organisation.topic_links.all()]
        topics = localize_many(
            [link.topic for link in links], ContentLocale.of(self.locale), Topic.objects.all()
        )
        for link, topic in zip(links, topics, strict=True):
            if topic is not None:
                link.topic = topic

    def localized_queryset(self, model):
        """Objects of a translatable ``model`` in the page's locale, falling back to the source.

        An object of the default (source) locale is included when it has no translation into
        the page's locale, so a visitor sees everything, translated where that is possible.
        """
        return localized(model.objects.all(), ContentLocale.of(self.locale))

    def get_filter_options(self, organisations):
        """The choices of the filter form: topics, languages spoken somewhere, kinds."""
        spoken = set(
            OrganisationLanguage.objects.filter(
                organisation__in=organisations.values("pk")
            ).values_list("code", flat=True)
        )
        return {
            "topics": list(self.localized_queryset(Topic)),
            "languages": [(code, name) for code, name in language_choices() if code in spoken],
            "kinds": list(OrganisationKind.choices),
        }

    def clean_filters(self, params, options):
        """The valid filters among the GET ``params``, and a message for each invalid one."""
        allowed = {
            "topic": {topic.slug for topic in options["topics"]},
            "language": {code for code, _name in options["languages"]},
            "kind": {value for value, _label in options["kinds"]},
        }
        # Lazy: the template shows them in the page's language, which may not be the request's.
        messages = {
            "topic": _("There is no topic “{value}”; all topics are shown."),
            "language": _("No organisation lists the language “{value}”; all are shown."),
            "kind": _("There is no kind “{value}”; all kinds are shown."),
        }
        filters, errors = {}, []
        for name in self.FILTER_PARAMETERS:
            value = params.get(name, "").strip()
            if not value:
                continue
            if value in allowed[name]:
                filters[name] = value
            else:
                errors.append(format_lazy(messages[name], value=value))
        return filters, errors

    def filter_organisations(self, organisations, filters):
        """Apply the cleaned ``filters`` to ``organisations``, ordered by name."""
        if "topic" in filters:
            organisations = organisations.filter(
                pk__in=OrganisationTopic.objects.filter(topic__slug=filters["topic"]).values(
                    "organisation_id"
                )
            )
        if "language" in filters:
            organisations = organisations.filter(
                pk__in=OrganisationLanguage.objects.filter(code=filters["language"]).values(
                    "organisation_id"
                )
            )
        if "kind" in filters:
            organisations = organisations.filter(kind=filters["kind"])
        return organisations.order_by("name", "pk")

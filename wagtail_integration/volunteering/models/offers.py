"""The volunteer-interest form page and the offers of help it collects."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ...languages import language_choices, language_name
from ...localization import source_language
from ...submissions.models import (
    AbstractFormPage,
    AbstractSubmission,
    AbstractSubmissionNote,
    StatusTimestampsMixin,
)
from ...validators import validate_language_code, validate_phone_number

__all__ = [
    "Availability",
    "ContactChannel",
    "LanguageLevel",
    "Status",
    "VolunteerFormLanguage",
    "VolunteerFormPage",
    "VolunteerFormTopic",
    "VolunteerInterest",
    "VolunteerLanguage",
    "VolunteerNote",
]


class VolunteerFormPage(AbstractFormPage):
    """A volunteer-interest form: introduction, the form, privacy notice and thank-you text.

    The form itself is defined in code (:mod:`.forms`), so its field names are the same in every
    language; the page chooses which optional fields, topics and languages it offers.
    """

    #: The kind of form, as the API's ``GET forms`` names it.
    form_kind = "volunteer"

    show_phone = models.BooleanField(_("ask for a phone number"), default=True)
    show_district = models.BooleanField(_("ask for the postcode or district"), default=True)
    show_availability = models.BooleanField(_("ask for availability"), default=True)
    show_experience = models.BooleanField(_("ask for experience"), default=True)
    show_message = models.BooleanField(_("offer a message field"), default=True)
    show_invitations = models.BooleanField(_("offer invitations to the Stammtisch"), default=True)
    coordinator_emails = models.TextField(
        _("coordinator addresses"),
        blank=True,
        help_text=_(
            "One e-mail address per line; each is told of every new offer of help. "
            "Leave empty to use the site's addresses (Settings → Forms and data protection)."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("offered_topics", heading=_("Areas of interest offered"), label=_("Topic")),
        InlinePanel("offered_languages", heading=_("Languages asked about"), label=_("Language")),
        MultiFieldPanel(
            [
                FieldPanel("show_phone"),
                FieldPanel("show_district"),
                FieldPanel("show_availability"),
                FieldPanel("show_experience"),
                FieldPanel("show_message"),
                FieldPanel("show_invitations"),
            ],
            heading=_("Optional fields"),
        ),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("coordinator_emails")]
    override_translatable_fields = [
        SynchronizedField("show_phone"),
        SynchronizedField("show_district"),
        SynchronizedField("show_availability"),
        SynchronizedField("show_experience"),
        SynchronizedField("show_message"),
        SynchronizedField("show_invitations"),
        SynchronizedField("coordinator_emails"),
        SynchronizedField("offered_topics"),
        SynchronizedField("offered_languages"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    template = "integration_volunteering/volunteer_form_page.html"
    submit_label = _("Send offer of help")
    default_thank_you = _("Your offer of help has reached us. We will get in touch with you soon.")
    landing_page_template = "integration_volunteering/volunteer_form_page_thanks.html"

    class Meta:
        verbose_name = _("volunteer form")
        verbose_name_plural = _("volunteer forms")

    def get_form_class(self):
        """The Django form class of this page; override this to add or change fields."""
        from ..forms import VolunteerForm

        return VolunteerForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self}

    def get_coordinator_addresses(self):
        """Who is told of a new offer of help: the page's addresses, else the site's."""
        return self.addresses_or_site_default(self.coordinator_emails)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["source_language"] = source_language()
        return context


class VolunteerFormTopic(Orderable):
    """An area of interest the form offers."""

    page = ParentalKey(VolunteerFormPage, on_delete=models.CASCADE, related_name="offered_topics")
    topic = models.ForeignKey(
        "integration_topics.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("topic")]

    def __str__(self):
        return str(self.topic)


class VolunteerFormLanguage(Orderable):
    """A language the form asks about."""

    page = ParentalKey(
        VolunteerFormPage, on_delete=models.CASCADE, related_name="offered_languages"
    )
    code = models.CharField(
        _("language"), max_length=10, choices=language_choices, validators=[validate_language_code]
    )

    panels = [FieldPanel("code")]

    def __str__(self):
        return language_name(self.code)


class Status(models.TextChoices):
    """Where an offer of help stands."""

    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    MATCHED = "matched", _("matched")
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DECLINED = "declined", _("declined by the coordination")


class ContactChannel(models.TextChoices):
    """How a person prefers to be contacted."""

    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")
    ANY = "any", pgettext_lazy("contact channel", "either")


class Availability(models.TextChoices):
    """When a person has time."""

    WEEKDAYS = "weekdays", _("on weekdays during the day")
    EVENINGS = "evenings", _("in the evenings")
    WEEKENDS = "weekends", _("at weekends")


class LanguageLevel(models.TextChoices):
    """How well a person speaks a language."""

    BASIC = "basic", _("basic")
    GOOD = "good", _("good")
    FLUENT = "fluent", _("fluent")
    NATIVE = "native", _("first language")


class VolunteerInterest(StatusTimestampsMixin, AbstractSubmission, ClusterableModel):
    """One offer of help, followed up by the coordinators."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_phone_number]
    )
    contact_channel = models.CharField(
        _("preferred contact"),
        max_length=10,
        choices=ContactChannel.choices,
        default=ContactChannel.EMAIL,
    )
    district = models.CharField(_("postcode or district"), max_length=100, blank=True)
    available_weekdays = models.BooleanField(_("on weekdays during the day"), default=False)
    available_evenings = models.BooleanField(_("in the evenings"), default=False)
    available_weekends = models.BooleanField(_("at weekends"), default=False)
    availability_note = models.TextField(_("availability, in own words"), blank=True)
    experience = models.TextField(_("experience"), blank=True)
    message = models.TextField(_("message"), blank=True)
    interests = ParentalManyToManyField(
        "integration_topics.Topic", verbose_name=_("interests"), blank=True, related_name="+"
    )
    invitations = models.BooleanField(
        _("invitations to the Stammtisch"),
        default=False,
        help_text=_("The person asked to be invited to the volunteers' Stammtisch."),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("first contacted"), null=True, blank=True)
    matched_at = models.DateTimeField(_("first matched"), null=True, blank=True)
    activated_at = models.DateTimeField(_("first active"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    status_timestamps = {
        Status.CONTACTED: "contacted_at",
        Status.MATCHED: "matched_at",
        Status.ACTIVE: "activated_at",
    }

    personal_data_fields = [
        "name",
        "email",
        "phone",
        "district",
        "availability_note",
        "experience",
        "message",
    ]

    class Meta:
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        ordering = ["-created_at"]

    @property
    def availability(self):
        """The :class:`Availability` values the person ticked."""
        return [choice for choice in Availability if getattr(self, f"available_{choice.value}")]

    def personal_data(self):
        data = super().personal_data()
        data.update(
            contact_channel=self.contact_channel,
            availability=[choice.value for choice in self.availability],
            interests=sorted(topic.slug for topic in self.interests.all()),
            languages={item.code: item.level for item in self.languages.all()},
            invitations=self.invitations,
            status=self.status,
            notes=[note.personal_data() for note in self.notes.all()],
        )
        return data

    def anonymise(self):
        self.languages.all().delete()
        self.notes.all().delete()
        self.interests.clear()
        self.invitations = False
        super().anonymise()

    def outbox(self):
        """The notifications of a new offer: each coordinator, and a confirmation to the person."""
        from ..mail import new_offer_notifications

        return new_offer_notifications(self)

    def render_notification(self, notification):
        from ..mail import render

        return render(self, notification)


class VolunteerLanguage(models.Model):
    """A language an offering person speaks, and how well."""

    interest = ParentalKey(VolunteerInterest, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(
        _("language"), max_length=10, choices=language_choices, validators=[validate_language_code]
    )
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")
        constraints = [
            models.UniqueConstraint(
                fields=["interest", "code"], name="integration_volunteerlanguage_unique"
            )
        ]

    def __str__(self):
        return f"{language_name(self.code)} ({self.get_level_display()})"


class VolunteerNote(AbstractSubmissionNote):
    """An internal note of a coordinator on an offer of help."""

    interest = ParentalKey(VolunteerInterest, on_delete=models.CASCADE, related_name="notes")

    class Meta(AbstractSubmissionNote.Meta):
        verbose_name = _("note")
        verbose_name_plural = _("notes")

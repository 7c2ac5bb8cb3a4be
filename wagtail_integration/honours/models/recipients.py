"""Honour recipients of the Integrationsehrennadel, the award itself, and nominations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ...localization import ContentLocale, listed
from ..forms import RecipientPageForm

__all__ = [
    "Award",
    "HonourIndexPage",
    "HonourRecipientPage",
    "default_award",
]


class Award(TranslatableMixin, models.Model):
    """An honour the city awards; by default the Integrationsehrennadel."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("first awarded"), help_text=_("The year the award was first given.")
    )

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("first_year"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="integration_award_unique_slug")
        ]

    def __str__(self):
        return self.name


def default_award():
    """The id of the Integrationsehrennadel (the award with the slug ``integrationsehrennadel``)."""
    award = Award.objects.filter(slug="integrationsehrennadel").order_by("pk").first()
    return award.pk if award else None


class HonourIndexPage(Page):
    """The recipients of the city's honours, by year, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["integration_honours.HonourRecipientPage"]
    template = "integration_honours/honour_index_page.html"

    class Meta:
        verbose_name = _("honours index")
        verbose_name_plural = _("honours indexes")

    def get_recipients(self):
        """The live, public recipients below this index, newest year first.

        A translated index lists the recipients of its source (German) index, each in the
        index's language where a live translation exists, else in the source language, so no
        recipient goes missing from a language that lacks some translations.
        """
        default = Locale.get_default()
        recipients = HonourRecipientPage.objects.child_of(self)
        if self.locale_id != default.pk:
            source = self.get_translation_or_none(default)
            if source is not None:
                recipients = recipients | HonourRecipientPage.objects.child_of(source)
        return (
            listed(recipients.live().public(), ContentLocale.of(self.locale))
            .select_related("award", "organisation", "photo")
            .order_by("-year", "title", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        from ..pages import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class HonourRecipientPage(Page):
    """One person or group honoured, with the laudation and an optional photo.

    The page title is the recipient's name. It cannot be published before the date of the
    recipient's consent to publication is recorded.
    """

    is_group = models.BooleanField(
        _("group or organisation"), default=False, help_text=_("Tick when a group is honoured.")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="+",
        default=default_award,
    )
    organisation = models.ForeignKey(
        "integration_directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    laudation = RichTextField(_("laudation"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    consent_date = models.DateField(
        _("consent to publication"),
        null=True,
        blank=True,
        help_text=_("The date the recipient agreed to this page. Required before publishing."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("year"), FieldPanel("award")]),
        FieldPanel("is_group"),
        FieldPanel("organisation"),
        FieldPanel("laudation"),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_alt"), FieldPanel("photo_credit")],
            heading=_("Photo"),
        ),
        FieldPanel("consent_date"),
    ]
    base_form_class = RecipientPageForm
    override_translatable_fields = [
        SynchronizedField("year"),
        SynchronizedField("is_group"),
        SynchronizedField("photo"),
        SynchronizedField("photo_credit"),
        SynchronizedField("consent_date"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("laudation"),
        index.FilterField("year"),
    ]
    api_fields = [
        APIField("year"),
        APIField("is_group"),
        APIField("award"),
        APIField("organisation"),
        APIField("laudation"),
        APIField("photo"),
        APIField("photo_alt"),
        APIField("photo_credit"),
    ]
    parent_page_types = ["integration_honours.HonourIndexPage"]
    subpage_types = []
    template = "integration_honours/honour_recipient_page.html"

    class Meta:
        verbose_name = _("honour recipient")
        verbose_name_plural = _("honour recipients")

    def get_context(self, request, *args, **kwargs):
        from ..pages import recipient_context

        context = super().get_context(request, *args, **kwargs)
        context.update(recipient_context(self, request))
        return context

    def clean(self):
        super().clean()
        errors = {}
        this_year = timezone.localdate().year
        if self.year is not None:
            if self.year > this_year:
                errors["year"] = _("The year lies in the future. Enter the year of the award.")
            elif self.award_id and self.year < self.award.first_year:
                errors["year"] = _(
                    "%(award)s was first awarded in %(first)s. Enter that year or a later one."
                ) % {"award": self.award.name, "first": self.award.first_year}
        if self.photo_id and not self.photo_alt.strip():
            errors["photo_alt"] = _("Describe what the photo shows, or remove the photo.")
        if self.live and not self.consent_date:
            errors["consent_date"] = _(
                "Record the date the recipient agreed to publication before publishing."
            )
        if errors:
            raise ValidationError(errors)

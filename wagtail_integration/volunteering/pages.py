"""``VolunteerFormPage``: the page through which an offer of help reaches the city."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..submissions.pages import FormPageMixin

__all__ = ["VolunteerFormPage"]


class VolunteerFormPage(FormPageMixin, Page):
    """A volunteer-interest form: introduction, the form, privacy notice and thank-you text.

    The form itself is defined in code (:mod:`.forms`), so its field names are the same in every
    language; the page chooses which optional fields, topics and languages it offers.
    """

    #: The kind of form, as the API's ``GET forms`` names it.
    form_kind = "volunteer"

    intro = RichTextField(_("introduction"), blank=True)
    thank_you = RichTextField(
        _("thank-you text"), blank=True, help_text=_("Shown after the form was sent.")
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "Leave empty to use the site's privacy notice (Settings → Forms and data protection)."
        ),
    )
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
    api_fields = [APIField("intro"), APIField("thank_you"), APIField("privacy_notice")]
    template = "integration_volunteering/volunteer_form_page.html"
    landing_page_template = "integration_volunteering/volunteer_form_page_thanks.html"

    class Meta:
        verbose_name = _("volunteer form")
        verbose_name_plural = _("volunteer forms")

    def get_form_class(self):
        """The Django form class of this page; override this to add or change fields."""
        from .forms import VolunteerForm

        return VolunteerForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self}

    def get_coordinator_addresses(self):
        """Who is told of a new offer of help: the page's addresses, else the site's."""
        return self.addresses_or_site_default(self.coordinator_emails)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["source_language"] = settings.LANGUAGE_CODE
        return context

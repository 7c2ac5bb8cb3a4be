"""Nominations for the city's honours: the public form page and what the jury reviews."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from ...submissions.models import (
    AbstractFormPage,
    AbstractSubmission,
    AbstractSubmissionNote,
    StatusTimestampsMixin,
)
from ...submissions.outbox import notification_for

__all__ = [
    "CONVERTIBLE_STATUSES",
    "Nomination",
    "NominationFormPage",
    "NominationNote",
    "NominationStatus",
]


class NominationFormPage(AbstractFormPage):
    """The public form through which anyone can nominate a person or group for an honour."""

    #: The kind of form, as the API's ``GET forms`` names it.
    form_kind = "nomination"

    jury_emails = models.TextField(
        _("jury addresses"),
        blank=True,
        help_text=_(
            "One e-mail address per line; each is told of every new nomination. "
            "Leave empty to use the site's addresses (Settings → Forms and data protection)."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("jury_emails")]
    override_translatable_fields = [SynchronizedField("jury_emails")]
    template = "integration_honours/nomination_form_page.html"
    submit_label = _("Send nomination")
    default_thank_you = _(
        "Your nomination has reached us. The jury will review it; if it has questions, it will "
        "write to you."
    )
    landing_page_template = "integration_honours/nomination_form_page_thanks.html"

    class Meta:
        verbose_name = _("nomination form")
        verbose_name_plural = _("nomination forms")

    def get_form_class(self):
        """The Django form class of this page; override this to add or change fields."""
        from ..forms import NominationForm

        return NominationForm

    def get_jury_addresses(self):
        """Who is told of a new nomination: the page's addresses, else the site's."""
        return self.addresses_or_site_default(self.jury_emails)


class NominationStatus(models.TextChoices):
    """Where a nomination stands with the jury."""

    RECEIVED = "received", pgettext_lazy("status", "received")
    IN_REVIEW = "in_review", _("in review")
    SHORTLISTED = "shortlisted", _("shortlisted")
    AWARDED = "awarded", _("awarded")
    NOT_AWARDED = "not_awarded", _("not awarded")


#: The statuses from which a nomination can become a recipient page.
CONVERTIBLE_STATUSES = (NominationStatus.SHORTLISTED, NominationStatus.AWARDED)


class Nomination(StatusTimestampsMixin, AbstractSubmission, ClusterableModel):
    """A nomination: who is nominated and why, and who nominates them."""

    nominee_name = models.CharField(_("nominee"), max_length=200)
    nominee_is_group = models.BooleanField(_("a group or organisation"), default=False)
    nominee_organisation = models.CharField(
        _("organisation of the nominee"), max_length=200, blank=True
    )
    nominee_work = models.TextField(_("their work"))
    reason = models.TextField(_("reason for the nomination"))
    nominator_name = models.CharField(_("nominator's name"), max_length=200)
    email = models.EmailField(_("nominator's e-mail address"), blank=True)
    nominator_phone = models.CharField(_("nominator's phone"), max_length=40, blank=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.RECEIVED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    recipient_page = models.ForeignKey(
        "integration_honours.HonourRecipientPage",
        verbose_name=_("recipient page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    personal_data_fields = [
        "nominee_name",
        "nominee_organisation",
        "nominee_work",
        "reason",
        "nominator_name",
        "email",
        "nominator_phone",
    ]

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at"]

    def can_create_recipient_page(self):
        """Whether the jury may turn this nomination into a recipient page now.

        Shortlisted or awarded, with the nominee's data still there (not anonymised), and no
        recipient page made from it yet (or that page deleted).
        """
        return (
            self.status in CONVERTIBLE_STATUSES
            and self.recipient_page_id is None
            and self.anonymised_at is None
            and bool(self.nominee_name.strip())
        )

    def personal_data(self):
        data = super().personal_data()
        data.update(
            nominee_is_group=self.nominee_is_group,
            status=self.status,
            notes=[note.personal_data() for note in self.notes.all()],
        )
        return data

    def anonymise(self):
        self.notes.all().delete()
        super().anonymise()

    def outbox(self):
        """A notification to each jury address (German) and a confirmation to the nominator."""
        rows = []
        if self.page is not None:
            rows = [
                notification_for(self, "nomination.jury", address, settings.LANGUAGE_CODE)
                for address in self.page.specific.get_jury_addresses()
            ]
        if self.email:
            rows.append(
                notification_for(self, "nomination.confirmation", self.email, self.language)
            )
        return rows

    def render_notification(self, notification):
        from ..mail import render

        return render(self, notification)

    def create_recipient_page(self, index_page, *, user=None):
        """A draft :class:`HonourRecipientPage` under ``index_page`` from this nomination.

        The nominee's name, kind and work are copied; nothing of the nominator is. The
        nomination is marked as awarded and points at the new page.
        """
        from django.utils.html import escape, linebreaks
        from django.utils.text import slugify
        from wagtail.coreutils import find_available_slug

        from .recipients import HonourRecipientPage

        # A name of punctuation alone has no slug of its own; the page needs one all the same.
        slug = slugify(self.nominee_name, allow_unicode=True) or f"nomination-{self.pk}"
        page = HonourRecipientPage(
            title=self.nominee_name,
            slug=find_available_slug(index_page, slug),
            is_group=self.nominee_is_group,
            year=timezone.localdate().year,
            laudation=linebreaks(escape(self.nominee_work)),
            live=False,
            owner=user,
            locale=index_page.locale,
        )
        index_page.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        self.recipient_page = page
        self.status = NominationStatus.AWARDED
        self.save()
        return page


class NominationNote(AbstractSubmissionNote):
    """A jury member's note on a nomination."""

    nomination = ParentalKey(Nomination, on_delete=models.CASCADE, related_name="notes")

    class Meta(AbstractSubmissionNote.Meta):
        verbose_name = _("jury note")
        verbose_name_plural = _("jury notes")

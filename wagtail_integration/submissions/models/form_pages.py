"""The abstract public form page, as Wagtail's ``AbstractForm`` is for form builder pages.

The volunteer and nomination forms (and the registrations to come) are pages of this kind: an
introduction, the form defined in code, a privacy notice, a thank-you text, and two views.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .records import PrivacyNoticeVersion, SubmissionSettings

__all__ = ["AbstractFormPage", "parse_addresses"]


def parse_addresses(text):
    """The e-mail addresses in ``text``, one per line or separated by commas or semicolons."""
    for separator in ",;":
        text = text.replace(separator, "\n")
    return [line.strip() for line in text.splitlines() if line.strip()]


class AbstractFormPage(RoutablePageMixin, Page):
    """A page that shows a form defined in code and stores what is sent through it.

    Subclasses set ``form_kind``, ``template`` and ``landing_page_template`` (templates that
    extend ``integration_submissions/form_page.html`` and ``form_page_thanks.html``), the words
    ``submit_label`` and ``default_thank_you``, and override :meth:`get_form_class`; the API
    (``GET forms``) finds every page that has them.
    """

    #: The form's button.
    submit_label = _("Send")
    #: Shown after the form was sent when the page has no thank-you text of its own.
    default_thank_you = _("Thank you! Your form has reached us.")

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

    api_fields = [APIField("intro"), APIField("thank_you"), APIField("privacy_notice")]

    class Meta:
        abstract = True

    def get_form_class(self):
        """The Django form class of this page (a ``SubmissionForm``); override this."""
        raise NotImplementedError

    def get_form_kwargs(self):
        """Keyword arguments of the form besides its data; override this to add some."""
        return {"form_key": self.pk}

    def get_form(self, data=None):
        """The form, bound to ``data`` when given."""
        return self.get_form_class()(data, **self.get_form_kwargs())

    def get_site_settings(self):
        """The site's "Forms and data protection" settings, or None outside any site."""
        site = self.get_site()
        return SubmissionSettings.for_site(site) if site else None

    def get_privacy_notice(self):
        """The privacy notice shown with the form: the page's own, else the site's."""
        if self.privacy_notice:
            return self.privacy_notice
        site_settings = self.get_site_settings()
        return site_settings.privacy_notice if site_settings else ""

    def get_privacy_notice_version(self):
        """The recorded :class:`PrivacyNoticeVersion` of the notice shown now."""
        return PrivacyNoticeVersion.for_text(self.get_privacy_notice(), self.locale.language_code)

    def addresses_or_site_default(self, text):
        """The addresses in ``text``, else the site's coordinator addresses."""
        addresses = parse_addresses(text)
        if not addresses:
            site_settings = self.get_site_settings()
            if site_settings:
                addresses = parse_addresses(site_settings.coordinator_emails)
        return addresses

    def get_landing_template(self, request):
        return self.landing_page_template

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_notice"] = self.get_privacy_notice()
        return context

    @path("")
    def form_view(self, request):
        """The form: shown, validated and stored."""
        from ..pages import serve_form

        return serve_form(self, request)

    @path("thanks/", name="thanks")
    def thanks_view(self, request):
        """Shown after a submission was stored."""
        from ..pages import serve_thanks

        return serve_thanks(self, request)

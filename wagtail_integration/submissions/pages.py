"""What every public form page shares: its form, privacy notice, addresses and two views."""

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .models import PrivacyNoticeVersion, SubmissionSettings
from .outbox import parse_addresses

__all__ = ["FormPageMixin"]


class FormPageMixin(RoutablePageMixin):
    """Mix into a page with a ``privacy_notice`` rich text field to make it a public form.

    Subclasses set ``form_kind``, ``template`` and ``landing_page_template`` and override
    :meth:`get_form_class`; the API (``GET forms``) finds every page that has them.
    """

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
        from .views import serve_form

        return serve_form(self, request)

    @path("thanks/", name="thanks")
    def thanks_view(self, request):
        """Shown after a submission was stored."""
        from .views import serve_thanks

        return serve_thanks(self, request)

"""The admin form of a webhook endpoint: content types as checkboxes, a new secret on request."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import generate_secret
from .delivery import content_type_choices

__all__ = ["WebhookEndpointForm"]


class WebhookEndpointForm(WagtailAdminModelForm):
    """Chooses the content types an endpoint hears about; can replace its secret."""

    content_types = forms.MultipleChoiceField(
        label=_("content types"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Changes of these page types and snippets are sent to the endpoint."),
    )
    new_secret = forms.BooleanField(
        label=_("Generate a new secret"),
        required=False,
        help_text=_(
            "From now on, requests are signed with the new secret only: give it to the receiver."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read now, not at import: the snippets are registered once every app is ready.
        self.fields["content_types"].choices = content_type_choices()
        if self.instance._state.adding:
            # A new endpoint gets its first secret anyway.
            del self.fields["new_secret"]

    def clean_url(self):
        """Only ``https://`` (but for a receiver on this machine, or while ``DEBUG`` is on).

        A notification names what changed and is signed, not encrypted: over plain HTTP anyone
        on the way reads it, and a receiver could not trust that the request reached it unread.
        """
        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        local = parts.hostname in {"localhost", "127.0.0.1", "::1"}
        if parts.scheme != "https" and not (local or settings.DEBUG):
            raise forms.ValidationError(
                _(
                    "Use an address that starts with https://: notifications sent over plain "
                    "http could be read and changed on the way."
                )
            )
        return url

    def save(self, commit=True):
        """Save the endpoint, with a new secret when one was asked for."""
        if self.cleaned_data.get("new_secret"):
            self.instance.secret = generate_secret()
        return super().save(commit=commit)

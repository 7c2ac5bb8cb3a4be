"""The nomination form and the admin form of recipient pages (the consent gate)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from ..submissions.forms import SubmissionForm
from ..validators import validate_phone_number

__all__ = ["NominationForm", "RecipientPageForm"]


class RecipientPageForm(WagtailAdminPageForm):
    """Refuses to publish a recipient page before the recipient's consent is recorded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            # The create view saves a new page as a draft (live=False) and publishes it from a
            # revision; a new Page is live by default, so the model's rule for live pages would
            # repeat this form's error on publishing, and refuse a draft without consent.
            self.instance.live = False

    def clean(self):
        cleaned = super().clean()
        publishing = "action-publish" in self.data or "action-schedule-publish" in self.data
        if publishing and not cleaned.get("consent_date"):
            self.add_error(
                "consent_date",
                _("Record the date the recipient agreed to publication before publishing."),
            )
        return cleaned


class NominationForm(SubmissionForm):
    """Nominate a person or group: who, what they do, why, and who nominates them."""

    nominee_name = forms.CharField(label=_("Name of the person or group"), max_length=200)
    nominee_is_group = forms.BooleanField(
        label=_("This is a group or organisation."), required=False
    )
    nominee_organisation = forms.CharField(
        label=_("Organisation or association (optional)"), max_length=200, required=False
    )
    nominee_work = forms.CharField(
        label=_("What do they do for integration?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reason = forms.CharField(
        label=_("Why should they be honoured?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    nominator_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a confirmation to this address and may ask you questions."),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.org.")},
    )
    nominator_phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=40,
        required=False,
        validators=[validate_phone_number],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    field_order = [
        "nominee_name",
        "nominee_is_group",
        "nominee_organisation",
        "nominee_work",
        "reason",
        "nominator_name",
        "email",
        "nominator_phone",
        "consent",
    ]

    def fieldsets(self):
        """The visible fields grouped for ``<fieldset>``s: ``[(legend, [bound fields])]``."""
        groups = [
            (
                _("Whom do you nominate?"),
                ["nominee_name", "nominee_is_group", "nominee_organisation"],
            ),
            (_("Their work"), ["nominee_work", "reason"]),
            (_("About you"), ["nominator_name", "email", "nominator_phone"]),
            (_("Privacy"), ["consent"]),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]

    def get_submission_model(self):
        from .models import Nomination

        return Nomination

    def save_submission(self, *, page, source, language):
        """Create the :class:`Nomination` of this valid form."""
        from .models import Nomination

        data = self.cleaned_data
        return Nomination.objects.create(
            nominee_name=data["nominee_name"],
            nominee_is_group=data["nominee_is_group"],
            nominee_organisation=data["nominee_organisation"],
            nominee_work=data["nominee_work"],
            reason=data["reason"],
            nominator_name=data["nominator_name"],
            email=data["email"],
            nominator_phone=data["nominator_phone"],
            language=language,
            source=source,
            page=page,
            privacy_notice=page.get_privacy_notice_version(),
            consented_at=timezone.now(),
        )

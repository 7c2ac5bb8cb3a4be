"""The registration form, defined in code: the same field names in every language."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..languages import language_choices
from ..submissions.forms import SubmissionForm
from ..validators import validate_phone_number
from .models import Registration
from .seats import register

__all__ = ["RegistrationForm", "form_key"]

#: Optional fields and the series option that asks for each.
OPTIONAL_FIELDS = {
    "phone": "registration_ask_phone",
    "languages": "registration_ask_languages",
    "accessibility": "registration_ask_accessibility",
    "note": "registration_ask_note",
}


def form_key(target):
    """What a form token is made for: the date (or the whole series) registered for."""
    if target.occurrence is not None:
        return f"registration-{target.occurrence.pk}"
    return f"registration-series-{target.series.pk}"


class RegistrationForm(SubmissionForm):
    """A registration: who, how to reach them, what they need, and consent."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the confirmation and a link to cancel to this address."),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.org.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        validators=[validate_phone_number],
        help_text=_("So that we can reach you if the date changes at short notice."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak (optional)"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "wi-form__choices--columns"}),
    )
    accessibility = forms.CharField(
        label=_("Accessibility needs (optional)"),
        max_length=1000,
        required=False,
        help_text=_("For example: step-free access, sign language interpreting, large print."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Your message (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["name", "email", "phone", "languages", "accessibility", "note", "consent"]

    def __init__(self, data=None, *args, target, privacy_notice_version=None, **kwargs):
        super().__init__(data, *args, form_key=form_key(target), **kwargs)
        self.target = target
        self.privacy_notice_version = privacy_notice_version
        for name, option in OPTIONAL_FIELDS.items():
            if not getattr(target.series, option):
                del self.fields[name]

    def fieldsets(self):
        """The visible fields grouped for ``<fieldset>``s: ``[(legend, [bound fields])]``."""
        groups = [
            (_("About you"), ["name", "email", "phone"]),
            (_("So that everyone can take part"), ["languages", "accessibility", "note"]),
            (_("Privacy"), ["consent"]),
        ]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in groups
            if any(name in self.fields for name in names)
        ]

    def get_submission_model(self):
        return Registration

    def save_submission(self, *, page, source, language, added_by=None):
        """Take the registration (a seat or the waiting list) for this valid form.

        Raises :class:`.seats.Refused` when it cannot be taken; the caller's transaction (the
        intake's) then stores nothing.
        """
        data = self.cleaned_data

        def save(status, starts_at):
            return Registration.objects.create(
                series=self.target.series,
                occurrence=self.target.occurrence,
                starts_at=starts_at,
                name=data["name"],
                email=data["email"],
                phone=data.get("phone", ""),
                languages=list(data.get("languages") or []),
                accessibility=data.get("accessibility", ""),
                note=data.get("note", ""),
                status=status,
                language=language,
                source=source,
                page=page,
                privacy_notice=self.privacy_notice_version,
                consented_at=timezone.now(),
                added_by=added_by,
            )

        return register(self.target, save, email=data["email"])

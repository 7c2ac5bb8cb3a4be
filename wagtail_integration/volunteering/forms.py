"""The volunteer-interest form, defined in code: its field names are the same in every language."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..languages import language_name
from ..localization import translate_many
from ..submissions.forms import SubmissionForm
from ..topics.models import Topic
from ..validators import validate_phone_number
from .models import (
    Availability,
    ContactChannel,
    LanguageLevel,
    VolunteerInterest,
    VolunteerLanguage,
)

__all__ = ["VolunteerForm", "language_field_name", "page_topics"]

#: Optional fields and the page flag that shows each.
OPTIONAL_FIELDS = {
    "phone": "show_phone",
    "district": "show_district",
    "availability": "show_availability",
    "availability_note": "show_availability",
    "experience": "show_experience",
    "message": "show_message",
    "invitations": "show_invitations",
}


def language_field_name(code):
    """The name of the form field that asks how well a person speaks ``code``."""
    return f"language_{code}"


def page_topics(page):
    """The topics a form page offers, each in the page's language where translated."""
    topics = [link.topic for link in page.offered_topics.select_related("topic")]
    return translate_many(topics, page.locale_id, Topic.objects.all())


class VolunteerForm(SubmissionForm):
    """An offer of help: who, how to reach them, languages, interests, time, and consent."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a confirmation to this address."),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.org.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        validators=[validate_phone_number],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_channel = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=ContactChannel.choices,
        initial=ContactChannel.EMAIL,
        widget=forms.RadioSelect,
    )
    district = forms.CharField(
        label=_("Postcode or district (optional)"),
        max_length=100,
        required=False,
        help_text=_("So that we can suggest something near you."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    interests = forms.MultipleChoiceField(
        label=_("Where would you like to help?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When do you have time?"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_note = forms.CharField(
        label=_("More about your time (optional)"),
        max_length=1000,
        required=False,
        help_text=_("For example: every other Saturday, not in the school holidays."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    experience = forms.CharField(
        label=_("Experience (optional)"),
        max_length=3000,
        required=False,
        help_text=_("Have you helped before, or do you bring skills from your work?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    message = forms.CharField(
        label=_("Your message (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    invitations = forms.BooleanField(
        label=_("Invite me to the volunteers' monthly Stammtisch."),
        required=False,
        help_text=_("You can stop the invitations with the link in each of them."),
    )

    field_order = [
        "name",
        "email",
        "phone",
        "contact_channel",
        "district",
        "interests",
        "availability",
        "availability_note",
        "experience",
        "message",
        "invitations",
        "consent",
    ]

    def __init__(self, data=None, *args, page, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.page = page
        for name, flag in OPTIONAL_FIELDS.items():
            if not getattr(page, flag):
                del self.fields[name]
        self.topics = {topic.slug: topic for topic in page_topics(page)}
        if self.topics:
            self.fields["interests"].choices = [(slug, t.name) for slug, t in self.topics.items()]
        else:
            del self.fields["interests"]
        self.language_codes = [item.code for item in page.offered_languages.all()]
        level_choices = [("", _("—")), *LanguageLevel.choices]
        for code in self.language_codes:
            self.fields[language_field_name(code)] = forms.ChoiceField(
                label=language_name(code), choices=level_choices, required=False
            )
        self.order_fields(self._order())

    def _order(self):
        order = list(self.field_order)
        position = order.index("interests")
        order[position:position] = [language_field_name(code) for code in self.language_codes]
        return order

    def fieldsets(self):
        """The visible fields grouped for ``<fieldset>``s: ``[(legend, [bound fields])]``."""
        groups = [
            (_("About you"), ["name", "email", "phone", "contact_channel", "district"]),
            (
                _("Languages you speak"),
                [language_field_name(code) for code in self.language_codes],
            ),
            (
                _("How you would like to help"),
                ["interests", "availability", "availability_note", "experience", "message"],
            ),
            (_("Stay in touch"), ["invitations"]),
            (_("Privacy"), ["consent"]),
        ]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in groups
            if any(name in self.fields for name in names)
        ]

    def get_submission_model(self):
        return VolunteerInterest

    def save_submission(self, *, page, source, language):
        """Create the :class:`VolunteerInterest` of this valid form, with its languages."""
        data = self.cleaned_data
        availability = set(data.get("availability") or ())
        interest = VolunteerInterest(
            name=data["name"],
            email=data["email"],
            phone=data.get("phone", ""),
            contact_channel=data["contact_channel"],
            district=data.get("district", ""),
            available_weekdays=Availability.WEEKDAYS in availability,
            available_evenings=Availability.EVENINGS in availability,
            available_weekends=Availability.WEEKENDS in availability,
            availability_note=data.get("availability_note", ""),
            experience=data.get("experience", ""),
            message=data.get("message", ""),
            invitations=bool(data.get("invitations")),
            language=language,
            source=source,
            page=page,
            privacy_notice=page.get_privacy_notice_version(),
            consented_at=timezone.now(),
        )
        # A cluster: interests and languages are written by the one save() below.
        interest.interests = [self.topics[slug] for slug in data.get("interests") or ()]
        interest.languages = [
            VolunteerLanguage(code=code, level=level)
            for code in self.language_codes
            if (level := data.get(language_field_name(code)))
        ]
        interest.save()
        return interest

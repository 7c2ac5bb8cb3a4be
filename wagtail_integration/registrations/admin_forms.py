"""The workspace's forms (see :mod:`.admin_views`): a registration taken by phone, and what the
overview of dates is narrowed down by."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.coreutils import get_content_languages

from ..languages import language_choices
from ..localization import source_language
from ..submissions.display import language_display
from .forms import RegistrationForm
from .models import Registration

__all__ = ["AdminRegistrationForm", "DatesFilterForm"]


def mail_language_choices():
    """The site's content languages, the source language first, named in the admin's language."""
    codes = sorted(get_content_languages(), key=lambda code: code != source_language())
    return [(code, language_display(code)) for code in codes]


def spoken_language_choices():
    """The languages a person may speak, named in the admin's language, in its order."""
    choices = [(code, language_display(code)) for code, _name in language_choices()]
    return sorted(choices, key=lambda item: item[1].casefold())


class AdminRegistrationForm(RegistrationForm):
    """A registration a coordinator enters for someone: the public form's fields, as the series
    asks for them, without the consent box, the honeypot and the fill-time token, which are
    there for visitors and scripts, not for staff.

    It saves through the public form's :meth:`save_submission` (so through
    :func:`.seats.register`: a seat or the waiting list, refused as for anyone), with the
    language the person wants their e-mails in.
    """

    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=mail_language_choices,
        help_text=_("The confirmation and every later message go out in this language."),
    )

    def __init__(self, data=None, *args, target, **kwargs):
        super().__init__(data, *args, target=target, **kwargs)
        for name in (self.honeypot_field, self.token_field, "consent"):
            del self.fields[name]
        self.fields["language"].initial = source_language()
        # The public labels speak to the visitor ("Your name"); here they name the person.
        for name, field in self.fields.items():
            if name != "language":
                field.label = capfirst(Registration._meta.get_field(name).verbose_name)
                field.help_text = ""
        self.fields["email"].help_text = _(
            "The confirmation, with the link to cancel, goes to this address."
        )
        if "languages" in self.fields:
            # Named in the coordinator's language: the form shows each in its own.
            self.fields["languages"].choices = spoken_language_choices()

    def clean(self):
        # Not SubmissionForm.clean: no honeypot or fill-time token to check for staff.
        return forms.Form.clean(self)

    def save_submission(self, **meta):
        """Register the person (see :class:`RegistrationForm`); nobody ticked a consent box,
        so none is recorded, as for every submission entered in the admin."""
        entry = super().save_submission(**meta)
        entry.consented_at = None
        entry.save(update_fields=["consented_at"])
        return entry


DAY = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class DatesFilterForm(forms.Form):
    """What the overview is narrowed down by: one series, and days."""

    series = forms.TypedChoiceField(
        label=_("Event series"), required=False, coerce=int, empty_value=None
    )
    # The browser's own date field: no script to load, usable by keyboard.
    date_from = forms.DateField(label=_("Dates from"), required=False, widget=DAY)
    date_to = forms.DateField(label=_("Dates until"), required=False, widget=DAY)

    def __init__(self, *args, series, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [
            ("", pgettext_lazy("filter", "All")),
            *((page.pk, page.title) for page in series),
        ]

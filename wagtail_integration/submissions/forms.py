"""The part of every public form that is not its own: honeypot, fill-time token and consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from .spam import TokenProblem, check_token, honeypot_filled, make_token

__all__ = ["SubmissionForm"]


class SubmissionForm(forms.Form):
    """Base class of the package's public forms.

    ``form_key`` identifies the form a token was made for (the form page's id). After
    validation, :attr:`is_spam` says whether the hidden honeypot was filled in: such a submission
    is answered like any other and then dropped, so a script learns nothing.
    """

    honeypot_field = "homepage"
    token_field = "form_token"  # noqa: S105 (a field name, not a secret)

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my details are stored for this."),
        required=True,
        error_messages={
            "required": _(
                "Please agree to the privacy notice: without it we may not store your details."
            )
        },
    )

    #: Fields a caller never sees in the list of fields (the API's form description skips them).
    machinery_fields = ("homepage", "form_token")

    def __init__(self, *args, form_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_key = form_key
        self.is_spam = False
        if not self.is_bound:
            self.initial[self.token_field] = make_token(form_key)

    def get_submission_model(self):
        """The model :meth:`save_submission` creates (for :func:`.intake.is_replay`); None
        when there is none to look in."""
        return None

    def fresh_token(self):
        """A new token for this form: sent back with a form that has to be sent again."""
        return make_token(self.form_key)

    def clean(self):
        cleaned = super().clean()
        if honeypot_filled(cleaned.get(self.honeypot_field)):
            self.is_spam = True
        problem = check_token(
            cleaned.get(self.token_field),
            self.form_key,
            min_seconds=get_setting("SUBMISSION_MIN_FILL_SECONDS"),
            max_age_seconds=get_setting("SUBMISSION_TOKEN_MAX_AGE_HOURS") * 3600,
        )
        if problem == TokenProblem.TOO_FAST:
            self.add_error(
                None,
                _("The form was sent very quickly. Please check your entries and send it again."),
            )
        elif problem is not None:
            self.add_error(
                None,
                _("The form has expired. Please check your entries and send it again."),
            )
        if problem is not None and self.is_bound:
            # The form comes back with a new token, so that sending it again works.
            self.data = self.data.copy()
            self.data[self.add_prefix(self.token_field)] = self.fresh_token()
        return cleaned

"""The edit form of a submission in its workspace (see :mod:`.workspace`)."""

from django.conf import settings
from django.utils.translation import gettext
from wagtail.admin.forms import WagtailAdminModelForm

from ..conf import get_setting
from .display import note_byline, note_may_be_changed
from .models import Source

__all__ = ["SubmissionAdminForm"]


class SubmissionAdminForm(WagtailAdminModelForm):
    """A submission as its workspace edits it.

    One entered in the admin (taken by phone, say) is marked so, in the site's language. The
    notes (an inline panel named ``notes``) are its history: each new note gets the current user
    as its author; each saved one shows who wrote it and when, and only its author may change or
    delete it, for ``SUBMISSION_NOTE_EDIT_MINUTES`` after writing it (:func:`~.display.
    note_may_be_changed`); for anyone else it is read only, and deleting it is refused.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self._saved_note_forms():
            text = form.fields.get("text")
            if text is None:
                continue
            text.help_text = note_byline(form.instance)
            if not note_may_be_changed(form.instance, self.for_user):
                # Disabled: whatever the browser sends, the stored text is kept.
                text.disabled = True

    def _saved_note_forms(self):
        notes = getattr(self, "formsets", {}).get("notes")
        return [form for form in notes.forms if form.instance.pk] if notes is not None else []

    def is_valid(self):
        valid = super().is_valid()
        refused = [
            form
            for form in self._saved_note_forms()
            if getattr(form, "cleaned_data", {}).get("DELETE")
            and not note_may_be_changed(form.instance, self.for_user)
        ]
        if refused:
            self.add_error(
                None,
                gettext(
                    "A note can be deleted only by its author, within %(minutes)s minutes of "
                    "writing it. Keep the note and add a new one to correct it."
                )
                % {"minutes": get_setting("SUBMISSION_NOTE_EDIT_MINUTES")},
            )
            return False
        return valid

    def save(self, commit=True):
        if self.instance._state.adding:
            self.instance.source = Source.ADMIN
            self.instance.language = self.instance.language or settings.LANGUAGE_CODE
        notes = self.formsets.get("notes")
        if notes is not None and self.for_user is not None:
            for form in notes.forms:
                if form.instance.pk is None:
                    form.instance.author = self.for_user
        return super().save(commit=commit)

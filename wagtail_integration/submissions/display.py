"""How the workspaces show a submission's times, notes, e-mails and log entries to a person.

Plain functions, read in the active language and time zone (in the admin: the user's admin
language, and the site's ``TIME_ZONE`` unless the user chose another time zone), so that the
inspect view, the edit form and the exports say the same thing the same way.
"""

import datetime
import re

from django.apps import apps
from django.utils import formats, timezone, translation
from django.utils.text import capfirst

from ..conf import get_setting
from ..languages import language_name

__all__ = [
    "author_name",
    "export_subject_display",
    "language_display",
    "local_datetime",
    "note_byline",
    "note_may_be_changed",
    "notes_text",
]

#: What :meth:`LoggedSafeExportMixin.get_export_subject` stores: ``app_label.Model (format)``.
_EXPORT_SUBJECT = re.compile(r"(?P<label>[\w]+\.[\w]+) \((?P<format>\w+)\)\Z")


def language_display(code):
    """The name of the language ``code`` in the active language ("Arabisch" in a German admin),
    else (a language Django does not know) its own name."""
    if not code:
        return ""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return language_name(code)


def local_datetime(value):
    """``value`` (an aware time) as the date and time it was in the current time zone."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")


def author_name(user):
    """How the author of a note is named: full name, else user name; "" for nobody."""
    if user is None:
        return ""
    return (user.get_full_name() or "").strip() or user.get_username()


def note_byline(note):
    """ "Clara Koordinatorin, 07.12.2026 18:11": who wrote ``note``, and when."""
    return f"{author_name(note.author) or '-'}, {local_datetime(note.created_at)}"


def notes_text(submission):
    """The notes on ``submission`` as one text for an export: each by its byline, then text."""
    return "\n\n".join(f"{note_byline(note)}: {note.text}" for note in submission.notes.all())


def note_may_be_changed(note, user, now=None):
    """Whether ``user`` may still change or delete ``note``: only its author, and only for
    ``SUBMISSION_NOTE_EDIT_MINUTES`` after writing it; a new note always."""
    if note.pk is None:
        return True
    if user is None or note.author_id is None or note.author_id != user.pk:
        return False
    minutes = get_setting("SUBMISSION_NOTE_EDIT_MINUTES")
    now = now or timezone.now()
    return now - note.created_at < datetime.timedelta(minutes=minutes)


def export_subject_display(subject):
    """A log entry's subject in words: ``integration_volunteering.VolunteerInterest (xlsx)`` as
    "Offers of help (XLSX)" in the active language; any other subject as it is."""
    match = _EXPORT_SUBJECT.match(subject or "")
    if match is None:
        return subject
    try:
        model = apps.get_model(match["label"])
    except (LookupError, ValueError):
        return subject
    return f"{capfirst(model._meta.verbose_name_plural)} ({match['format'].upper()})"

"""The submissions' models: what every submission shares, the outbox and the data-protection
log (:mod:`.records`), and the abstract public form page (:mod:`.form_pages`)."""

from .form_pages import AbstractFormPage
from .records import (
    AbstractSubmission,
    AbstractSubmissionNote,
    DataProtectionLog,
    Notification,
    PrivacyNoticeVersion,
    Source,
    StatusTimestampsMixin,
    SubmissionSettings,
    default_delete_after,
    email_digest,
    submission_models,
)

__all__ = [
    "AbstractFormPage",
    "AbstractSubmission",
    "AbstractSubmissionNote",
    "DataProtectionLog",
    "Notification",
    "PrivacyNoticeVersion",
    "Source",
    "StatusTimestampsMixin",
    "SubmissionSettings",
    "default_delete_after",
    "email_digest",
    "submission_models",
]

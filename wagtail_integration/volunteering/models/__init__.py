"""The volunteering models: the form page and offers of help (:mod:`.offers`), the record of
Stammtisch invitations sent (:mod:`.invitations`)."""

from .invitations import StammtischInvitation
from .offers import (
    Availability,
    ContactChannel,
    LanguageLevel,
    Status,
    VolunteerFormLanguage,
    VolunteerFormPage,
    VolunteerFormTopic,
    VolunteerInterest,
    VolunteerLanguage,
    VolunteerNote,
)

__all__ = [
    "Availability",
    "ContactChannel",
    "LanguageLevel",
    "StammtischInvitation",
    "Status",
    "VolunteerFormLanguage",
    "VolunteerFormPage",
    "VolunteerFormTopic",
    "VolunteerInterest",
    "VolunteerLanguage",
    "VolunteerNote",
]

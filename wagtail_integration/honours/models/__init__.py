"""The honours' models: recipients and the award (:mod:`.recipients`), nominations
(:mod:`.nominations`)."""

from .nominations import (
    CONVERTIBLE_STATUSES,
    Nomination,
    NominationFormPage,
    NominationNote,
    NominationStatus,
)
from .recipients import Award, HonourIndexPage, HonourRecipientPage, default_award

__all__ = [
    "CONVERTIBLE_STATUSES",
    "Award",
    "HonourIndexPage",
    "HonourRecipientPage",
    "Nomination",
    "NominationFormPage",
    "NominationNote",
    "NominationStatus",
    "default_award",
]

"""The events' models: series and their pages (:mod:`.series`), their dates
(:mod:`.occurrences`)."""

from .occurrences import Occurrence, OccurrenceOverride, OccurrenceStatus, OverrideAction
from .series import (
    REGISTRATION_FORM_FIELDS,
    EventCategory,
    EventIndexPage,
    EventSeriesPage,
    Registration,
    RegistrationScope,
    SeriesLanguage,
    SeriesTopic,
    default_time_zone,
    time_zone_choices,
)

__all__ = [
    "EventCategory",
    "EventIndexPage",
    "EventSeriesPage",
    "Occurrence",
    "OccurrenceOverride",
    "OccurrenceStatus",
    "OverrideAction",
    "REGISTRATION_FORM_FIELDS",
    "Registration",
    "RegistrationScope",
    "SeriesLanguage",
    "SeriesTopic",
    "default_time_zone",
    "time_zone_choices",
]

"""Organisations of the directory."""

import datetime

from tests.factories.core import _numbers, locale
from wagtail_integration.directory.models import (
    OpeningHours,
    Organisation,
    OrganisationKind,
    OrganisationLanguage,
    OrganisationTopic,
)


def organisation(
    name=None,
    kind=OrganisationKind.ADVICE_CENTRE,
    languages=("de",),
    topics=(),
    opening_hours=((1, "09:00", "12:00"),),
    **fields,
):
    """A German organisation with languages spoken, topics and opening hours."""
    defaults = {
        "street": "Bahnhofstraße 1",
        "postcode": "56068",
        "city": "Koblenz",
        "phone": "+49 261 000000",
        "email": "beratung@example.org",
        "website": "https://example.org/",
        "is_sample": True,
    }
    org = Organisation(
        name=name or f"Beratungsstelle {next(_numbers)}",
        kind=kind,
        locale=locale("de"),
        **{**defaults, **fields},
    )
    org.spoken_languages = [OrganisationLanguage(code=code) for code in languages]
    org.topic_links = [OrganisationTopic(topic=item) for item in topics]
    org.opening_hours = [
        OpeningHours(
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )
        for weekday, opens, closes in opening_hours
    ]
    org.save()
    return org

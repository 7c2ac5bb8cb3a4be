"""Thirty plainly fictitious offers of help for the demo's volunteer form, made in code.

Names are "Beispiel" and "Muster", addresses end in @example.org and phone numbers are the
demo's sample numbers. The offers are spread over the last twelve months, this one included, so
that the coordinators' dashboard has a chart to show, and are in every status. They come from a
seeded random generator and carry fixed references, so that loading the demo twice keeps thirty.
"""

import datetime
import random
import uuid

from django.conf import settings
from django.utils import timezone

from wagtail_integration.conf import get_setting
from wagtail_integration.submissions.models import Source
from wagtail_integration.volunteering.forms import page_topics
from wagtail_integration.volunteering.models import (
    LanguageLevel,
    Status,
    VolunteerFormPage,
    VolunteerInterest,
    VolunteerLanguage,
    VolunteerNote,
)

__all__ = ["COUNT", "create_demo_offers", "demo_reference"]

#: How many offers the demo holds.
COUNT = 30
_SEED = 20261129
_NAMESPACE = uuid.UUID("0d6f4a52-6a0e-5d8b-9f3e-2c1b7a9e4d10")

_FIRST_NAMES = [
    "Erika", "Max", "Lena", "Jonas", "Aylin", "Mehmet", "Olena", "Taras", "Samira", "Karim",
    "Shirin", "Dariush", "Anna", "Paul", "Fatma", "Igor", "Sofia", "Leon", "Mariam", "Emil",
]  # fmt: skip
_LAST_NAMES = ["Beispiel", "Muster", "Mustermann", "Musterfrau", "Probe", "Exempel"]
_DISTRICTS = [
    "Altstadt", "Lützel", "Metternich", "Güls", "Pfaffendorf", "Ehrenbreitstein",
    "Karthause", "Moselweiß", "Rauental", "56068", "56070", "56073", "",
]  # fmt: skip
_OTHER_LANGUAGES = ["en", "ar", "uk", "tr", "ru", "fa"]
#: The form's language, weighted: most offers come in German.
_FORM_LANGUAGES = ["de"] * 6 + ["en"] * 2 + ["ar"] * 2
_AVAILABILITY_NOTES = [
    "Jeden zweiten Samstag, nicht in den Schulferien.",
    "Dienstags und donnerstags ab 17 Uhr.",
    "Every other Sunday afternoon.",
    "بعد الظهر في أيام الأسبوع",
]
_EXPERIENCE = [
    "Ich habe zwei Jahre im Sprachcafé geholfen.",
    "Lehrerin im Ruhestand, Deutsch als Zweitsprache.",
    "I work as a nurse and can go along to doctor's appointments.",
    "أعمل مترجماً منذ خمس سنوات.",
    "Student der Sozialen Arbeit, erstes Ehrenamt.",
]
_MESSAGES = [
    "Ich freue mich auf den Stammtisch!",
    "Ich kann auch beim Sommerfest helfen.",
    "Please contact me by e-mail, I work shifts.",
    "",
]
_NOTES = [
    "Telefonisch erreicht, kommt zum nächsten Stammtisch.",
    "Passt gut zur Sprachpatenschaft im Sprachcafé.",
    "Möchte erst nach den Sommerferien anfangen.",
    "Zweimal angeschrieben, keine Antwort.",
    "Begleitet eine Familie zu Arztterminen, sehr zuverlässig.",
    "Schulung „Neu im Ehrenamt“ besucht.",
]
#: The statuses of the offers, newest first: recent offers are new, older ones followed up.
_STATUSES = [Status.NEW] * 6 + [Status.CONTACTED] * 5 + [Status.MATCHED] * 5
_STATUSES += [Status.ACTIVE] * 7 + [Status.INACTIVE] * 4 + [Status.DECLINED] * 3


def demo_reference(number):
    """The fixed reference of the demo offer ``number`` (0 to ``COUNT`` − 1)."""
    return uuid.uuid5(_NAMESPACE, f"demo-offer-{number}")


def create_demo_offers(now=None):
    """Create the demo offers that do not exist yet; return how many were created.

    The offers point at the live German volunteer form page of the demo, or at its English or
    Arabic translation for an offer sent in that language, with the privacy notice each shows.
    Nothing is created when the demo has no volunteer form page.
    """
    source = (
        VolunteerFormPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
        .first()
    )
    if source is None:
        return 0
    pages = {page.locale.language_code: page for page in source.get_translations(inclusive=True)}
    pages = {code: page.specific for code, page in pages.items() if page.live}
    now = now or timezone.now()
    existing = set(
        VolunteerInterest.objects.filter(
            reference__in=[demo_reference(number) for number in range(COUNT)]
        ).values_list("reference", flat=True)
    )
    rng = random.Random(_SEED)  # noqa: S311 (sample data, not a secret)
    created = 0
    for number in range(COUNT):
        # Draw every offer's values even when it exists, so that the others stay the same.
        offer = _draw(rng, number, now, pages)
        if demo_reference(number) in existing:
            continue
        _save(offer)
        created += 1
    return created


def _draw(rng, number, now, pages):
    """The unsaved offer ``number``, its languages, interests and notes."""
    language = rng.choice(_FORM_LANGUAGES)
    page = pages.get(language) or pages[settings.LANGUAGE_CODE]
    created_at = _moment_in_month(rng, now, months_ago=number * 12 // COUNT)
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    availability = rng.sample(["weekdays", "evenings", "weekends"], rng.randint(1, 3))
    status = _STATUSES[number]
    offer = VolunteerInterest(
        reference=demo_reference(number),
        name=f"{first} {last}",
        email=f"{first}.{last}.{number + 1}@example.org".lower(),
        phone=f"+49 261 000-{9000 + number}" if rng.random() < 0.6 else "",
        contact_channel=rng.choice(["email", "email", "phone", "any"]),
        district=rng.choice(_DISTRICTS),
        available_weekdays="weekdays" in availability,
        available_evenings="evenings" in availability,
        available_weekends="weekends" in availability,
        availability_note=rng.choice(_AVAILABILITY_NOTES) if rng.random() < 0.3 else "",
        experience=rng.choice(_EXPERIENCE) if rng.random() < 0.5 else "",
        message=rng.choice(_MESSAGES),
        invitations=rng.random() < 0.7,
        language=page.locale.language_code,
        source=Source.PAGE,
        page=page,
        privacy_notice=page.get_privacy_notice_version(),
        consented_at=created_at,
        created_at=created_at,
        delete_after=created_at.date()
        + datetime.timedelta(days=get_setting("SUBMISSION_RETENTION_DAYS")),
        status=status,
    )
    _follow_up(rng, offer, now)
    topics = page_topics(page)
    offer.interests = rng.sample(topics, rng.randint(1, min(3, len(topics)))) if topics else []
    spoken = [("de", rng.choice([LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.GOOD]))]
    spoken += [
        (code, rng.choice(LanguageLevel.values))
        for code in rng.sample(_OTHER_LANGUAGES, rng.randint(0, 2))
    ]
    offer.languages = [VolunteerLanguage(code=code, level=level) for code, level in spoken]
    notes = rng.sample(_NOTES, rng.randint(1, 2)) if status != Status.NEW else []
    offer.notes = [
        VolunteerNote(text=text, created_at=min(now, created_at + datetime.timedelta(days=3 + i)))
        for i, text in enumerate(notes)
    ]
    return offer


def _moment_in_month(rng, now, months_ago):
    """A random moment of the month ``months_ago`` months before ``now``'s, and not after it."""
    local = timezone.localtime(now)
    year, month = divmod(local.year * 12 + local.month - 1 - months_ago, 12)
    start = datetime.datetime(year, month + 1, 1, tzinfo=local.tzinfo)
    year, month = divmod(year * 12 + month + 1, 12)
    end = min(local, datetime.datetime(year, month + 1, 1, tzinfo=local.tzinfo))
    return start + datetime.timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))


def _follow_up(rng, offer, now):
    """Set the timestamps of the steps an offer in its status went through."""
    steps = {
        Status.NEW: [],
        Status.CONTACTED: ["contacted_at"],
        Status.MATCHED: ["contacted_at", "matched_at"],
        Status.ACTIVE: ["contacted_at", "matched_at", "activated_at"],
        Status.INACTIVE: ["contacted_at", "matched_at", "activated_at", None],
        Status.DECLINED: ["contacted_at", None],
    }[offer.status]
    moment = offer.created_at
    for field in steps:
        moment = min(now, moment + datetime.timedelta(days=rng.randint(1, 12)))
        if field:
            setattr(offer, field, moment)
    offer.status_changed_at = moment if steps else None


def _save(offer):
    """Save ``offer`` with its timestamps as drawn, not those of the moment of loading."""
    status_changed_at = offer.status_changed_at
    offer.save()  # a cluster: languages, interests and notes are saved with it
    VolunteerInterest.objects.filter(pk=offer.pk).update(status_changed_at=status_changed_at)

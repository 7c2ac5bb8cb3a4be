"""Volunteer form pages, their POST data and stored offers of help."""

from tests.factories.core import _numbers, _publish, site_root
from tests.factories.submissions import form_token


def volunteer_form_page(
    parent=None,
    title="Mitmachen",
    topics=(),
    languages=("de", "ar"),
    coordinator_emails="koordination@example.org",
    **fields,
):
    """A published VolunteerFormPage offering ``topics`` and asking about ``languages``."""
    from wagtail_integration.volunteering.models import (
        VolunteerFormLanguage,
        VolunteerFormPage,
        VolunteerFormTopic,
    )

    parent = parent or site_root()
    number = next(_numbers)
    page = VolunteerFormPage(
        title=title,
        slug=fields.pop("slug", f"mitmachen-{number}"),
        intro=fields.pop("intro", "<p>Sie möchten helfen? Schreiben Sie uns.</p>"),
        privacy_notice=fields.pop(
            "privacy_notice", "<p>Wir speichern Ihre Angaben nur für die Koordination.</p>"
        ),
        thank_you=fields.pop("thank_you", "<p>Danke! Wir melden uns.</p>"),
        coordinator_emails=coordinator_emails,
        **fields,
    )
    page.offered_topics = [VolunteerFormTopic(topic=item) for item in topics]
    page.offered_languages = [VolunteerFormLanguage(code=code) for code in languages]
    parent.add_child(instance=page)
    return _publish(page)


def volunteer_post_data(page, **fields):
    """Valid POST data of ``page``'s volunteer form, with ``fields`` changed."""
    data = {
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "contact_channel": "email",
        "consent": "on",
        "form_token": form_token(page),
        "homepage": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def volunteer_interest(name="Erika Beispiel", languages=(), interests=(), **fields):
    """A stored offer of help with ``languages`` as ``(code, level)`` and topics."""
    from wagtail_integration.volunteering.models import VolunteerInterest, VolunteerLanguage

    fields.setdefault("email", f"{name.split()[0].lower()}@example.org")
    fields.setdefault("language", "de")
    offer = VolunteerInterest(name=name, **fields)
    offer.languages = [VolunteerLanguage(code=code, level=level) for code, level in languages]
    offer.interests = list(interests)
    offer.save()
    return offer

"""Honour pages, nomination forms, their POST data, the award and stored nominations."""

import datetime

from tests.factories.core import _numbers, _publish, locale, site_root
from tests.factories.submissions import form_token


def honour_index(parent=None, title="Integrationsehrennadel"):
    """A published HonourIndexPage under ``parent`` (the default site's root)."""
    from wagtail_integration.honours.models import HonourIndexPage

    parent = parent or site_root()
    page = HonourIndexPage(title=title, slug=f"ehrennadel-{next(_numbers)}")
    parent.add_child(instance=page)
    return _publish(page)


def honour_recipient(index, title=None, year=2024, live=True, **fields):
    """A HonourRecipientPage under ``index`` with recorded consent, published if ``live``."""
    from wagtail_integration.honours.models import HonourRecipientPage

    number = next(_numbers)
    fields.setdefault("consent_date", datetime.date(year, 1, 10))
    page = HonourRecipientPage(
        title=title or f"Preisträgerin {number}",
        slug=f"preistraegerin-{number}",
        year=year,
        laudation=fields.pop("laudation", "<p>Für langjähriges Engagement.</p>"),
        **fields,
    )
    if not live:
        page.live = False
    index.add_child(instance=page)
    return _publish(page) if live else page


def nomination_form_page(parent=None, title="Vorschlag einreichen", **fields):
    """A published NominationFormPage."""
    from wagtail_integration.honours.models import NominationFormPage

    parent = parent or site_root()
    page = NominationFormPage(
        title=title,
        slug=f"vorschlag-{next(_numbers)}",
        privacy_notice=fields.pop(
            "privacy_notice", "<p>Wir nutzen Ihre Angaben nur für die Jury.</p>"
        ),
        jury_emails=fields.pop("jury_emails", "jury@example.org"),
        **fields,
    )
    parent.add_child(instance=page)
    return _publish(page)


def nomination_post_data(page, **fields):
    """Valid POST data of ``page``'s nomination form, with ``fields`` changed (None drops one)."""
    data = {
        "nominee_name": "Verein Beispielhilfe e. V.",
        "nominee_is_group": "on",
        "nominee_organisation": "",
        "nominee_work": "Sprachcafé jeden Dienstag seit 2016.",
        "reason": "Viele Menschen haben dort Deutsch gelernt.",
        "nominator_name": "Max Beispiel",
        "email": "max@example.org",
        "nominator_phone": "",
        "consent": "on",
        "form_token": form_token(page),
        "homepage": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def integrationsehrennadel():
    """The award the migration creates, made again after a transactional test flushed it."""
    from wagtail_integration.honours.models import Award

    award = Award.objects.filter(slug="integrationsehrennadel").first()
    return award or Award.objects.create(
        name="Integrationsehrennadel",
        slug="integrationsehrennadel",
        first_year=2000,
        locale=locale("de"),
    )


def nomination(**fields):
    """A stored nomination of a person, by Max Beispiel, in German."""
    from wagtail_integration.honours.models import Nomination

    data = {
        "nominee_name": "Erika Musterfrau",
        "nominee_work": "Leitet seit 2016 ein Sprachcafé.",
        "reason": "Viele haben dort Deutsch gelernt.",
        "nominator_name": "Max Beispiel",
        "email": "max.beispiel@example.org",
        "language": "de",
    }
    data.update(fields)
    return Nomination.objects.create(**data)

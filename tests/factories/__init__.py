"""Test data of the whole suite, made in one place: topics, organisations, pages, translations.

Plain functions with German defaults; each returns a saved (and, for pages, published) object.
"""

import datetime
import itertools
import json
import uuid

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from wagtail_integration.directory.models import (
    OpeningHours,
    Organisation,
    OrganisationKind,
    OrganisationLanguage,
    OrganisationTopic,
)
from wagtail_integration.topics.models import Topic, TopicGuidePage, TopicIndexPage

_numbers = itertools.count(1)


def locale(language_code):
    """The Locale of ``language_code``, created when missing."""
    return Locale.objects.get_or_create(language_code=language_code)[0]


def site_root():
    """The root page of the default site (German)."""
    return Site.objects.get(is_default_site=True).root_page


def topic(slug=None, name=None, sort_order=0, **fields):
    """A German topic."""
    number = next(_numbers)
    return Topic.objects.create(
        slug=slug or f"thema-{number}",
        name=name or f"Thema {number}",
        sort_order=sort_order,
        locale=locale("de"),
        **fields,
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


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def topic_index(parent=None, title="Themen", slug=None):
    """A published TopicIndexPage under ``parent`` (the default site's root)."""
    parent = parent or site_root()
    index = TopicIndexPage(title=title, slug=slug or f"themen-{next(_numbers)}")
    parent.add_child(instance=index)
    return _publish(index)


def guide(index, title=None, topic=None, body=(), live=True, **fields):
    """A TopicGuidePage under ``index``; published unless ``live`` is false.

    ``body`` is a list of ``(block type, stored value)``: ids for organisations, pages and
    documents, source HTML for rich text, as the database holds them.
    """
    number = next(_numbers)
    page = TopicGuidePage(
        title=title or f"Wegweiser {number}",
        slug=f"wegweiser-{number}",
        summary=fields.pop("summary", f"Kurz gesagt: Wegweiser {number}."),
        topic=topic,
        body=json.dumps(
            [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in body]
        ),
        last_reviewed=fields.pop("last_reviewed", datetime.date(2026, 1, 15)),
        **fields,
    )
    if not live:
        page.live = False
    index.add_child(instance=page)
    return _publish(page) if live else page


def plain_page(parent=None, title=None):
    """A published plain Wagtail page, as the target of links and calls to action."""
    parent = parent or site_root()
    number = next(_numbers)
    page = Page(title=title or f"Seite {number}", slug=f"seite-{number}")
    parent.add_child(instance=page)
    return _publish(page)


def translate_page(page, language_code, publish=True, **fields):
    """Copy ``page`` into ``language_code`` (parents too), set ``fields``, publish it."""
    translation = page.specific.copy_for_translation(locale(language_code), copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    if publish:
        return _publish(translation)
    translation.save()
    return translation


def translate_snippet(obj, language_code, **fields):
    """Copy the snippet ``obj`` into ``language_code`` with ``fields`` changed, and save it."""
    translation = obj.copy_for_translation(locale(language_code))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def document(title=None, filename="merkblatt.pdf"):
    """A Wagtail document with a small file."""
    model = get_document_model()
    doc = model(title=title or f"Merkblatt {next(_numbers)}")
    doc.file.save(filename, ContentFile(b"%PDF-1.4\n% test\n"), save=False)
    doc.save()
    return doc


def ensure_default_site():
    """The default site, its root page and the root collection, which Wagtail's migrations make.

    A transactional test (live server, worker) flushes the tables at its end, so a later one may
    find them gone; it calls this first.
    """
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Site.objects.filter(is_default_site=True).exists():
        german = locale("de")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=german)
        )
        home = root.add_child(instance=Page(title="Start", slug="start", locale=german))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


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


def form_token(page, seconds_ago=60):
    """A fill-time token for ``page``'s form, made ``seconds_ago`` seconds ago."""
    import time

    from wagtail_integration.submissions.spam import make_token

    return make_token(page.pk, now=time.time() - seconds_ago)


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


def image(title=None, colour="#00529c", size=(640, 480)):
    """A Wagtail image: a plain coloured PNG of ``size``."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    number = next(_numbers)
    return get_image_model().objects.create(
        title=title or f"Foto {number}",
        file=ImageFile(buffer, name=f"foto-{number}.png"),
    )


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


# -- the admin workspaces of submissions: their groups, members and submissions ---------------


def _migrated_group(migration):
    """The group the data migration ``migration`` makes, made again if a transactional test
    flushed it."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    module = importlib.import_module(migration)
    group = Group.objects.filter(name=module.GROUP).first()
    if group is None:
        # All the migration's function reads of its schema editor is the connection.
        module.create_group(apps, SimpleNamespace(connection=connection))
        group = Group.objects.get(name=module.GROUP)
    return group


def coordination_group():
    """The "Volunteer coordination" group of the submissions app's data migration."""
    return _migrated_group("wagtail_integration.submissions.migrations.0002_coordination_group")


def jury_group():
    """The "Honours jury" group of the honours app's data migration."""
    return _migrated_group("wagtail_integration.honours.migrations.0003_honours_jury_group")


def _user(username, groups, **fields):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw", **fields)
    user.groups.add(*groups)
    return user


def coordinator(username="koordination", **fields):
    """An active user in the coordination group, and nothing else."""
    return _user(username, [coordination_group()], **fields)


def jury_member(username="jury", also=(), **fields):
    """An active user in the jury group and in the groups named in ``also`` (e.g. "Editors")."""
    from django.contrib.auth.models import Group

    return _user(username, [jury_group(), *Group.objects.filter(name__in=also)], **fields)


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

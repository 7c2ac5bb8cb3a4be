"""Stammtisch invitations: wagtail_integration/volunteering/invitations.py, the admin view of
admin_views.py and the invitation e-mail of mail.py.

The Stammtisch is on the first Tuesday of the month, 19:00–21:00 Berlin time: in March with a
note, in April cancelled, in May moved to Thursday 18:00. Time is frozen mid-February 2027.
"""

import datetime as dt
import logging
import re
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.users.models import UserProfile

from tests import factories
from wagtail_integration.directory.models import Venue
from wagtail_integration.events.models import (
    EventCategory,
    OverrideAction,
)
from wagtail_integration.events.occurrences import rebuild_series
from wagtail_integration.submissions.models import Notification
from wagtail_integration.volunteering.invitations import (
    next_stammtisch,
    send_due_invitations,
    send_invitations,
)
from wagtail_integration.volunteering.models import StammtischInvitation, Status, VolunteerInterest

UTC = dt.UTC
NOW = dt.datetime(2027, 2, 15, 11, 0, tzinfo=UTC)
BOUNDS = (dt.datetime(2027, 1, 1, tzinfo=UTC), dt.datetime(2028, 1, 1, tzinfo=UTC))
MARCH = dt.datetime(2027, 3, 2, 18, 0, tzinfo=UTC)  # 19:00 in Berlin (winter time)
MAY_MOVED = dt.datetime(2027, 5, 6, 16, 0, tzinfo=UTC)  # Thursday 18:00 in Berlin (summer)
INDEX_URL = reverse("integration_volunteering_invitations:index")
SEND_URL = reverse("integration_volunteering_invitations:send")


# -- test data -------------------------------------------------------------------------------


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def series(title="Ehrenamtsstammtisch", *, category, rule="RRULE:FREQ=MONTHLY;BYDAY=+1TU", **f):
    """A published German series below a new event index, its 2027 dates materialised."""
    f.setdefault("first_date", dt.date(2027, 1, 5))
    return factories.series(
        factories.event_index(), title, rule, category=category, materialise=BOUNDS, **f
    )


def make_stammtisch(note="Vortrag: Anerkennung", venue_name="Haus der Begegnung"):
    de = factories.locale("de")
    category = EventCategory.objects.create(name="Stammtisch", slug="stammtisch", locale=de)
    venue = Venue.objects.create(
        name=venue_name, street="Görgenstraße 17", postcode="56068", city="Koblenz", locale=de
    )
    return series(
        category=category,
        venue=venue,
        overrides=[
            {"date": dt.date(2027, 3, 2), "action": OverrideAction.NOTE, "note": note},
            {"date": dt.date(2027, 4, 6), "action": OverrideAction.CANCEL, "note": "Ostern"},
            {
                "date": dt.date(2027, 5, 4),
                "action": OverrideAction.MOVE,
                "new_date": dt.date(2027, 5, 6),
                "new_start_time": dt.time(18, 0),
            },
        ],
    )


@pytest.fixture
def stammtisch(db):
    return make_stammtisch()


def translate(page, language, *, title, note):
    """Publish a translation of ``page`` whose March note is ``note``."""
    translated = factories.translate_page(page, language, publish=False, title=title)
    for override in translated.overrides.all():
        if override.date == dt.date(2027, 3, 2):
            override.note = note
            override.save()
    translated.save_revision().publish()
    return translated


def volunteer(name="Erika Beispiel", email="erika@example.org", language="de", **fields):
    """An offer of help; by default active and asking for invitations."""
    fields.setdefault("status", Status.ACTIVE)
    fields.setdefault("invitations", True)
    return VolunteerInterest.objects.create(name=name, email=email, language=language, **fields)


def sent_mails(occurrence, **kwargs):
    """Send the invitations to ``occurrence`` with the outbox running; return the count."""
    return send_invitations(occurrence.pk, via="admin", **kwargs)


# -- the next Stammtisch ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_next_stammtisch_is_the_earliest_date_of_a_live_series_of_the_category(stammtisch):
    other = EventCategory.objects.create(name="Schulung", slug="schulung", locale=stammtisch.locale)
    series("Schulung", category=other, rule="RRULE:FREQ=WEEKLY;BYDAY=MO")
    unpublished = series(
        "Alter Stammtisch",
        category=stammtisch.category,
        first_date=dt.date(2027, 2, 16),
        rule="RRULE:FREQ=DAILY",
    )
    unpublished.unpublish()  # its stored dates stay until the next rebuild: they must not count
    occurrence = next_stammtisch(NOW)
    assert occurrence.series_id == stammtisch.pk
    assert occurrence.start == MARCH


@pytest.mark.django_db
def test_a_cancelled_stammtisch_is_skipped_and_a_moved_one_counts_at_its_new_time(stammtisch):
    occurrence = next_stammtisch(MARCH + dt.timedelta(hours=1))
    assert occurrence.start == MAY_MOVED
    assert occurrence.status == "moved"


@pytest.mark.django_db
def test_the_category_of_the_stammtisch_follows_the_setting(stammtisch, settings):
    settings.WAGTAIL_INTEGRATION = {"STAMMTISCH_CATEGORY": "treffen"}
    assert next_stammtisch(NOW) is None


# -- sending ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_active_volunteers_who_opted_in_and_have_an_address_are_invited(
    stammtisch, django_capture_on_commit_callbacks
):
    invited = volunteer(email="aktiv@example.org")
    volunteer(email="neu@example.org", status=Status.NEW)
    volunteer(email="still@example.org", invitations=False)
    volunteer(email="", contact_channel="phone", phone="+49 261 1")
    volunteer(email="inaktiv@example.org", status=Status.INACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        count = sent_mails(next_stammtisch(NOW))
    assert count == 1
    (notification,) = Notification.objects.all()
    assert (notification.kind, notification.recipient) == ("volunteer.invitation", invited.email)
    assert notification.status == Notification.Status.SENT
    assert [message.to for message in mail.outbox] == [[invited.email]]


@pytest.mark.django_db
def test_each_volunteer_is_invited_in_their_language_with_the_note_in_it(
    stammtisch, frozen_now, django_capture_on_commit_callbacks
):
    translate(stammtisch, "en", title="Volunteers' get-together", note="Talk: recognition")
    volunteer("Erika", "erika@example.org", "de")
    volunteer("Emily", "emily@example.org", "en")
    with django_capture_on_commit_callbacks(execute=True):
        assert sent_mails(next_stammtisch()) == 2
    german = Notification.objects.get(language="de").context
    english = Notification.objects.get(language="en").context
    assert german["title"] == "Ehrenamtsstammtisch"
    assert german["note"] == "Vortrag: Anerkennung"
    assert german["when"] == "Dienstag, 2. März 2027, 19:00–21:00"
    assert german["venue"] == "Haus der Begegnung, Görgenstraße 17, 56068 Koblenz"
    assert german["url"].startswith("http://") and "/de/" in german["url"]
    assert english["title"] == "Volunteers' get-together"
    assert english["note"] == "Talk: recognition"
    assert english["date"] == "Tuesday, March 2, 2027"
    assert english["when"] == "Tuesday, March 2, 2027, 7 p.m.–9 p.m."
    assert "/en/" in english["url"]
    mails = {message.to[0]: message for message in mail.outbox}
    to_erika, to_emily = mails["erika@example.org"], mails["emily@example.org"]
    assert "Dienstag, 2. März 2027" in to_erika.subject
    assert "Tuesday, March 2, 2027" in to_emily.subject
    assert to_erika.subject != to_emily.subject
    assert "Vortrag: Anerkennung" in to_erika.body and "Talk" not in to_erika.body
    assert "Talk: recognition" in to_emily.body and "Vortrag" not in to_emily.body
    # Greeting and invitation are one message: the title stands on its own line, no article.
    assert to_emily.body.startswith(
        "Hello Emily,\n\nyou are warmly invited to:\n\nVolunteers' get-together\n"
        "Tuesday, March 2, 2027, 7 p.m.–9 p.m.\n"
    )
    assert to_erika.body.startswith(
        "Guten Tag Erika,\n\nwir laden Sie herzlich ein:\n\nEhrenamtsstammtisch\n"
        "Dienstag, 2. März 2027, 19:00–21:00\n"
    )


@pytest.mark.django_db
def test_a_language_without_a_translation_gets_the_german_title_and_note(
    stammtisch, django_capture_on_commit_callbacks
):
    volunteer("Olena", "olena@example.org", "uk")
    with django_capture_on_commit_callbacks(execute=True):
        sent_mails(next_stammtisch(NOW))
    context = Notification.objects.get().context
    assert (context["title"], context["note"]) == ("Ehrenamtsstammtisch", "Vortrag: Anerkennung")
    assert "2027" in context["date"] and "Ehrenamtsstammtisch" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_moved_stammtisch_is_announced_at_its_new_time(
    stammtisch, django_capture_on_commit_callbacks
):
    volunteer(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        sent_mails(next_stammtisch(MARCH + dt.timedelta(hours=1)))
    assert Notification.objects.get().context["when"] == "Thursday, May 6, 2027, 6 p.m.–8 p.m."
    assert StammtischInvitation.objects.get().start == MAY_MOVED


@pytest.mark.django_db
def test_the_same_evening_is_never_sent_twice(stammtisch, django_capture_on_commit_callbacks):
    volunteer()
    occurrence = next_stammtisch(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert sent_mails(occurrence) == 1
    # Publishing the series again rebuilds its occurrences: a new row for the same evening.
    rebuild_series(stammtisch.pk, BOUNDS)
    with django_capture_on_commit_callbacks(execute=True):
        assert sent_mails(next_stammtisch(NOW)) == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_nobody_to_invite_sends_nothing_and_keeps_the_evening_open(stammtisch):
    volunteer(invitations=False)
    assert sent_mails(next_stammtisch(NOW)) == 0
    assert not StammtischInvitation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_invite_only_once(caplog):
    factories.ensure_default_site()
    make_stammtisch()
    volunteer()
    occurrence = next_stammtisch(NOW)
    holding, release = threading.Event(), threading.Event()

    def first_sender():
        # Another job has written its record and not committed yet when ours starts.
        try:
            with transaction.atomic():
                StammtischInvitation.objects.create(
                    series_id=occurrence.series_id, start=occurrence.start, via="job"
                )
                holding.set()
                release.wait(5)
        finally:
            connection.close()

    thread = threading.Thread(target=first_sender)
    thread.start()
    assert holding.wait(5)
    threading.Timer(0.5, release.set).start()
    with caplog.at_level(logging.INFO, logger="wagtail_integration.volunteering.invitations"):
        # Ours sees no record yet, waits for the other's to commit, then the database refuses.
        assert sent_mails(occurrence) == 0
    thread.join()
    assert "were sent by someone else" in caplog.text
    assert StammtischInvitation.objects.get().via == "job"
    assert not Notification.objects.exists()


# -- the e-mail ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_mail_has_an_unsubscribe_link_and_one_click_headers(
    stammtisch, client, django_capture_on_commit_callbacks
):
    volunteer(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        sent_mails(next_stammtisch(NOW))
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://testserver/integration/volunteering/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html
    assert client.get(link.removeprefix("http://testserver")).status_code == 200


@pytest.mark.django_db
def test_markup_in_names_notes_and_venues_is_escaped_in_the_html_part(
    db, django_capture_on_commit_callbacks
):
    script = "<script>alert(1)</script>"
    make_stammtisch(note=f"Thema {script}", venue_name=f"Haus <b>{script}</b>")
    volunteer(name=f"Mallory {script}")
    with django_capture_on_commit_callbacks(execute=True):
        sent_mails(next_stammtisch(NOW))
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "<b>" not in html
    assert "Mallory &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Thema &lt;script&gt;" in html and "Haus &lt;b&gt;" in html


# -- the daily job ---------------------------------------------------------------------------


def at(moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.django_db
def test_the_daily_job_sends_nothing_while_the_setting_is_zero(stammtisch, monkeypatch):
    volunteer()
    at(MARCH - dt.timedelta(hours=5), monkeypatch)
    assert send_due_invitations.apply().result == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_daily_job_sends_once_when_the_stammtisch_is_that_many_days_ahead(
    stammtisch, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_INTEGRATION = {"STAMMTISCH_INVITATION_DAYS_BEFORE": 3}
    volunteer()
    at(dt.datetime(2027, 2, 26, 7, 0, tzinfo=UTC), monkeypatch)  # four days before
    assert send_due_invitations.apply().result == 0
    at(dt.datetime(2027, 2, 27, 7, 0, tzinfo=UTC), monkeypatch)  # three days before
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_invitations.apply().result == 1
    assert send_due_invitations.apply().result == 0  # the next morning's run, say
    record = StammtischInvitation.objects.get()
    assert (record.start, record.via, record.sent_by, record.recipients) == (MARCH, "job", None, 1)
    assert len(mail.outbox) == 1


# -- the admin view --------------------------------------------------------------------------


def admin_user(django_user_model, username, *permissions):
    """A user of the admin in English, with ``permissions`` (app_label.codename) besides."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    group = Group.objects.create(name=f"group of {username}")
    for name in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(django_user_model):
    return admin_user(
        django_user_model, "koordination", "integration_volunteering.change_volunteerinterest"
    )


@pytest.mark.django_db
def test_a_coordinator_sees_the_next_stammtisch_and_how_many_would_be_invited(
    client, coordinator, stammtisch, frozen_now
):
    volunteer("Erika", "erika@example.org")
    volunteer("Emil", "emil@example.org")
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.get(INDEX_URL, HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
    assert response.status_code == 200
    assert "Ehrenamtsstammtisch" in html
    assert "Tuesday, March 2, 2027, 7 p.m.–9 p.m." in html
    assert "Vortrag: Anerkennung" in html
    assert "Haus der Begegnung, Görgenstraße 17" in html
    assert "2 active volunteers have asked for invitations" in html
    assert f'href="{SEND_URL}?series={stammtisch.pk}"' in html


@pytest.mark.django_db
def test_a_coordinator_confirms_and_sends_and_the_page_then_says_by_whom(
    client, coordinator, stammtisch, frozen_now, django_capture_on_commit_callbacks
):
    volunteer()
    client.force_login(coordinator)
    confirm = client.get(SEND_URL, {"series": stammtisch.pk})
    assert confirm.status_code == 200
    data = {field.name: field.value() for field in confirm.context["form"].hidden_fields()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SEND_URL, data)
    assert response.status_code == 302 and response["Location"] == INDEX_URL
    record = StammtischInvitation.objects.get()
    assert (record.sent_by, record.via, record.recipients) == (coordinator, "admin", 1)
    assert len(mail.outbox) == 1
    with translation.override("en"):
        html = client.get(INDEX_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "were sent on" in html and "by koordination" in html
    assert f'href="{SEND_URL}' not in html
    assert client.post(SEND_URL, data).status_code == 302
    assert StammtischInvitation.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_confirmation_for_an_evening_that_is_no_longer_next_sends_nothing(
    client, coordinator, stammtisch, frozen_now
):
    volunteer()
    client.force_login(coordinator)
    data = {"series": stammtisch.pk, "start": "2027-02-02T18:00:00+00:00"}
    with translation.override("en"):
        response = client.post(SEND_URL, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "The next Stammtisch has changed" in response.content.decode()
    assert not StammtischInvitation.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_an_editor_without_the_coordination_permission_can_neither_see_nor_send(
    client, django_user_model, stammtisch, frozen_now
):
    volunteer()
    editor = admin_user(django_user_model, "redaktion", "wagtailcore.add_page")
    client.force_login(editor)
    assert client.get(INDEX_URL).status_code in (302, 403)
    response = client.post(SEND_URL, {"series": stammtisch.pk, "start": MARCH.isoformat()})
    assert response.status_code in (302, 403)
    assert not StammtischInvitation.objects.exists()
    assert (
        'href="/admin/integration/stammtisch-invitations/"'
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


@pytest.mark.django_db
def test_the_admin_menu_shows_the_invitations_to_coordinators(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert INDEX_URL in html


@pytest.mark.django_db
def test_without_a_planned_stammtisch_the_page_says_so_and_offers_no_button(
    client, coordinator, frozen_now
):
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(INDEX_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No Stammtisch is planned" in html and "“stammtisch”" in html
    assert f'href="{SEND_URL}' not in html


# -- what the coordinator sees before sending --------------------------------------------------


def confirmation(client, series_id, language="en"):
    """The confirmation page of ``series_id``'s next evening, in the admin language ``language``."""
    with translation.override(language):
        return client.get(SEND_URL, {"series": series_id}, HTTP_ACCEPT_LANGUAGE=language)


def hidden_data(response):
    return {field.name: field.value() for field in response.context["form"].hidden_fields()}


def without_token(text):
    """``text`` with the unsubscribe token blanked (it is signed with the current second)."""
    return re.sub(r"/unsubscribe/[^/\s]+/", "/unsubscribe/TOKEN/", text)


@pytest.mark.django_db
def test_before_sending_the_coordinator_sees_every_recipient_and_how_many(
    client, coordinator, stammtisch, frozen_now
):
    volunteer("Erika Beispiel", "erika@example.org", "de")
    volunteer("Emily Example", "emily@example.org", "en")
    volunteer("Olena Pryklad", "olena@example.org", "uk")
    volunteer("Still Nobody", "still@example.org", "de", invitations=False)
    client.force_login(coordinator)
    response = confirmation(client, stammtisch.pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 recipients" in html
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>", html)
    assert rows == [
        ("Erika Beispiel", "erika@example.org", "Deutsch"),
        ("Emily Example", "emily@example.org", "English"),
        ("Olena Pryklad", "olena@example.org", "Українська"),
    ]
    assert "still@example.org" not in html
    assert not StammtischInvitation.objects.exists() and not Notification.objects.exists()


@pytest.mark.django_db
def test_the_preview_in_each_language_is_the_mail_that_is_then_sent(
    client, coordinator, stammtisch, frozen_now, django_capture_on_commit_callbacks
):
    translate(stammtisch, "en", title="Volunteers' get-together", note="Talk: recognition")
    volunteer("Erika", "erika@example.org", "de")
    volunteer("Ernst", "ernst@example.org", "de")
    volunteer("Emily", "emily@example.org", "en")
    client.force_login(coordinator)
    response = confirmation(client, stammtisch.pk)
    html = response.content.decode()
    previews = {mail["language"]: mail for mail in response.context["previews"]}
    assert sorted(previews) == ["de", "en"]
    assert (previews["de"]["count"], previews["en"]["count"]) == (2, 1)
    assert "Deutsch: to 2 volunteers (shown as Erika receives it)" in html
    assert "English: to 1 volunteer (shown as Emily receives it)" in html
    for shown in previews.values():
        # The rendered text part is marked safe for the mail: the admin page escapes it again.
        assert escape(shown["subject"]) in html
        assert escape(shown["body"]) in html
    assert "Talk: recognition" in previews["en"]["body"]
    assert previews["de"]["body"].startswith("Guten Tag Erika,")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SEND_URL, hidden_data(response))
    sent = {message.to[0]: message for message in mail.outbox}
    for address, language in (("erika@example.org", "de"), ("emily@example.org", "en")):
        assert sent[address].subject == previews[language]["subject"]
        assert without_token(sent[address].body) == without_token(previews[language]["body"])


@pytest.mark.django_db
def test_the_preview_is_shown_in_the_coordinators_language_around_the_mails_own(
    client, coordinator, stammtisch, frozen_now
):
    volunteer("Emily", "emily@example.org", "en")
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "de"
    profile.save()
    client.force_login(coordinator)
    html = confirmation(client, stammtisch.pk, language="de").content.decode()
    assert "Hello Emily," in html  # the mail in the volunteer's language
    assert "Tuesday, March 2, 2027" in html
    assert "Dienstag, 2. März 2027" in html  # the question in the coordinator's
    assert '<article class="wi-invitation-preview" lang="en"' in html


@pytest.mark.django_db
def test_markup_in_a_name_or_note_is_shown_as_text_in_the_preview(
    client, coordinator, db, frozen_now
):
    script = "<script>alert(1)</script>"
    stammtisch = make_stammtisch(note=f"Thema {script}")
    volunteer(name=f"Mallory {script}")
    client.force_login(coordinator)
    html = confirmation(client, stammtisch.pk).content.decode()
    assert "<script>alert" not in html
    assert "Guten Tag Mallory &lt;script&gt;alert(1)&lt;/script&gt;," in html
    assert "Thema &lt;script&gt;" in html


@pytest.mark.django_db
def test_recipients_who_changed_after_the_preview_stop_the_sending(
    client, coordinator, stammtisch, frozen_now
):
    volunteer("Erika", "erika@example.org")
    client.force_login(coordinator)
    data = hidden_data(confirmation(client, stammtisch.pk))
    volunteer("Neu Hinzu", "neu@example.org")  # opted in while the coordinator was reading
    with translation.override("en"):
        response = client.post(SEND_URL, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "The volunteers to invite have changed" in response.content.decode()
    assert not StammtischInvitation.objects.exists() and not Notification.objects.exists()


def second_stammtisch(first, title="Stammtisch Süd"):
    """Another Stammtisch series, on the same evenings as ``first`` at 20:00."""
    return series(title, category=first.category, start_time=dt.time(20, 0))


@pytest.mark.django_db
def test_two_stammtisch_series_on_the_same_evening_are_both_offered(
    client, coordinator, stammtisch, frozen_now
):
    south = second_stammtisch(stammtisch)
    volunteer()
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(INDEX_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 Stammtisch series have an evening coming" in html
    assert "Ehrenamtsstammtisch" in html and "Stammtisch Süd" in html
    assert f'href="{SEND_URL}?series={stammtisch.pk}"' in html
    assert f'href="{SEND_URL}?series={south.pk}"' in html
    assert "Tuesday, March 2, 2027, 8 p.m." in html
    # Without a choice there is nothing to confirm: back to the list.
    assert client.get(SEND_URL)["Location"] == INDEX_URL


@pytest.mark.django_db
def test_the_chosen_series_is_invited_to_and_the_other_stays_open(
    client, coordinator, stammtisch, frozen_now, django_capture_on_commit_callbacks
):
    south = second_stammtisch(stammtisch)
    volunteer()
    client.force_login(coordinator)
    response = confirmation(client, south.pk)
    assert "Stammtisch Süd" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SEND_URL, hidden_data(response))
    record = StammtischInvitation.objects.get()
    assert (record.series_id, record.start) == (south.pk, MARCH + dt.timedelta(hours=1))
    assert "Stammtisch Süd" in mail.outbox[0].subject
    with translation.override("en"):
        html = client.get(INDEX_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{SEND_URL}?series={stammtisch.pk}"' in html
    assert f'href="{SEND_URL}?series={south.pk}"' not in html


@pytest.mark.django_db
def test_the_daily_job_invites_to_every_stammtisch_series_that_is_due(
    stammtisch, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_INTEGRATION = {"STAMMTISCH_INVITATION_DAYS_BEFORE": 3}
    south = second_stammtisch(stammtisch)
    volunteer()
    at(dt.datetime(2027, 2, 27, 7, 0, tzinfo=UTC), monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_invitations.apply().result == 2
    assert {record.series_id for record in StammtischInvitation.objects.all()} == {
        stammtisch.pk,
        south.pk,
    }
    assert len(mail.outbox) == 2

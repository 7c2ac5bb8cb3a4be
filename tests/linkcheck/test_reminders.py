"""Review reminders: wagtail_integration/linkcheck/reminders.py, its daily task, and the dashboard
panel of guides due for review."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests import factories
from wagtail_integration.celery import beat_schedule
from wagtail_integration.linkcheck import reminders
from wagtail_integration.linkcheck.models import ReviewReminder
from wagtail_integration.linkcheck.tasks import send_review_reminders as reminder_task

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 20)
NOW = timezone.make_aware(datetime.datetime(2026, 3, 20, 7, 0))


def person(django_user_model, username, language="", email=True, active=True, groups=()):
    user = django_user_model.objects.create_user(
        username,
        f"{username}@koblenz.example" if email else "",
        "pw",
        first_name=username.capitalize(),
        is_active=active,
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


@pytest.fixture
def people(django_user_model):
    return {
        "alice": person(django_user_model, "alice", language="en", groups=["Editors"]),
        "bob": person(django_user_model, "bob"),
        "carol": person(django_user_model, "carol", groups=["Editors"]),
        "dave": person(django_user_model, "dave", active=False, groups=["Editors"]),
        "erin": person(django_user_model, "erin", email=False, groups=["Editors"]),
    }


@pytest.fixture
def guides(people):
    index = factories.topic_index()
    guides = {
        # Due on 15 March 2026; alice is responsible.
        "courses": factories.guide(
            index, title="Sprachkurse", last_reviewed=datetime.date(2025, 9, 15),
            review_interval_months=6, reviewer=people["alice"],
        ),
        # Due on 1 March 2026; no reviewer, so its owner bob is responsible.
        "health": factories.guide(
            index, title="Gesundheit", last_reviewed=datetime.date(2025, 12, 1),
            review_interval_months=3, owner=people["bob"],
        ),
        # Due on 1 August 2026: not yet.
        "school": factories.guide(
            index, title="Schule", last_reviewed=datetime.date(2026, 2, 1),
            review_interval_months=6, reviewer=people["bob"],
        ),
        # Due, but a draft.
        "draft": factories.guide(
            index, title="Entwurf", last_reviewed=datetime.date(2024, 1, 1), live=False,
            reviewer=people["bob"],
        ),
        # Due on 10 March 2026, and translated into English: reminded once.
        "work": factories.guide(
            index, title="Arbeit", last_reviewed=datetime.date(2025, 9, 10),
            review_interval_months=6,
        ),
    }  # fmt: skip
    factories.translate_page(guides["work"], "en", title="Work")
    return guides


def mails_by_recipient():
    return {message.to[0].split("@")[0]: message for message in mail.outbox}


def test_the_due_guides_are_the_live_ones_whose_review_date_has_come(guides):
    due = reminders.due_guides(TODAY)

    assert [(item.guide.title, item.review_due) for item in due] == [
        ("Gesundheit", datetime.date(2026, 3, 1)),
        ("Arbeit", datetime.date(2026, 3, 10)),
        ("Sprachkurse", datetime.date(2026, 3, 15)),
    ]
    assert [item.translations for item in due] == [0, 1, 0]


def test_each_person_gets_one_mail_listing_their_due_guides(guides):
    summary = reminders.send_review_reminders(today=TODAY, now=NOW)

    assert summary.as_dict() == {"due": 3, "mails_sent": 3, "failed": []}
    mails = mails_by_recipient()
    # bob owns "Gesundheit"; alice and carol are Editors; dave is inactive, erin has no e-mail.
    assert set(mails) == {"alice", "bob", "carol"}
    assert "Gesundheit" in mails["bob"].body
    assert "Sprachkurse" not in mails["bob"].body
    for name in ("alice", "carol"):
        assert all(title in mails[name].body for title in ("Gesundheit", "Arbeit", "Sprachkurse"))
        assert "Schule" not in mails[name].body and "Entwurf" not in mails[name].body
    assert "Work" not in mails["carol"].body  # the translation is not listed twice


def test_the_mail_links_each_guide_to_its_edit_view(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)

    message = mails_by_recipient()["bob"]
    edit_url = f"http://testserver/admin/pages/{guides['health'].pk}/edit/"
    assert edit_url in message.body
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    assert f'href="{edit_url}"' in html


def test_the_mail_is_german_unless_the_recipient_chose_another_admin_language(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)

    mails = mails_by_recipient()
    assert "1. März 2026" in mails["bob"].body  # German date format: no admin language chosen
    assert '<html lang="de" dir="ltr">' in mails["bob"].alternatives[0][0]
    assert "March 1, 2026" in mails["alice"].body
    assert '<html lang="en" dir="ltr">' in mails["alice"].alternatives[0][0]
    assert mails["alice"].subject == "3 guides are due for review – Stadt Koblenz – Integration"


def test_the_responsible_editor_is_told_which_guides_are_theirs(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)

    alice = mails_by_recipient()["alice"].body
    line = next(line for line in alice.splitlines() if "March 15, 2026" in line)
    assert "You are its responsible editor." in line
    assert "You are its responsible editor." not in alice.split("Sprachkurse")[0]


def test_a_second_run_the_same_day_sends_nothing(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)
    mail.outbox.clear()

    summary = reminders.send_review_reminders(today=TODAY, now=NOW + datetime.timedelta(hours=2))

    assert summary.mails_sent == 0
    assert mail.outbox == []


def test_a_person_is_reminded_again_after_the_interval(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)
    mail.outbox.clear()

    later = NOW + datetime.timedelta(days=6)
    assert reminders.send_review_reminders(today=TODAY, now=later).mails_sent == 0
    later = NOW + datetime.timedelta(days=7, minutes=1)
    assert reminders.send_review_reminders(today=TODAY, now=later).mails_sent == 3


@override_settings(WAGTAIL_INTEGRATION={"REVIEW_REMINDER_INTERVAL_DAYS": 1})
def test_the_interval_is_a_setting(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)

    later = NOW + datetime.timedelta(days=1, minutes=1)
    assert reminders.send_review_reminders(today=TODAY, now=later).mails_sent == 3


def test_a_reviewed_guide_is_no_longer_reminded(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)
    mail.outbox.clear()
    health = guides["health"]
    health.last_reviewed = TODAY
    health.save_revision().publish()

    reminders.send_review_reminders(today=TODAY, now=NOW + datetime.timedelta(days=8))

    assert "Gesundheit" not in " ".join(message.body for message in mail.outbox)
    assert "bob" not in mails_by_recipient()


def test_a_new_review_date_is_reminded_without_waiting_for_the_interval(guides):
    reminders.send_review_reminders(today=TODAY, now=NOW)
    mail.outbox.clear()
    courses = guides["courses"]
    courses.review_interval_months = 5  # now due since 15 February
    courses.save_revision().publish()

    reminders.send_review_reminders(today=TODAY, now=NOW + datetime.timedelta(days=1))

    assert set(mails_by_recipient()) == {"alice", "carol"}
    assert "Gesundheit" not in mails_by_recipient()["alice"].body


@override_settings(WAGTAIL_INTEGRATION={"REVIEW_REMINDER_GROUPS": ["Redaktion"]})
def test_the_editors_groups_are_a_setting(guides, django_user_model):
    person(django_user_model, "frank", groups=["Redaktion"])

    reminders.send_review_reminders(today=TODAY, now=NOW)

    assert set(mails_by_recipient()) == {"alice", "bob", "frank"}  # carol is in "Editors"
    assert "Gesundheit" not in mails_by_recipient()["alice"].body  # alice only as responsible


def test_a_mail_that_fails_is_sent_by_the_next_run_and_the_others_are_not_repeated(guides):
    original = EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["bob@koblenz.example"]:
            raise OSError("mail server down")
        return original(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", send):
        summary = reminders.send_review_reminders(today=TODAY, now=NOW)
    assert summary.failed == [guides["health"].owner.pk]
    assert set(mails_by_recipient()) == {"alice", "carol"}
    mail.outbox.clear()

    summary = reminders.send_review_reminders(today=TODAY, now=NOW + datetime.timedelta(hours=1))

    assert summary.mails_sent == 1
    assert set(mails_by_recipient()) == {"bob"}
    assert ReviewReminder.objects.filter(user__username="bob").count() == 1


def test_nothing_is_sent_when_no_guide_is_due(people):
    index = factories.topic_index()
    factories.guide(index, last_reviewed=TODAY, reviewer=people["alice"])

    assert reminders.send_review_reminders(today=TODAY, now=NOW).as_dict() == {
        "due": 0,
        "mails_sent": 0,
        "failed": [],
    }
    assert mail.outbox == []


# The task, its schedule and the dashboard ----------------------------------------------------


@pytest.fixture
def due_today(people):
    """A guide due for review by today's real date, for the task and the dashboard."""
    index = factories.topic_index()
    return factories.guide(
        index,
        title="Beratung",
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
        reviewer=people["bob"],
    )


def test_the_daily_task_sends_the_reminders(due_today):
    result = reminder_task.apply().get()

    assert result == {"due": 1, "mails_sent": 3, "failed": []}
    assert set(mails_by_recipient()) == {"alice", "bob", "carol"}


def test_the_reminders_run_every_morning_in_the_beat_schedule():
    entry = beat_schedule()["wagtail-integration-review-reminders"]

    assert entry["task"] == reminder_task.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {0})
    assert entry["schedule"].day_of_week == set(range(7))


@pytest.fixture
def english_admin(admin_client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    return admin_client


def test_the_dashboard_lists_guides_due_for_review(english_admin, due_today):
    html = english_admin.get("/admin/").content.decode()

    assert 'id="integration-review-due-panel' in html
    assert "1 guide due for review" in html
    assert f"/admin/pages/{due_today.pk}/edit/" in html
    assert "Bob" in html  # the responsible editor


def test_the_dashboard_has_no_review_panel_when_nothing_is_due(english_admin, people):
    factories.guide(factories.topic_index(), last_reviewed=timezone.localdate())

    html = english_admin.get("/admin/").content.decode()

    assert "integration-review-due-panel" not in html


def test_a_bug_while_sending_is_not_taken_for_a_mail_server_that_failed(guides):
    def send(message, *args, **kwargs):
        raise TypeError("a programming error")

    with mock.patch.object(EmailMultiAlternatives, "send", send), pytest.raises(TypeError):
        reminders.send_review_reminders(today=TODAY, now=NOW)

"""Every e-mail of the package is made by one renderer (wagtail_integration/mail.py), and what a
visitor or an editor typed arrives in its HTML part as text, never as markup.

The kinds: the offer of help (to the coordinators, the confirmation, the Stammtisch invitation),
the nomination (to the jury, the confirmation) and the guides' review reminder. The link checker
sends no mail of its own: broken links are reported in the admin (linkcheck/admin_views.py).
"""

import datetime as dt
import re

import pytest
from django.core import mail

from tests import factories
from wagtail_integration.linkcheck import reminders
from wagtail_integration.mail import html_from_text, render_mail
from wagtail_integration.submissions.outbox import notification_for
from wagtail_integration.volunteering.mail import Kind

pytestmark = pytest.mark.django_db

MARKUP = '<img src=x onerror=alert(1)><script>alert("x")</script><a href="https://evil.example">'
SHORT_MARKUP = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;"
#: What must not be in an HTML part: any tag that MARKUP could have brought in.
LIVE = re.compile(r"<(img|script|a href=\"https://evil)", re.I)


def assert_inert(message, fields):
    """The HTML part shows MARKUP as text once per field, and has no tag from it."""
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert not LIVE.search(html), html
    assert html.count(ESCAPED) >= len(fields), (fields, html)
    # The plain parts are not HTML: they keep the text as typed, without entities.
    assert MARKUP in message.body
    assert "&lt;" not in message.body and "&lt;" not in message.subject


def offer():
    topic = factories.topic(slug="sprache", name=f"Sprache {MARKUP}")
    page = factories.volunteer_form_page()
    return factories.volunteer_interest(
        name=f"Mallory {MARKUP}",
        page=page,
        phone=f"0261 {SHORT_MARKUP}",  # 40 characters at most (PostgreSQL holds to it)
        district=f"Altstadt {MARKUP}",
        availability_note=f"abends {MARKUP}",
        experience=f"Erfahrung {MARKUP}",
        message=f"Nachricht {MARKUP}",
        interests=[topic],
    )


VOLUNTEER_FIELDS = ("name", "district", "availability_note", "experience", "message")
NOMINATION_FIELDS = ("nominee_name", "nominee_organisation", "nominee_work", "reason")
INVITATION_FIELDS = ("title", "when", "venue", "note")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_text_of_an_offer_of_help_is_escaped_in_the_coordinators_mail(language):
    interest = offer()
    message = interest.render_notification(
        notification_for(interest, Kind.COORDINATOR, "koordination@example.org", language)
    )
    assert_inert(message, [*VOLUNTEER_FIELDS, "interest topic"])
    assert "0261 &lt;img src=x onerror=alert(1)&gt;" in message.alternatives[0][0]  # the phone
    assert f'lang="{language}"' in message.alternatives[0][0]


def test_the_persons_name_is_escaped_in_their_confirmation():
    interest = offer()
    message = interest.render_notification(
        notification_for(interest, Kind.CONFIRMATION, interest.email, "de")
    )
    assert_inert(message, ["name"])
    assert message.subject == "Vielen Dank für Ihr Hilfsangebot"


def test_every_text_of_a_stammtisch_invitation_is_escaped():
    interest = offer()
    context = {field: f"{field} {MARKUP}" for field in INVITATION_FIELDS}
    context.update(date="2. März 2027", url="https://koblenz.example/stammtisch/")
    message = interest.render_notification(
        notification_for(interest, Kind.INVITATION, interest.email, "de", **context)
    )
    assert_inert(message, [*INVITATION_FIELDS, "name"])
    html = message.alternatives[0][0]
    assert '<a href="https://koblenz.example/stammtisch/">' in html  # our links stay links


@pytest.mark.parametrize("kind", ["nomination.jury", "nomination.confirmation"])
def test_every_text_of_a_nomination_is_escaped_in_its_mails(kind):
    nomination = factories.nomination(
        page=factories.nomination_form_page(),
        **{field: f"{field} {MARKUP}" for field in NOMINATION_FIELDS},
        nominator_name=f"Max {MARKUP}",
    )
    message = nomination.render_notification(
        notification_for(nomination, kind, "jury@example.org", "de")
    )
    fields = [*NOMINATION_FIELDS, "nominator_name"] if kind.endswith("jury") else ["nominator"]
    assert_inert(message, fields)
    assert "&amp;lt;" not in message.alternatives[0][0]  # escaped once, not twice


def test_the_review_reminder_escapes_guide_titles_and_the_editors_name(django_user_model):
    user = django_user_model.objects.create_user(
        "redaktion", "redaktion@example.org", first_name=f"Rita {MARKUP}"
    )
    guide = factories.guide(factories.topic_index(), title=f"Gesundheit {MARKUP}", owner=user)
    guide.last_reviewed = dt.date(2025, 1, 1)
    reminders.send_reminder_mail(
        user, [reminders.DueGuide(guide=guide, review_due=dt.date(2026, 1, 1))], "de"
    )
    (message,) = mail.outbox
    assert_inert(message, ["title", "name"])


def test_a_template_without_an_html_part_gets_the_escaped_text_with_links_and_paragraphs():
    html = html_from_text("Hallo <b>Welt</b>,\n\nmehr: https://example.org/?a=1&b=2", "de")
    assert html.startswith('<html lang="de" dir="ltr"><body><p>Hallo &lt;b&gt;Welt&lt;/b&gt;,</p>')
    assert '<a href="https://example.org/?a=1&amp;b=2">' in html


def test_an_arabic_mail_is_right_to_left():
    assert '<html lang="ar" dir="rtl">' in html_from_text("مرحبا", "ar")


def test_the_sender_is_the_notification_address_when_set(settings):
    settings.WAGTAIL_INTEGRATION = {"NOTIFICATION_FROM_EMAIL": "integration@koblenz.example"}
    nomination = factories.nomination()
    message = render_mail(
        "integration_honours/email/confirmation",
        {"nomination": nomination},
        to=["max@example.org"],
        language="de",
    )
    assert message.from_email == "integration@koblenz.example"
    assert message.to == ["max@example.org"]


def test_no_module_of_the_package_builds_a_mail_but_the_renderer():
    from pathlib import Path

    import wagtail_integration

    root = Path(wagtail_integration.__file__).parent
    builders = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"EmailMultiAlternatives\(|EmailMessage\(|send_mail\(", path.read_text())
    }
    assert builders == {"mail.py"}


@pytest.mark.parametrize("kind", ["volunteer", "nomination"])
def test_a_confirmation_names_the_day_the_agreed_privacy_notice_took_effect(kind):
    from wagtail_integration.submissions.models import PrivacyNoticeVersion

    version = PrivacyNoticeVersion.for_text("<p>Wir nutzen Ihre Angaben nur dafür.</p>", "en")
    PrivacyNoticeVersion.objects.filter(pk=version.pk).update(
        created_at=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    )
    version.refresh_from_db()
    if kind == "volunteer":
        submission = factories.volunteer_interest(privacy_notice=version, language="en")
        notification = notification_for(submission, Kind.CONFIRMATION, submission.email, "en")
    else:
        submission = factories.nomination(privacy_notice=version, language="en")
        notification = notification_for(
            submission, "nomination.confirmation", submission.email, "en"
        )
    message = submission.render_notification(notification)
    assert "You agreed to the privacy notice as of March 1, 2026." in message.body
    assert version.short_id not in message.body

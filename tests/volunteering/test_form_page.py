"""The volunteer form page: shown, validated, stored with its outbox, thanked for."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from tests import factories
from wagtail_integration.submissions.intake import rate_limit_message
from wagtail_integration.submissions.models import Notification
from wagtail_integration.submissions.spam import check_token
from wagtail_integration.volunteering.models import Status, VolunteerInterest

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    topic = factories.topic(slug="sprache", name="Sprachpatenschaft")
    return factories.volunteer_form_page(topics=[topic])


def test_get_shows_the_form_with_a_token_and_the_privacy_notice(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="form_token"' in html
    assert "Wir speichern Ihre Angaben" in html
    assert 'name="language_ar"' in html
    assert 'value="sprache"' in html


def test_a_valid_post_is_stored_with_notifications_and_redirects_to_thanks(
    client, page, django_capture_on_commit_callbacks
):
    data = factories.volunteer_post_data(
        page, interests="sprache", language_ar="fluent", availability=["evenings", "weekends"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    interest = VolunteerInterest.objects.get()
    assert interest.name == "Erika Beispiel"
    assert interest.status == Status.NEW
    assert interest.language == "de"
    assert interest.privacy_notice.text == page.privacy_notice
    assert interest.consented_at is not None
    assert [t.slug for t in interest.interests.all()] == ["sprache"]
    assert {(i.code, i.level) for i in interest.languages.all()} == {("ar", "fluent")}
    assert interest.available_evenings and interest.available_weekends
    assert not interest.available_weekdays
    kinds = sorted(Notification.objects.values_list("kind", "status"))
    assert kinds == [("volunteer.confirmation", "sent"), ("volunteer.coordinator", "sent")]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "erika@example.org",
        "koordination@example.org",
    ]
    assert client.get(response["Location"]).status_code == 200


def test_missing_consent_is_refused_naming_the_field_and_nothing_is_stored(client, page):
    data = factories.volunteer_post_data(page, consent=None)
    with translation.override("en"):
        response = client.post(page.url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert not VolunteerInterest.objects.exists()
    assert not Notification.objects.exists()


def test_a_filled_honeypot_is_thanked_for_and_dropped(client, page):
    response = client.post(page.url, factories.volunteer_post_data(page, homepage="http://spam"))
    assert response.status_code == 302
    assert not VolunteerInterest.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_too_fast_is_refused_and_nothing_is_stored(client, page):
    data = factories.volunteer_post_data(page, form_token=factories.form_token(page, 0))
    response = client.post(page.url, data)
    assert response.status_code == 200
    # The page is German, so the visitor reads the refusal in German.
    with translation.override(page.locale.language_code):
        message = translation.gettext(
            "The form was sent very quickly. Please check your entries and send it again."
        )
        assert message in str(response.context["form"].non_field_errors())
    assert message in response.content.decode()
    assert not VolunteerInterest.objects.exists()


def test_an_expired_form_comes_back_with_a_fresh_token_that_is_accepted(client, page):
    data = factories.volunteer_post_data(page, form_token=factories.form_token(page, 2 * 86400))
    response = client.post(page.url, data)
    assert response.status_code == 200
    fresh = response.context["form"].data["form_token"]
    assert fresh != data["form_token"]
    assert check_token(fresh, page.pk, min_seconds=0, max_age_seconds=60) is None
    assert not VolunteerInterest.objects.exists()


def test_a_form_sent_twice_with_its_token_is_stored_once_and_thanked_for_twice(client, page):
    data = factories.volunteer_post_data(page)
    answers = [client.post(page.url, data) for _ in range(2)]  # a double click
    assert [answer.status_code for answer in answers] == [302, 302]
    assert all(answer["Location"].endswith("/thanks/") for answer in answers)
    assert VolunteerInterest.objects.count() == 1
    assert Notification.objects.count() == 2  # the coordinator's and the confirmation, once


def test_a_double_click_on_the_last_allowed_submission_is_thanked_for_not_blocked(
    client, page, settings
):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "1/h"}
    data = factories.volunteer_post_data(page)
    answers = [client.post(page.url, data) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [302, 302]
    assert VolunteerInterest.objects.count() == 1
    # Counted once: the next new submission is the one too many.
    assert client.post(page.url, factories.volunteer_post_data(page)).status_code == 429


def test_the_form_page_is_never_cached_so_no_token_is_handed_out_twice(client, page):
    response = client.get(page.url)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def refusals(response, before, after, language):
    """The messages the 429 ``response`` may carry: its Retry-After from a moment in between."""
    wait = int(response["Retry-After"])
    assert 0 < wait <= 3600
    with translation.override(language):
        return {rate_limit_message(wait, now=before), rate_limit_message(wait, now=after)}


def test_a_refused_address_is_told_until_when_sending_is_blocked_in_the_pages_language(
    client, page, settings
):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "1/h"}
    client.post(page.url, factories.volunteer_post_data(page))
    before = timezone.now()
    response = client.post(page.url, factories.volunteer_post_data(page, name="Zweite"))
    after = timezone.now()
    assert response.status_code == 429
    html = response.content.decode()
    assert any(message in html for message in refusals(response, before, after, "de"))
    assert VolunteerInterest.objects.count() == 1


def test_the_block_has_a_heading_of_its_own_and_keeps_the_entries(client, page, settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "1/h"}
    client.post(page.url, factories.volunteer_post_data(page))
    response = client.post(page.url, factories.volunteer_post_data(page, name="Zweite Person"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Senden vorübergehend gesperrt" in html
    assert "Das liegt nicht an Ihren Angaben" in html
    # Nothing was wrong with the entries: no error summary, no "Fehler:" in the title.
    assert "Bitte prüfen Sie Ihre Angaben" not in html
    assert "<title>Fehler:" not in html
    assert 'value="Zweite Person"' in html


def test_ten_invalid_posts_and_then_a_valid_one_from_one_address_are_accepted(
    client, page, settings
):
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "10/h",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "60/h",
    }
    invalid = [
        client.post(page.url, factories.volunteer_post_data(page, email="erika@")).status_code
        for _ in range(10)
    ]
    response = client.post(page.url, factories.volunteer_post_data(page))
    assert invalid == [200] * 10
    assert response.status_code == 302
    assert VolunteerInterest.objects.count() == 1


def test_a_flood_of_posts_is_refused_even_when_the_last_one_is_valid(client, page, settings):
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "10/h",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "5/h",
    }
    for _ in range(5):
        client.post(page.url, factories.volunteer_post_data(page, email="erika@"))
    response = client.post(page.url, factories.volunteer_post_data(page))
    assert response.status_code == 429
    assert "Senden vorübergehend gesperrt" in response.content.decode()
    assert not VolunteerInterest.objects.exists()


def test_reaching_the_limit_of_accepted_submissions_refuses_the_next(client, page, settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "2/h"}
    statuses = [
        client.post(page.url, factories.volunteer_post_data(page)).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert VolunteerInterest.objects.count() == 2


def test_one_form_at_its_limit_does_not_block_another_form(client, page, settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "1/h"}
    other = factories.volunteer_form_page(title="Mitmachen im Sportverein")
    client.post(page.url, factories.volunteer_post_data(page))
    refused = client.post(page.url, factories.volunteer_post_data(page))
    response = client.post(other.url, factories.volunteer_post_data(other))
    assert refused.status_code == 429
    assert response.status_code == 302
    assert VolunteerInterest.objects.count() == 2

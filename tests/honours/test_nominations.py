"""The nomination form page: shown, validated, stored with its outbox, thanked for."""

import json
import re

import pytest
from django.core import mail
from django.utils import translation

from tests import factories
from wagtail_integration.honours.models import Nomination, NominationStatus
from wagtail_integration.submissions.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return factories.nomination_form_page(intro="<p>Wen schlagen Sie vor?</p>")


def test_get_shows_the_form_in_fieldsets_with_a_token_and_the_privacy_notice(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="form_token"' in html
    assert "Wir nutzen Ihre Angaben nur für die Jury." in html
    assert "Wen schlagen Sie vor?" in html
    assert html.count("<legend") >= 4
    for name in ("nominee_name", "nominee_work", "reason", "nominator_name", "email", "consent"):
        assert re.search(rf'<label[^>]* for="id_{name}"', html), name
    assert '<input type="checkbox" name="consent"' in html
    assert 'name="consent" checked' not in html


def test_a_valid_post_is_stored_with_notifications_and_redirects_to_thanks(
    client, page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, factories.nomination_post_data(page))
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    nomination = Nomination.objects.get()
    assert nomination.nominee_name == "Verein Beispielhilfe e. V."
    assert nomination.nominee_is_group
    assert nomination.status == NominationStatus.RECEIVED
    assert nomination.language == "de"
    assert nomination.privacy_notice.text == page.privacy_notice
    assert nomination.consented_at is not None
    kinds = sorted(Notification.objects.values_list("kind", "status"))
    assert kinds == [("nomination.confirmation", "sent"), ("nomination.jury", "sent")]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"jury@example.org", "max@example.org"}
    assert "Verein Beispielhilfe e. V." in by_recipient["jury@example.org"].body
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Vielen Dank!</h1>" in thanks.content.decode()


def test_missing_consent_is_refused_naming_the_field_and_nothing_is_stored(client, page):
    data = factories.nomination_post_data(page, consent=None)
    with translation.override("en"):
        response = client.post(page.url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert 'href="#id_consent"' in response.content.decode()
    assert not Nomination.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("field", ["nominee_name", "nominee_work", "reason", "email"])
def test_a_missing_required_field_is_refused_naming_it(client, page, field):
    response = client.post(page.url, factories.nomination_post_data(page, **{field: ""}))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Nomination.objects.exists()


def test_a_filled_honeypot_is_thanked_for_and_dropped(client, page):
    data = factories.nomination_post_data(page, homepage="http://spam.example")
    response = client.post(page.url, data)
    assert response.status_code == 302
    assert not Nomination.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_too_fast_is_refused_and_nothing_is_stored(client, page):
    data = factories.nomination_post_data(page, form_token=factories.form_token(page, 0))
    response = client.post(page.url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Nomination.objects.exists()


def test_markup_in_a_nomination_is_shown_escaped_when_the_form_comes_back(client, page):
    data = factories.nomination_post_data(
        page, nominee_name="<script>alert(1)</script>", consent=None
    )
    html = client.post(page.url, data).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_nomination_form_is_in_the_forms_api_and_accepts_a_json_nomination(
    client, page, django_capture_on_commit_callbacks
):
    api = "/api/integration/v1/forms"
    listed = client.get(api).json()["items"]
    assert [(item["id"], item["kind"]) for item in listed] == [(page.pk, "nomination")]
    data = {
        key: value
        for key, value in factories.nomination_post_data(page, consent=True).items()
        if key != "homepage"
    }
    data["nominee_is_group"] = True

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{api}/{page.pk}/submissions", json.dumps(data), content_type="application/json"
        )

    assert response.status_code == 201, response.content
    nomination = Nomination.objects.get()
    assert (nomination.nominee_name, nomination.source) == ("Verein Beispielhilfe e. V.", "api")
    assert Notification.objects.filter(kind="nomination.jury", status="sent").exists()

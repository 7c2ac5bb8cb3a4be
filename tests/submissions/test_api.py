"""``GET forms``, ``GET forms/{id}`` and ``POST forms/{id}/submissions``
(wagtail_integration/submissions/api.py)."""

import json

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_integration.submissions.intake import rate_limit_message
from wagtail_integration.submissions.models import Notification, PrivacyNoticeVersion, Source
from wagtail_integration.submissions.spam import check_token
from wagtail_integration.volunteering.forms import VolunteerForm
from wagtail_integration.volunteering.models import VolunteerInterest

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"
EN_INVALID = "The request is not valid. The errors name each field to correct."


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no submissions counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page():
    topic = factories.topic(slug="sprache", name="Sprachpatenschaft")
    return factories.volunteer_form_page(topics=[topic])


def body(page, **fields):
    """A valid JSON submission of ``page``'s form, with ``fields`` changed (None leaves out)."""
    data = {
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "contact_channel": "email",
        "consent": True,
        "form_token": factories.form_token(page),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def draft_form():
    """A volunteer form page that was published once and is now a draft."""
    page = factories.volunteer_form_page()
    page.unpublish()
    return page


def post(client, page, data, query="", content_type="application/json", **extra):
    # CONTENT_TYPE is given as well: the test client leaves it out when the body is empty.
    return client.post(
        f"{API}/forms/{page.pk}/submissions{query}",
        data=data if isinstance(data, (str, bytes)) else json.dumps(data),
        content_type=content_type,
        **{"CONTENT_TYPE": content_type, **extra},
    )


def assert_nothing_stored():
    assert not VolunteerInterest.objects.exists()
    assert not Notification.objects.exists()


# GET forms


def test_the_list_gives_each_live_form_with_its_kind_and_where_to_send_it(client, page):
    response = client.get(f"{API}/forms")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": page.pk,
                "kind": "volunteer",
                "title": "Mitmachen",
                "url": page.get_full_url(),
                "submission_url": f"http://testserver{API}/forms/{page.pk}/submissions?locale=de",
                "locale": "de",
                "fallback": False,
                "translations": {"de": {"id": page.pk, "url": page.get_full_url()}},
            }
        ],
    }


def test_the_list_gives_a_translation_where_published_else_the_german_source(client, page):
    english = factories.translate_page(page, "en", title="Volunteer")
    untranslated = factories.volunteer_form_page(title="Nominierung")
    factories.translate_page(untranslated, "en", publish=False, title="Nomination (draft)")

    items = client.get(f"{API}/forms?locale=en").json()["items"]

    assert [(i["id"], i["title"], i["locale"], i["fallback"]) for i in items] == [
        (untranslated.pk, "Nominierung", "de", True),
        (english.pk, "Volunteer", "en", False),
    ]
    assert all(item["submission_url"].endswith("?locale=en") for item in items)


def test_drafts_private_forms_and_other_pages_are_not_listed(client, page):
    draft_form()
    private = factories.volunteer_form_page()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    factories.guide(factories.topic_index())

    items = client.get(f"{API}/forms").json()["items"]

    assert [item["id"] for item in items] == [page.pk]


def test_the_list_pages_with_limit_and_offset(client):
    for title in "ABCDE":
        factories.volunteer_form_page(title=title)

    result = client.get(f"{API}/forms?limit=2&offset=2").json()

    assert result["count"] == 5
    assert [item["title"] for item in result["items"]] == ["C", "D"]


def test_an_unknown_locale_is_a_400_naming_it(client, page):
    response = client.get(f"{API}/forms?locale=xx", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["locale"]


# GET forms/{id}


def test_the_detail_describes_each_field_in_english(client, page):
    result = client.get(f"{API}/forms/{page.pk}?locale=en").json()

    fields = {field["name"]: field for field in result["fields"]}
    assert fields["name"] == {
        "name": "name",
        "type": "text",
        "label": "Your name",
        "help_text": "",
        "required": True,
        "max_length": 200,
        "choices": [],
        "initial": None,
    }
    assert fields["email"]["type"] == "email"
    assert fields["email"]["help_text"] == "We send a confirmation to this address."
    assert fields["phone"]["type"] == "tel"
    assert fields["contact_channel"]["type"] == "radio"
    assert fields["contact_channel"]["initial"] == "email"
    assert fields["message"]["type"] == "textarea"
    assert fields["invitations"]["type"] == "checkbox"
    assert fields["consent"] == {
        "name": "consent",
        "type": "checkbox",
        "label": "I have read the privacy notice and agree that my details are stored for this.",
        "help_text": "",
        "required": True,
        "max_length": None,
        "choices": [],
        "initial": None,
    }
    assert result["fieldsets"][0] == {
        "legend": "About you",
        "fields": ["name", "email", "phone", "contact_channel", "district"],
    }
    assert result["fieldsets"][-1] == {"legend": "Privacy", "fields": ["consent"]}


def test_the_detail_describes_the_fields_in_german_for_german(client, page):
    result = client.get(f"{API}/forms/{page.pk}?locale=de").json()

    with translation.override("de"):
        expected = {name: str(field.label) for name, field in VolunteerForm.base_fields.items()}
        legend = gettext("Privacy")
    labels = {field["name"]: field["label"] for field in result["fields"]}
    assert labels["name"] == expected["name"]
    assert labels["consent"] == expected["consent"]
    assert result["fieldsets"][-1]["legend"] == legend != "Privacy"


def test_the_detail_offers_the_pages_topics_languages_and_levels_as_choices(client, page):
    result = client.get(f"{API}/forms/{page.pk}?locale=en").json()

    fields = {field["name"]: field for field in result["fields"]}
    assert fields["interests"]["type"] == "checkboxes"
    assert fields["interests"]["choices"] == [{"value": "sprache", "label": "Sprachpatenschaft"}]
    assert [c["value"] for c in fields["availability"]["choices"]] == [
        "weekdays",
        "evenings",
        "weekends",
    ]
    arabic = fields["language_ar"]
    assert (arabic["type"], arabic["label"], arabic["required"]) == ("select", "العربية", False)
    assert arabic["choices"] == [
        {"value": "basic", "label": "basic"},
        {"value": "good", "label": "good"},
        {"value": "fluent", "label": "fluent"},
        {"value": "native", "label": "first language"},
    ]
    assert result["fieldsets"][1] == {
        "legend": "Languages you speak",
        "fields": ["language_de", "language_ar"],
    }


def test_the_detail_leaves_out_the_honeypot_and_gives_a_token_for_the_page(client, page):
    result = client.get(f"{API}/forms/{page.pk}").json()

    names = {field["name"] for field in result["fields"]}
    assert not names & {"homepage", "form_token"}
    assert check_token(result["token"], page.pk, min_seconds=0, max_age_seconds=60) is None


def test_the_detail_gives_intro_privacy_notice_and_the_notice_version(client, page):
    result = client.get(f"{API}/forms/{page.pk}").json()

    assert result["intro"] == "<p>Sie möchten helfen? Schreiben Sie uns.</p>"
    assert result["privacy_notice"] == "<p>Wir speichern Ihre Angaben nur für die Koordination.</p>"
    version = PrivacyNoticeVersion.for_text(page.privacy_notice, "de")
    assert result["privacy_notice_version"] == version.short_id


def test_fields_the_page_does_not_ask_for_are_not_described(client):
    page = factories.volunteer_form_page(show_phone=False, show_message=False)

    result = client.get(f"{API}/forms/{page.pk}").json()

    names = [field["name"] for field in result["fields"]]
    assert "phone" not in names and "message" not in names and "interests" not in names
    assert all("phone" not in fieldset["fields"] for fieldset in result["fieldsets"])


def test_a_translations_id_answers_that_translation_unless_locale_says_otherwise(client, page):
    english = factories.translate_page(
        page, "en", title="Volunteer", intro="<p>Would you like to help?</p>"
    )

    own = client.get(f"{API}/forms/{english.pk}").json()
    german = client.get(f"{API}/forms/{english.pk}?locale=de").json()
    from_source = client.get(f"{API}/forms/{page.pk}?locale=en").json()

    assert (own["id"], own["locale"], own["intro"]) == (
        english.pk,
        "en",
        "<p>Would you like to help?</p>",
    )
    assert own["fields"][0]["label"] == "Your name"
    assert own["submission_url"].endswith(f"/forms/{english.pk}/submissions?locale=en")
    assert (german["id"], german["locale"], german["fallback"]) == (page.pk, "de", False)
    assert (from_source["id"], from_source["fallback"]) == (english.pk, False)


def test_a_form_without_translation_comes_in_german_with_labels_in_the_requested_language(
    client, page
):
    result = client.get(f"{API}/forms/{page.pk}?locale=en").json()

    assert (result["locale"], result["fallback"], result["title"]) == ("de", True, "Mitmachen")
    assert result["fields"][0]["label"] == "Your name"


@pytest.mark.parametrize("kind", ["unknown", "draft", "private", "not a form"])
def test_a_missing_draft_private_or_other_page_is_a_404_in_the_error_shape(client, kind):
    if kind == "unknown":
        pk = 987654
    elif kind == "draft":
        pk = draft_form().pk
    elif kind == "private":
        pk = factories.volunteer_form_page().pk
        PageViewRestriction.objects.create(page_id=pk, restriction_type="password", password="x")
    else:
        pk = factories.guide(factories.topic_index()).pk

    detail = client.get(f"{API}/forms/{pk}", HTTP_ACCEPT_LANGUAGE="en")
    sent = client.post(f"{API}/forms/{pk}/submissions", "{}", content_type="application/json")

    assert detail.status_code == sent.status_code == 404
    assert detail.json() == {"detail": "Not found.", "errors": {}}
    assert_nothing_stored()


# POST forms/{id}/submissions


def test_a_valid_submission_is_stored_with_its_notifications_and_answered_with_201(
    client, page, django_capture_on_commit_callbacks
):
    data = body(
        page,
        interests=["sprache"],
        availability=["evenings", "weekends"],
        language_ar="fluent",
        invitations=True,
        phone="+49 261 123456",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, page, data)

    assert response.status_code == 201
    interest = VolunteerInterest.objects.get()
    assert response.json() == {
        "reference": str(interest.reference),
        "message": "<p>Danke! Wir melden uns.</p>",
    }
    assert (interest.name, interest.email, interest.phone) == (
        "Erika Beispiel",
        "erika@example.org",
        "+49 261 123456",
    )
    assert (interest.source, interest.language, interest.page_id) == (Source.API, "de", page.pk)
    assert interest.invitations is True
    assert interest.available_evenings and interest.available_weekends
    assert not interest.available_weekdays
    assert [t.slug for t in interest.interests.all()] == ["sprache"]
    assert {(i.code, i.level) for i in interest.languages.all()} == {("ar", "fluent")}
    assert interest.privacy_notice.text == page.privacy_notice
    assert interest.consented_at is not None
    assert sorted(Notification.objects.values_list("kind", "status")) == [
        ("volunteer.confirmation", "sent"),
        ("volunteer.coordinator", "sent"),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "erika@example.org",
        "koordination@example.org",
    ]


def test_the_privacy_notice_version_the_detail_names_is_the_one_stored(client, page):
    english = factories.translate_page(page, "en", privacy_notice="<p>We store your data.</p>")
    shown = client.get(f"{API}/forms/{page.pk}?locale=en").json()

    with override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_MIN_FILL_SECONDS": 0}):
        response = client.post(
            shown["submission_url"],
            json.dumps(body(english, form_token=shown["token"])),
            content_type="application/json",
        )
    assert response.status_code == 201
    interest = VolunteerInterest.objects.get()
    assert interest.privacy_notice.short_id == shown["privacy_notice_version"]
    assert (interest.language, interest.page_id) == ("en", english.pk)


def test_locale_chooses_the_language_of_the_submission_and_its_errors(client, page):
    invalid = post(client, page, body(page, name=None), "?locale=en")
    valid = post(client, page, body(page), "?locale=en")

    assert invalid.json() == {"detail": EN_INVALID, "errors": {"name": ["This field is required."]}}
    assert valid.status_code == 201
    assert VolunteerInterest.objects.get().language == "en"


def test_errors_are_in_the_pages_language_without_locale(client, page):
    response = post(client, page, body(page, name=None), HTTP_ACCEPT_LANGUAGE="en")

    with translation.override("de"):
        required = gettext("This field is required.")
    assert required != "This field is required."
    assert response.json()["errors"] == {"name": [required]}


def test_source_embed_is_recorded_and_any_other_source_is_refused(client, page):
    refused = post(client, page, body(page), "?source=page", HTTP_ACCEPT_LANGUAGE="en")
    accepted = post(client, page, body(page), "?source=embed")

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["source"]
    assert accepted.status_code == 201
    assert VolunteerInterest.objects.get().source == Source.EMBED


def test_the_submission_needs_no_csrf_token(page):
    response = post(Client(enforce_csrf_checks=True), page, body(page))

    assert response.status_code == 201


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"consent": None}, "consent"),
        ({"consent": False}, "consent"),
        ({"email": "erika-at-example"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"language_ar": "klingon"}, "language_ar"),
        ({"interests": ["astrologie"]}, "interests"),
        ({"contact_channel": "pigeon"}, "contact_channel"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_an_invalid_field_is_a_400_naming_it_and_nothing_is_stored(client, page, changes, field):
    response = post(client, page, body(page, **changes), "?locale=en")

    assert response.status_code == 400
    assert response.json()["detail"] == EN_INVALID
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field][0]
    assert_nothing_stored()


def test_unknown_fields_and_unknown_language_codes_are_each_named(client, page):
    data = body(page, language_xx="fluent", favourite_colour="blue", phone_number="1")

    response = post(client, page, data, "?locale=en")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        name: ["This form has no such field. Leave it out."]
        for name in ("language_xx", "favourite_colour", "phone_number")
    }
    assert_nothing_stored()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"consent": "on"}, "consent", "Send true or false."),
        ({"interests": "sprache"}, "interests", 'Send a list of values, such as ["a", "b"].'),
        ({"interests": [1]}, "interests", 'Send a list of values, such as ["a", "b"].'),
        ({"name": ["Erika"]}, "name", "Send this value as text."),
        ({"name": 42}, "name", "Send this value as text."),
        ({"form_token": None}, "form_token", "Send the token of the form"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_a_400_naming_the_field(
    client, page, changes, field, message
):
    response = post(client, page, body(page, **changes), "?locale=en")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field][0].startswith(message)
    assert_nothing_stored()


@pytest.mark.parametrize(
    "raw, detail",
    [
        (b"", "The body is not valid JSON."),
        (b"name=Erika", "The body is not valid JSON."),
        (b"\xff\xfe\x00", "The body is not valid JSON."),
        (b"[" * 50000, "The body is not valid JSON."),
        (b"[]", "The body must be a JSON object of field names and values."),
        (b'"Erika"', "The body must be a JSON object of field names and values."),
        (b"null", "The body must be a JSON object of field names and values."),
    ],
)
def test_a_body_that_is_no_json_object_is_a_400(client, page, raw, detail):
    response = post(client, page, raw, "?locale=en")

    assert response.status_code == 400
    assert response.json() == {"detail": detail, "errors": {}}
    assert_nothing_stored()


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"]
)
def test_a_body_that_is_not_json_is_a_415(client, page, content_type):
    response = post(client, page, "name=Erika", "?locale=en", content_type=content_type)

    assert response.status_code == 415
    assert response.json() == {
        "detail": "Send the form as JSON, with the header “Content-Type: application/json”.",
        "errors": {},
    }
    assert_nothing_stored()


@override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_MAX_BODY_KB": 1})
def test_a_body_larger_than_the_limit_is_a_413(client, page):
    response = post(client, page, body(page, message="x" * 1100), "?locale=en")

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request is too large: at most 1 KB are accepted.",
        "errors": {},
    }
    assert_nothing_stored()


def test_a_declared_length_beyond_the_limit_is_a_413_before_the_body_is_read(client, page):
    response = post(client, page, "{}", "?locale=en", CONTENT_LENGTH=str(10 * 1024 * 1024))

    assert response.status_code == 413
    assert response.json()["errors"] == {}


def test_a_filled_honeypot_is_answered_with_201_and_nothing_is_stored(
    client, page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, page, body(page, homepage="http://spam.example"))

    assert response.status_code == 201
    assert set(response.json()) == {"reference", "message"}
    assert_nothing_stored()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "seconds_ago, message",
    [
        (0, "The form was sent very quickly."),
        (2 * 86400, "The form has expired."),
    ],
)
def test_a_token_too_young_or_too_old_is_refused(client, page, seconds_ago, message):
    data = body(page, form_token=factories.form_token(page, seconds_ago))

    response = post(client, page, data, "?locale=en")

    assert response.status_code == 400
    assert response.json()["errors"]["__all__"][0].startswith(message)
    assert_nothing_stored()


def test_a_token_of_another_form_is_refused(client, page):
    other = factories.volunteer_form_page()

    response = post(client, page, body(page, form_token=factories.form_token(other)), "?locale=en")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["__all__"]


# Per hour rather than per minute, so that the counting window does not end within the test.
@override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_RATE_LIMIT": "2/h"})
def test_more_submissions_than_the_rate_limit_are_a_429(client, page):
    statuses = [post(client, page, body(page), "?locale=en").status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    before = timezone.now()
    response = post(client, page, body(page), "?locale=en")
    after = timezone.now()
    assert response.json()["errors"] == {}
    assert response.json()["detail"] in refusals(response, before, after, "en")
    assert VolunteerInterest.objects.count() == 2


def refusals(response, before, after, language):
    """The messages the 429 ``response`` may carry: its Retry-After from a moment in between."""
    wait = int(response["Retry-After"])
    assert 0 < wait <= 3600
    with translation.override(language):
        return {rate_limit_message(wait, now=before), rate_limit_message(wait, now=after)}


@override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_RATE_LIMIT": "1/h"})
@pytest.mark.parametrize("language", ["de", "en"])
def test_a_429_says_in_retry_after_and_in_its_message_until_when_to_wait(client, page, language):
    post(client, page, body(page), f"?locale={language}")

    before = timezone.now()
    response = post(client, page, body(page), f"?locale={language}")
    after = timezone.now()

    assert response.status_code == 429
    assert response.json()["detail"] in refusals(response, before, after, language)


@override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_RATE_LIMIT": "2/h"})
def test_invalid_submissions_do_not_use_up_the_limit_of_accepted_ones(client, page):
    invalid = [post(client, page, body(page, email="erika@")).status_code for _ in range(5)]
    valid = [post(client, page, body(page)).status_code for _ in range(3)]

    assert invalid == [400] * 5
    assert valid == [201, 201, 429]
    assert VolunteerInterest.objects.count() == 2


@override_settings(
    WAGTAIL_INTEGRATION={"SUBMISSION_RATE_LIMIT": "10/h", "SUBMISSION_ATTEMPT_RATE_LIMIT": "3/h"}
)
def test_a_flood_of_attempts_is_a_429_with_retry_after(client, page):
    invalid = [post(client, page, body(page, email="erika@")).status_code for _ in range(3)]
    response = post(client, page, body(page))

    assert invalid == [400] * 3
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert_nothing_stored()


@override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_RATE_LIMIT": "1/h"})
def test_one_form_at_its_limit_does_not_block_another_form(client, page):
    other = factories.volunteer_form_page(title="Mitmachen im Sportverein")

    statuses = [post(client, page, body(page)).status_code for _ in range(2)]
    response = post(client, other, body(other))

    assert statuses == [201, 429]
    assert response.status_code == 201


# CORS and OpenAPI


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.org"])
@pytest.mark.parametrize(
    "origin, allowed", [("https://portal.example.org", True), ("https://evil.example", False)]
)
def test_a_preflight_from_an_allowed_origin_gets_the_cors_headers_others_do_not(
    client, page, origin, allowed
):
    response = client.options(
        f"{API}/forms/{page.pk}/submissions",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )

    assert response.status_code == 200
    assert (response.get("Access-Control-Allow-Origin") == origin) is allowed
    if allowed:
        assert "content-type" in response["Access-Control-Allow-Headers"]
        assert "POST" in response["Access-Control-Allow-Methods"]


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.org"])
def test_the_submission_from_an_allowed_origin_carries_the_cors_header(client, page):
    response = post(client, page, body(page), HTTP_ORIGIN="https://portal.example.org")

    assert response.status_code == 201
    assert response["Access-Control-Allow-Origin"] == "https://portal.example.org"


def test_the_openapi_document_describes_the_form_endpoints_and_their_answers(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]

    assert "get" in paths[f"{API}/forms"]
    assert "get" in paths[f"{API}/forms/{{id}}"]
    submit = paths[f"{API}/forms/{{id}}/submissions"]
    assert list(submit) == ["post"]
    assert set(submit["post"]["responses"]) == {"201", "400", "404", "413", "415", "429"}
    schema = submit["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["form_token"]


@override_settings(WAGTAIL_INTEGRATION={"SUBMISSION_RATE_LIMIT": "1/h"})
def test_a_token_sent_again_at_the_limit_gets_its_first_answer_and_uses_up_nothing(client, page):
    data = body(page)
    first, again = (post(client, page, data) for _ in range(2))  # a retried request

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert VolunteerInterest.objects.count() == 1
    # The limit counted one submission: a new one is the one too many.
    assert post(client, page, body(page)).status_code == 429

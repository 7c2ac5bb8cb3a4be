"""Bounds and messages of every parameter of the API (api/schemas.py, api/errors.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from wagtail_integration.api.schemas import MAX_ID, MAX_OFFSET

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"
HUGE = 2**63  # one more than SQLite and PostgreSQL can take
WINDOW = "start=2026-01-01&end=2026-02-01"
LISTS = ["organisations", "topics", "series", "forms", "honours", f"occurrences?{WINDOW}"]


def get(client, path, language="de"):
    separator = "&" if "?" in path else "?"
    client.raise_request_exception = False  # a 500 is an answer to assert on here
    return client.get(f"{API}/{path}{separator}locale={language}")


def message(language, text, **values):
    with translation.override(language):
        return gettext(text) % values


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", [HUGE, MAX_OFFSET + 1, -1])
def test_an_offset_out_of_bounds_is_a_400_naming_offset_on_every_list(client, path, offset):
    separator = "&" if "?" in path else "?"
    response = get(client, f"{path}{separator}offset={offset}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["offset"]


@pytest.mark.parametrize("path", LISTS)
def test_the_largest_offset_answers_an_empty_page(client, path):
    separator = "&" if "?" in path else "?"
    response = get(client, f"{path}{separator}offset={MAX_OFFSET}&limit=100")

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "topics/{}"),
        ("get", "series/{}"),
        ("get", "forms/{}"),
        ("post", "forms/{}/submissions"),
    ],
)
@pytest.mark.parametrize("id", [HUGE, 10**30, 0, -1, "abc", MAX_ID])
def test_a_path_id_that_names_no_object_is_a_json_404(client, method, path, id):
    client.raise_request_exception = False
    response = getattr(client, method)(
        f"{API}/{path.format(id)}", content_type="application/json", data={}
    )

    assert response.status_code == 404
    assert response.json() == {"detail": message("de", "Not found."), "errors": {}}


@pytest.mark.parametrize("value", [HUGE, 0, "abc"])
def test_a_series_filter_out_of_bounds_is_a_400_naming_series(client, value):
    response = get(client, f"occurrences?{WINDOW}&series={value}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["series"]


@pytest.mark.parametrize(
    "path, name",
    [
        (f"occurrences?{WINDOW}&topic={HUGE}", "topic"),
        (f"occurrences?{WINDOW}&category={HUGE}", "category"),
        (f"series?topic={HUGE}", "topic"),
        (f"series?category={HUGE}", "category"),
        (f"organisations?topic={HUGE}", "topic"),
        (f"topics?topic={HUGE}", "topic"),
        (f"honours?year={HUGE}", "year"),
    ],
)
def test_a_huge_number_in_a_text_filter_is_a_400_naming_it(client, path, name):
    response = get(client, path)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [name]


def test_the_errors_name_every_faulty_parameter_at_once_unknown_locale_included(client):
    client.raise_request_exception = False
    response = client.get(
        f"{API}/occurrences?{WINDOW}&locale=xx&limit=1000&offset=abc&series=0",
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"locale", "limit", "offset", "series"}


@pytest.mark.parametrize(
    "path, names",
    [
        (
            "series?locale=xx&topic=nope&category=nope&language=zz",
            {"locale", "topic", "category", "language"},
        ),
        ("organisations?locale=xx&topic=nope&kind=nope", {"locale", "topic", "kind"}),
        ("topics?locale=xx&topic=nope", {"locale", "topic"}),
        ("honours?locale=xx&year=abc", {"locale", "year"}),
        ("occurrences?locale=xx&topic=nope", {"locale", "topic", "start", "end"}),
    ],
)
def test_an_unknown_locale_is_named_with_the_other_faulty_filters(client, path, names):
    response = client.get(f"{API}/{path}")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == names


def test_an_unknown_locale_is_named_with_a_faulty_source_of_a_submission(client):
    response = client.post(
        f"{API}/forms/1/submissions?locale=xx&source=nope", content_type="application/json", data={}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"locale", "source"}


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_type_and_range_messages_are_the_apis_own_in_the_requested_language(client, language):
    response = get(client, "series?limit=1000&offset=abc", language=language)

    assert response.json()["errors"] == {
        "limit": [message(language, "Give a number of at most %(le)s.", le=100)],
        "offset": [message(language, "Give a whole number, such as 10.")],
    }
    assert "Input should" not in response.content.decode()

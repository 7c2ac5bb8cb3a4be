"""Bad input in the directory's admin forms is refused with a message naming the field."""

import pytest
from django.contrib.auth import get_user_model

from wagtail_integration.directory.models import Organisation

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/integration_directory/organisation/add/"


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "kind": "advice_centre",
        "name": "Migrationsberatung",
        "description": "",
        "street": "Musterweg 1",
        "postcode": "56068",
        "city": "Koblenz",
        "latitude": "",
        "longitude": "",
        "phone": "+49 261 000-0000",
        "email": "beratung@example.org",
        "website": "https://example.org/",
        "opening_hours_note": "",
        "accessibility_notes": "",
        "opening_hours-TOTAL_FORMS": "1",
        "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-MIN_NUM_FORMS": "0",
        "opening_hours-MAX_NUM_FORMS": "1000",
        "opening_hours-0-weekday": "1",
        "opening_hours-0-opens": "09:00",
        "opening_hours-0-closes": "12:00",
        "opening_hours-0-ORDER": "1",
        "opening_hours-0-id": "",
        "opening_hours-0-DELETE": "",
    }
    for name in ("spoken_languages", "topic_links"):
        data.update(
            {
                f"{name}-TOTAL_FORMS": "0",
                f"{name}-INITIAL_FORMS": "0",
                f"{name}-MIN_NUM_FORMS": "0",
                f"{name}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def test_a_valid_organisation_is_saved(admin_client):
    response = admin_client.post(ADD_URL, form_data())
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.opening_hours.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call us maybe", "Enter a phone number"),
        ("email", "beratung(at)example", "Enter a valid email address."),
        ("website", "example dot org", "Enter a valid URL."),
        ("opening_hours-0-closes", "08:00", "The closing time must be later than the opening"),
        ("opening_hours-0-opens", "25:99", "Enter a valid time."),
        ("latitude", "123", "Ensure this value is less than or equal to 90."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    admin_client, field, value, message
):
    response = admin_client.post(ADD_URL, form_data(**{field: value}), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_message_comes_in_the_editors_language(admin_client):
    response = admin_client.post(ADD_URL, form_data(phone="call us"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Geben Sie eine Telefonnummer" in response.content.decode()

"""The personal-data pages in the admin: export as JSON, erase after confirming, the log."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from tests import factories
from wagtail_integration.submissions.models import DataProtectionLog, Notification, email_digest
from wagtail_integration.volunteering.models import VolunteerInterest, VolunteerNote

pytestmark = pytest.mark.django_db

INDEX = "integration_personal_data:index"
LOG = "integration_personal_data:log"


@pytest.fixture
def coordinator():
    return factories.coordinator()


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def offer():
    offer = factories.volunteer_interest("Erika Beispiel", email="Erika@Example.org")
    VolunteerNote.objects.create(interest=offer, text="Ruft zurück.")
    Notification.objects.create(
        subject=offer, kind="volunteer.confirmation", recipient="erika@example.org", language="de"
    )
    return offer


def test_export_downloads_everything_stored_under_the_address_and_is_logged(
    coordinator_client, coordinator, offer
):
    response = coordinator_client.post(
        reverse(INDEX), {"email": "erika@example.org", "action": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    [row] = data["submissions"]["integration_volunteering.VolunteerInterest"]
    assert row["name"] == "Erika Beispiel"
    assert row["notes"][0]["text"] == "Ruft zurück."
    entry = DataProtectionLog.objects.get()
    assert (entry.action, entry.via, entry.user, entry.count) == ("export", "admin", coordinator, 1)
    assert entry.subject == email_digest("erika@example.org")


def test_erase_first_shows_what_would_go_and_erases_nothing(coordinator_client, offer):
    with translation.override("en"):
        response = coordinator_client.post(
            reverse(INDEX),
            {"email": "erika@example.org", "action": "erase"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Offers of help" in page and "E-mails to this address" in page
    with translation.override("en"):  # the kinds are lazy verbose names, named when read
        preview = dict(response.context["preview"])
        assert preview["Offers of help"] == 1
        assert preview["E-mails to this address"] == 1
    assert 'value="confirm-erase"' in page
    assert VolunteerInterest.objects.exists()
    assert not DataProtectionLog.objects.exists()


def test_confirmed_erasure_deletes_the_data_and_is_logged(coordinator_client, coordinator, offer):
    response = coordinator_client.post(
        reverse(INDEX), {"email": "ERIKA@example.org", "action": "confirm-erase"}
    )
    assert response.status_code == 302
    assert not VolunteerInterest.objects.exists()
    assert not VolunteerNote.objects.exists()
    assert not Notification.objects.exists()
    entry = DataProtectionLog.objects.get()
    assert (entry.action, entry.via, entry.user, entry.count) == ("erase", "admin", coordinator, 1)


def test_an_invalid_address_is_refused_naming_the_field(coordinator_client, offer):
    with translation.override("en"):
        response = coordinator_client.post(
            reverse(INDEX), {"email": "not an address", "action": "export"}
        )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not DataProtectionLog.objects.exists()


def test_the_address_is_asked_for_by_post_so_it_stays_out_of_urls(coordinator_client):
    html = coordinator_client.get(reverse(INDEX)).content.decode()
    assert 'method="post"' in html
    assert 'name="email"' in html


def test_the_log_lists_entries_without_addresses_and_offers_no_editing(
    coordinator_client, coordinator, offer
):
    coordinator_client.post(reverse(INDEX), {"email": "erika@example.org", "action": "export"})
    response = coordinator_client.get(reverse(LOG))
    assert response.status_code == 200
    html = response.content.decode()
    assert email_digest("erika@example.org") in html
    assert "erika@example.org" not in html.lower()
    assert "/edit/" not in html
    response = coordinator_client.get(reverse(LOG) + "?action=erase")
    assert list(response.context["object_list"]) == []


def test_a_user_with_only_the_permission_to_manage_personal_data_may_use_the_pages(client, offer):
    user = get_user_model().objects.create_user("dsb", "dsb@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_personal_data"),
    )
    client.force_login(user)
    assert client.get(reverse(INDEX)).status_code == 200
    assert client.get(reverse(LOG)).status_code == 200
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) in html


def test_a_user_without_the_permission_is_refused_and_nothing_is_exported(client, offer):
    user = get_user_model().objects.create_user("editor", "e@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for response in [
        client.get(reverse(INDEX)),
        client.get(reverse(LOG)),
        client.post(reverse(INDEX), {"email": "erika@example.org", "action": "export"}),
        client.post(reverse(INDEX), {"email": "erika@example.org", "action": "confirm-erase"}),
    ]:
        assert response.status_code in (302, 403)
        assert "Erika" not in response.content.decode()
    assert VolunteerInterest.objects.exists()
    assert not DataProtectionLog.objects.exists()
    assert reverse(INDEX) not in client.get(reverse("wagtailadmin_home")).content.decode()

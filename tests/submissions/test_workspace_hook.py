"""The filter_integration_submissions_for_user hook of submissions/workspace.py: a host site
narrows the submissions a coordinator sees, in the listing, the exports and the inspect view."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail import hooks

from tests import factories
from wagtail_integration.volunteering.models import VolunteerInterest

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(VolunteerInterest.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def only_luetzel():
    """A hook registered as a host site would: only offers from Lützel, for everyone."""

    def only_luetzel(user, queryset):
        assert user.is_authenticated
        return queryset.filter(district="Lützel")

    with hooks.register_temporarily("filter_integration_submissions_for_user", only_luetzel):
        yield


@pytest.fixture
def coordinator_client(client):
    client.force_login(factories.coordinator())
    return client


def test_without_a_hook_a_coordinator_sees_every_offer(coordinator_client):
    factories.volunteer_interest("Anna Lützel", district="Lützel")
    factories.volunteer_interest("Bernd Mitte", district="Mitte")
    html = coordinator_client.get(url("list")).content.decode()
    assert "Anna Lützel" in html
    assert "Bernd Mitte" in html


def test_the_hook_limits_the_listing_the_export_and_the_inspect_view(
    coordinator_client, only_luetzel
):
    shown = factories.volunteer_interest("Anna Lützel", district="Lützel")
    hidden = factories.volunteer_interest("Bernd Mitte", district="Mitte")

    html = coordinator_client.get(url("list")).content.decode()
    assert "Anna Lützel" in html
    assert "Bernd Mitte" not in html

    response = coordinator_client.get(url("list") + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert "Anna Lützel" in cells
    assert "Bernd Mitte" not in cells

    assert coordinator_client.get(url("inspect", shown.pk)).status_code == 200
    assert coordinator_client.get(url("inspect", hidden.pk), follow=True).status_code == 404


def test_the_hook_hides_a_submission_from_its_own_pages(coordinator_client, only_luetzel):
    shown = factories.volunteer_interest("Anna Lützel", district="Lützel")
    hidden = factories.volunteer_interest("Bernd Mitte", district="Mitte")
    for name in ("edit", "delete", "history", "usage"):
        assert coordinator_client.get(url(name, shown.pk), follow=True).status_code == 200, name
        assert coordinator_client.get(url(name, hidden.pk), follow=True).status_code == 404, name
    assert coordinator_client.post(url("delete", hidden.pk), follow=True).status_code == 404
    assert VolunteerInterest.objects.filter(pk=hidden.pk).exists()


def test_the_hook_limits_the_chooser(coordinator_client, only_luetzel):
    shown = factories.volunteer_interest("Anna Lützel", district="Lützel")
    hidden = factories.volunteer_interest("Bernd Mitte", district="Mitte")
    chooser = VolunteerInterest.snippet_viewset.chooser_viewset

    listing = coordinator_client.get(reverse(chooser.get_url_name("choose"))).json()["html"]
    assert f"#{shown.pk}" in listing
    assert f"#{hidden.pk}" not in listing

    chosen = reverse(chooser.get_url_name("chosen"), args=[shown.pk])
    assert coordinator_client.get(chosen, follow=True).status_code == 200
    chosen = reverse(chooser.get_url_name("chosen"), args=[hidden.pk])
    assert coordinator_client.get(chosen, follow=True).status_code == 404
    several = reverse(chooser.get_url_name("chosen_multiple"))
    answer = coordinator_client.get(several, {"id": [shown.pk, hidden.pk]}).json()
    assert [item["id"] for item in answer["result"]] == [str(shown.pk)]


def test_the_hook_limits_the_bulk_actions(coordinator_client, only_luetzel):
    shown = factories.volunteer_interest("Anna Lützel", district="Lützel")
    hidden = factories.volunteer_interest("Bernd Mitte", district="Mitte")
    meta = VolunteerInterest._meta
    bulk = reverse("wagtail_bulk_action", args=[meta.app_label, meta.model_name, "delete"])

    # The page names each chosen offer by its neutral label ("Hilfsangebot #12").
    html = coordinator_client.get(bulk + f"?id={shown.pk}&id={hidden.pk}").content.decode()
    assert f"#{shown.pk}<" in html
    assert f"#{hidden.pk}<" not in html
    coordinator_client.post(bulk + "?id=all")
    assert not VolunteerInterest.objects.filter(pk=shown.pk).exists()
    assert VolunteerInterest.objects.filter(pk=hidden.pk).exists()

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

"""What the volunteering tests share. Not a test module: test modules import it."""

from django.urls import reverse

from wagtail_integration.volunteering.models import VolunteerInterest


def viewset_url(name, *args):
    """The URL of the workspace's view ``name``."""
    return reverse(VolunteerInterest.snippet_viewset.get_url_name(name), args=args)


def bulk_url(action, *offers):
    """The URL of bulk action ``action`` on ``offers``."""
    url = reverse(
        "wagtail_bulk_action", args=["integration_volunteering", "volunteerinterest", action]
    )
    return url + "?" + "&".join(f"id={offer.pk}" for offer in offers)

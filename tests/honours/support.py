"""What the honours tests share. Not a test module: test modules import it."""

from django.urls import reverse

from wagtail_integration.honours.models import Nomination


def url(name, *args):
    """The URL of the jury workspace's view ``name``."""
    return reverse(Nomination.snippet_viewset.get_url_name(name), args=args)

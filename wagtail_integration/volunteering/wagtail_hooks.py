"""Registration of the volunteering app with the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .views import VolunteerInterestViewSet

register_snippet(VolunteerInterestViewSet)

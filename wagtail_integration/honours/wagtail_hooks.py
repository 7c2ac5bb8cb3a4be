"""Registration of the honours app with the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .views import AwardViewSet, NominationViewSet

register_snippet(AwardViewSet)
register_snippet(NominationViewSet)

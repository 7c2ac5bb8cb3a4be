"""Registration of the honours app with the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .jury import NominationViewSet
from .views import AwardViewSet

register_snippet(AwardViewSet)
register_snippet(NominationViewSet)

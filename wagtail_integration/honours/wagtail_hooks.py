"""Registration of the honours app with the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .viewsets import AwardViewSet
from .workspace import NominationViewSet

register_snippet(AwardViewSet)
register_snippet(NominationViewSet)

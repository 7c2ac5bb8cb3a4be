"""Registration of the directory with the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .viewsets import DirectoryViewSetGroup

register_snippet(DirectoryViewSetGroup)

"""Registration of the events domain with the Wagtail admin."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import admin_views
from .viewsets import EventCategoryViewSet

register_snippet(EventCategoryViewSet)
hooks.register("register_admin_urls", admin_views.admin_urls)

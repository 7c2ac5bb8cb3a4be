"""Registration of topics with the Wagtail admin: snippets, the link report, dashboard panels."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import panels, reports
from .viewsets import TopicViewSet

register_snippet(TopicViewSet)

hooks.register("register_admin_urls", reports.admin_urls)
hooks.register("register_reports_menu_item", reports.menu_item)
hooks.register("construct_homepage_panels", panels.add_homepage_panels)

"""Registration of the core with the Wagtail admin: the translation status report and panel."""

from wagtail import hooks

from . import admin_views

hooks.register("register_admin_urls", admin_views.admin_urls)
hooks.register("register_reports_menu_item", admin_views.menu_item)
hooks.register("construct_homepage_panels", admin_views.add_homepage_panels)

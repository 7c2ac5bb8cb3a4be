"""Registration of link checking with the Wagtail admin: the link report, dashboard panels."""

from wagtail import hooks

from . import admin_views, panels

hooks.register("register_admin_urls", admin_views.admin_urls)
hooks.register("register_reports_menu_item", admin_views.menu_item)
hooks.register("construct_homepage_panels", panels.add_homepage_panels)

"""Registration of the registrations app with the Wagtail admin: the coordinators' workspace,
its menu entry, and "Registrations" on the admin pages of a series that takes them."""

from wagtail import hooks

from . import admin_views

hooks.register("register_admin_urls", admin_views.admin_urls)
hooks.register("register_admin_menu_item", admin_views.menu_item)
hooks.register("register_page_header_buttons", admin_views.page_header_buttons)

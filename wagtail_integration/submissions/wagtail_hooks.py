"""Registration with the Wagtail admin: the personal-data pages, the guarded bulk delete."""

from wagtail import hooks

from . import admin_views, workspace

hooks.register("register_admin_urls", admin_views.admin_urls)
hooks.register("register_settings_menu_item", admin_views.menu_item)
# After Wagtail's own delete action (order 0), so that it replaces it for every submission model.
hooks.register("register_bulk_action", workspace.SubmissionDeleteBulkAction, order=100)

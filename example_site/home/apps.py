from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The example city site's own pages."""

    name = "example_site.home"
    label = "home"
    verbose_name = "Example city site"
    default_auto_field = "django.db.models.BigAutoField"

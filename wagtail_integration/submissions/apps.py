from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """The machinery the package's public forms share."""

    name = "wagtail_integration.submissions"
    label = "integration_submissions"
    verbose_name = _("Form submissions")
    default_auto_field = "django.db.models.BigAutoField"

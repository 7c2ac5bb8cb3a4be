from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The example site's search page: pages and organisations in the visitor's language."""

    name = "example_site.search"
    label = "site_search"
    verbose_name = _("Search")

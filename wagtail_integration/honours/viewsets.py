"""The honours in the Wagtail admin: the awards."""

from django.utils.translation import gettext_lazy
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Award

__all__ = ["AwardViewSet"]


class AwardViewSet(SnippetViewSet):
    """The honours the city awards."""

    model = Award
    icon = "pick"
    menu_label = gettext_lazy("Awards")
    list_display = ["name", "first_year"]

"""What the honours pages show, and the jury's workspace in the admin."""

from itertools import groupby

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Award, Nomination

__all__ = ["AwardViewSet", "NominationViewSet", "index_context"]


def index_context(page, request):
    """The recipients of ``page`` by year (newest first), the year filter and the view chosen.

    ``?year=`` shows one year; a year with no recipients is answered with a message, not an
    error page. ``?view=gallery`` shows photos in a grid.
    """
    recipients = list(page.get_recipients())
    years = sorted({recipient.year for recipient in recipients}, reverse=True)
    year = None
    year_error = None
    raw = request.GET.get("year", "").strip()
    if raw:
        if raw.isdigit() and int(raw) in years:
            year = int(raw)
        else:
            year_error = _("There are no recipients for the year “%(year)s”.") % {"year": raw[:8]}
    shown = [recipient for recipient in recipients if year is None or recipient.year == year]
    return {
        "years": years,
        "year": year,
        "year_error": year_error,
        "view": "gallery" if request.GET.get("view") == "gallery" else "list",
        "recipients_by_year": [
            (key, list(group)) for key, group in groupby(shown, lambda r: r.year)
        ],
    }


class AwardViewSet(SnippetViewSet):
    """The honours the city awards."""

    model = Award
    icon = "pick"
    menu_label = gettext_lazy("Awards")


class NominationViewSet(SnippetViewSet):
    """Nominations, for the members of the "Honours jury" group."""

    model = Nomination
    icon = "pick"
    menu_label = gettext_lazy("Nominations")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "nominations"
    list_display = ["nominee_name", "status", "created_at"]
    list_filter = ["status"]

"""What the honours pages show: the recipients by year, one recipient, their structured data."""

from itertools import groupby
from urllib.parse import urljoin

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from .. import schema_org
from ..localization import ContentLocale, is_fallback, localize_many
from .models import Award

__all__ = [
    "GALLERY_PHOTO",
    "PAGE_PHOTO",
    "index_context",
    "photo_rendition",
    "recipient_context",
]

#: The rendition of a photo in the index's gallery: one size, so the cards line up.
GALLERY_PHOTO = "fill-480x360"
#: The rendition of a photo on the recipient's own page (and in the API).
PAGE_PHOTO = "max-800x800"


def photo_rendition(page, spec):
    """The rendition ``spec`` of the page's photo, or None without a photo or its file."""
    if page.photo is None:
        return None
    try:
        return page.photo.get_rendition(spec)
    except (SourceImageIOError, FileNotFoundError):
        # A photo whose file went missing must not break the page: it is left out.
        return None


def _with_renditions(recipients, spec):
    """``recipients`` with the renditions ``spec`` of their photos loaded in one query."""
    rendition_model = get_image_model().get_rendition_model()
    return recipients.prefetch_related(
        Prefetch("photo__renditions", queryset=rendition_model.objects.filter(filter_spec=spec))
    )


def index_context(page, request):
    """The recipients of ``page`` by year (newest first), the year filter and the view chosen.

    ``?year=`` shows one year; a year with no recipients is answered with a message, not an
    error page. ``?view=gallery`` shows photos in a grid. ``json_ld`` is the schema.org
    ``ItemList`` of the recipients shown.
    """
    view = "gallery" if request.GET.get("view") == "gallery" else "list"
    queryset = page.get_recipients()
    if view == "gallery":
        queryset = _with_renditions(queryset, GALLERY_PHOTO)
    recipients = list(queryset)
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
    content_locale = ContentLocale.of(page.locale)
    awards = localize_many(
        [recipient.award for recipient in shown], content_locale, Award.objects.all()
    )
    for recipient, award in zip(shown, awards, strict=True):
        recipient.is_fallback = is_fallback(recipient, content_locale)
        if award is not None:
            recipient.award = award
    if view == "gallery":
        for recipient in shown:
            recipient.gallery_photo = photo_rendition(recipient, GALLERY_PHOTO)
    return {
        "years": years,
        "year": year,
        "year_error": year_error,
        "view": view,
        "recipients_by_year": [
            (key, list(group)) for key, group in groupby(shown, lambda r: r.year)
        ],
        "json_ld": schema_org.json_ld_script(schema_org.honour_list_data(page, shown, request)),
    }


def recipient_context(page, request):
    """The context of a recipient's page: the photo's rendition and the schema.org data."""
    photo = photo_rendition(page, PAGE_PHOTO)
    # The photo on the same host as the page's own URL, as the structured data names it.
    image_url = urljoin(page.get_full_url(request) or "", photo.url) if photo else None
    data = schema_org.honour_recipient_data(page, request, image_url=image_url)
    return {"photo": photo, "json_ld": schema_org.json_ld_script(data)}

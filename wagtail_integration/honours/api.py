"""``GET honours``: the recipients of the city's honours, newest year first.

Only live, public recipient pages; each in the requested language, else in its German source
(``"fallback": true``). A page of the list costs a fixed number of queries whatever its length:
awards, organisations, rich text and photos are loaded for all items at once.
"""

from django.db.models import Min, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from wagtail.images import get_image_model

from ..api.locale import (
    LocaleFilter,
    PageInput,
    TranslatedSchema,
    paginate,
    raise_for_parameters,
    use_locale,
)
from ..api.richtext import absolute_url, render_rich_text
from ..api.schemas import error_responses
from ..directory.models import Organisation
from ..localization import localize_many, localized
from .models import Award, HonourRecipientPage
from .pages import PAGE_PHOTO, photo_rendition

__all__ = ["RecipientOut", "router", "year_error"]

router = Router(tags=["honours"])


class AwardOut(Schema):
    """An award, named in the requested language."""

    id: int
    slug: str = Field(description="Stable name of the award, e.g. `integrationsehrennadel`.")
    name: str


class OrganisationRefOut(Schema):
    """The organisation a recipient belongs to, named in the requested language."""

    id: int = Field(description="The organisation's id, as `GET organisations` gives it.")
    name: str


class PhotoOut(Schema):
    """A recipient's photo, scaled to fit 800 × 800 pixels."""

    url: str = Field(description="Absolute URL of the image.")
    alt: str = Field(description="What the photo shows, for people who cannot see it.")
    credit: str = Field(description="Who took the photo; show it with the photo.")
    width: int
    height: int


class RecipientOut(TranslatedSchema):
    """One recipient of an honour: a person or a group."""

    id: int = Field(description="Page id of this language version.")
    title: str = Field(description="The recipient's name.")
    year: int = Field(description="The year of the award.")
    is_group: bool = Field(description="True for a group or organisation, false for a person.")
    award: AwardOut
    organisation: OrganisationRefOut | None
    laudation: str = Field(description="HTML; links to pages point to the requested language.")
    photo: PhotoOut | None
    url: str | None = Field(description="Absolute URL of the page; null when not routable.")

    @staticmethod
    def resolve_award(obj):
        # Set by prepare_recipients; the stored award otherwise.
        return getattr(obj, "localized_award", obj.award)

    @staticmethod
    def resolve_organisation(obj):
        return getattr(obj, "localized_organisation", obj.organisation)

    @staticmethod
    def resolve_laudation(obj):
        return getattr(obj, "laudation_html", obj.laudation)

    @staticmethod
    def resolve_photo(obj):
        return getattr(obj, "photo_out", None)

    @staticmethod
    def resolve_url(obj, context):
        return obj.get_full_url(context["request"])


class RecipientList(Schema):
    count: int
    items: list[RecipientOut]


class HonourFilters(LocaleFilter):
    year: str | None = Field(
        None,
        max_length=10,
        description=(
            "Only the recipients of this year (four digits). A year in the future or before "
            "the first award is a 400 naming `year`."
        ),
    )


def year_error(value):
    """The message for a ``year`` parameter that cannot be a year of an award, else None."""
    try:
        year = int(value)
    except ValueError:
        return _("“%(value)s” is not a year. Use four digits, such as %(example)s.") % {
            "value": value,
            "example": timezone.localdate().year,
        }
    this_year = timezone.localdate().year
    if year > this_year:
        return _("%(year)s lies in the future. Use %(this_year)s or an earlier year.") % {
            "year": year,
            "this_year": this_year,
        }
    first_year = Award.objects.aggregate(first=Min("first_year"))["first"]
    if first_year is not None and year < first_year:
        return _("The award was first given in %(first)s. Use that year or a later one.") % {
            "first": first_year
        }
    return None


def live_recipients():
    """The recipients the API may show: live and public, any language."""
    return (
        HonourRecipientPage.objects.live().public().select_related("award", "organisation", "photo")
    )


def prepare_recipients(recipients, request, content_locale):
    """Load what ``recipients`` show for all of them at once: a fixed number of queries.

    Awards and organisations in the requested language, the laudations' HTML, the photos'
    renditions (created on first use, as a page does).
    """
    awards = localize_many([r.award for r in recipients], content_locale, Award.objects.all())
    organisations = localize_many(
        [r.organisation for r in recipients], content_locale, Organisation.objects.all()
    )
    laudations = render_rich_text([r.laudation for r in recipients], request)
    rendition_model = get_image_model().get_rendition_model()
    prefetch_related_objects(
        [r.photo for r in recipients if r.photo is not None],
        Prefetch("renditions", queryset=rendition_model.objects.filter(filter_spec=PAGE_PHOTO)),
    )
    for recipient, award, organisation, laudation in zip(
        recipients, awards, organisations, laudations, strict=True
    ):
        recipient.localized_award = award
        recipient.localized_organisation = organisation
        recipient.laudation_html = laudation
        rendition = photo_rendition(recipient, PAGE_PHOTO)
        recipient.photo_out = rendition and {
            "url": absolute_url(request, rendition.url),
            "alt": recipient.photo_alt,
            "credit": recipient.photo_credit,
            "width": rendition.width,
            "height": rendition.height,
        }


@router.get(
    "honours", response={200: RecipientList, **error_responses(400)}, summary="Honour recipients"
)
def honours(request, filters: Query[HonourFilters], pagination: Query[PageInput]):
    """The recipients of the city's honours, newest year first, then by name.

    `year` keeps the recipients of that year; a value that is not a year, a year in the
    future or one before the award was first given is a 400 naming `year`.
    """
    errors = {}
    content_locale = use_locale(request, filters.locale, errors)
    year = None
    if filters.year is not None and filters.year.strip():
        if message := year_error(filters.year.strip()):
            errors["year"] = message
        else:
            year = int(filters.year)
    raise_for_parameters(errors)
    queryset = localized(live_recipients(), content_locale)
    if year is not None:
        queryset = queryset.filter(year=year)
    return paginate(
        request,
        queryset.order_by("-year", "title", "pk"),
        pagination,
        prepare=lambda items: prepare_recipients(items, request, content_locale),
    )

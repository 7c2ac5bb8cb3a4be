"""Filters of the offers of help: status, language, interest, time, place, date, coordinator,
and "assigned to me"."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..languages import language_choices
from ..localization import source_language
from ..submissions.display import language_display
from ..topics.models import Topic
from .admin_forms import coordinator_label, coordinators
from .models import Availability, Status, VolunteerInterest

__all__ = ["VolunteerInterestFilterSet", "interest_choices", "spoken_language_choices"]

#: The value of the "assigned to" filter's choice "me".
MINE = "me"


def interest_choices():
    """The topics as ``(slug, name)``, named in the admin's language, else the site's source
    language, else any.

    Slugs are synchronised between translations, so one slug stands for a topic in every
    language an offer may have come in.
    """
    rank = {translation.get_language(): 0, source_language(): 1}
    names = {}
    for slug, name, language in Topic.objects.order_by("sort_order", "name").values_list(
        "slug", "name", "locale__language_code"
    ):
        best = rank.get(language, 2)
        if slug not in names or best < names[slug][0]:
            names[slug] = (best, name)
    return sorted(
        ((slug, name) for slug, (_rank, name) in names.items()),
        key=lambda item: str(item[1]).casefold(),
    )


def spoken_language_choices():
    """The languages as ``(code, name)``, named in the admin's language where Django knows it."""
    choices = [(code, language_display(code)) for code, _name in language_choices()]
    return sorted(choices, key=lambda item: item[1].casefold())


def _coordinators(request):
    return coordinators()


class CoordinatorFilterField(django_filters.fields.ModelChoiceField):
    """django-filter's choice field (which offers "nobody"), labelled by name."""

    def label_from_instance(self, obj):
        if isinstance(obj, str):  # the "nobody" choice, named among the active filters
            return str(self.null_label) if obj == self.null_value else obj
        return coordinator_label(obj)


class CoordinatorFilter(django_filters.ModelChoiceFilter):
    """A choice of coordinator (or nobody)."""

    field_class = CoordinatorFilterField


class VolunteerInterestFilterSet(WagtailFilterSet):
    """What coordinators narrow the offers of help down by."""

    status = django_filters.MultipleChoiceFilter(
        label=_("status"), choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    language = django_filters.ChoiceFilter(
        label=_("language spoken"),
        choices=spoken_language_choices,
        field_name="languages__code",
        distinct=True,
        empty_label=pgettext_lazy("filter", "All"),
    )
    interest = django_filters.ChoiceFilter(
        label=_("interest"),
        choices=interest_choices,
        field_name="interests__slug",
        distinct=True,
        empty_label=pgettext_lazy("filter", "All"),
    )
    availability = django_filters.MultipleChoiceFilter(
        label=_("available"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_availability",
    )
    district = django_filters.CharFilter(
        label=_("postcode or district"), field_name="district", lookup_expr="icontains"
    )
    received = django_filters.DateFromToRangeFilter(
        label=pgettext_lazy("date", "received"),
        field_name="created_at",
        widget=DateRangePickerWidget,
    )
    mine = django_filters.ChoiceFilter(
        label=_("assigned to"),
        choices=[(MINE, _("me"))],
        method="filter_mine",
        empty_label=pgettext_lazy("filter", "All"),
    )
    assigned_to = CoordinatorFilter(
        label=_("coordinator"),
        queryset=_coordinators,
        null_label=_("nobody"),
        empty_label=pgettext_lazy("filter", "All"),
    )

    class Meta:
        model = VolunteerInterest
        fields = []

    def filter_mine(self, queryset, name, value):
        """The offers assigned to the user looking at them."""
        user = getattr(self.request, "user", None)
        if value != MINE or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(assigned_to=user)

    def filter_availability(self, queryset, name, value):
        """Offers from people available at any of the chosen times."""
        if not value:
            return queryset
        query = Q()
        for choice in value:
            query |= Q(**{f"available_{choice}": True})
        return queryset.filter(query)

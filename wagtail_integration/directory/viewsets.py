"""Admin views of the directory: snippet viewsets with search and filters."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..languages import language_choices
from .models import Organisation, OrganisationKind, Venue

ADDRESS_PANEL = MultiFieldPanel(
    [
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ],
    heading=_("Address"),
)


class OrganisationFilterSet(WagtailFilterSet):
    """Filters of the organisation listing: kind, language spoken, topic."""

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=OrganisationKind.choices)
    language = django_filters.ChoiceFilter(
        label=_("language spoken"),
        choices=language_choices,
        field_name="spoken_languages__code",
        distinct=True,
    )
    interpreter_available = django_filters.BooleanFilter(label=_("interpreter available"))

    class Meta:
        model = Organisation
        fields = ["kind", "language", "interpreter_available"]


class OrganisationViewSet(SnippetViewSet):
    """Organisations in the admin: listed with kind and city, searchable, filterable."""

    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "city", "phone"]
    list_export = ["name", "kind", "street", "postcode", "city", "phone", "email", "website"]
    filterset_class = OrganisationFilterSet
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("kind"),
                    FieldPanel("name"),
                    FieldPanel("description"),
                    InlinePanel("topic_links", label=_("Topics")),
                    FieldPanel("is_sample"),
                ],
                heading=_("Organisation"),
            ),
            ObjectList(
                [
                    ADDRESS_PANEL,
                    FieldPanel("phone"),
                    FieldPanel("email"),
                    FieldPanel("website"),
                    FieldPanel("accessibility_notes"),
                ],
                heading=_("Contact"),
            ),
            ObjectList(
                [
                    InlinePanel("opening_hours", label=_("Opening hours")),
                    FieldPanel("opening_hours_note"),
                    InlinePanel("spoken_languages", label=_("Languages spoken")),
                    FieldPanel("interpreter_available"),
                ],
                heading=_("Opening hours and languages"),
            ),
        ]
    )


class VenueViewSet(SnippetViewSet):
    """Venues in the admin."""

    model = Venue
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "street", "city"]
    panels = [
        FieldPanel("name"),
        ADDRESS_PANEL,
        FieldPanel("accessibility"),
        FieldPanel("directions"),
    ]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    """The directory's menu: organisations and venues."""

    items = (OrganisationViewSet, VenueViewSet)
    menu_icon = "group"
    menu_label = _("Directory")
    menu_name = "integration-directory"

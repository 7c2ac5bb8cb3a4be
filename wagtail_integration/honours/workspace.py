"""The jury's workspace in the Wagtail admin: nominations, their notes, the step to a page.

Built on the shared submission workspace (:mod:`~..submissions.workspace`: guarded chooser and
bulk actions, logged and neutralised exports, notes whose author is the user who wrote them, the
e-mails sent, names kept out of the audit log): filters by status, year and kind of nominee,
search by name, organisation and work, the jury's notes in the export, and "Create recipient
page" (:mod:`.conversion`) in the listing, the editor and the inspect view.
"""

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.widgets import Button

from ..submissions.display import language_display
from ..submissions.workspace import (
    EXPORT_FIRST,
    EXPORT_HEADINGS,
    EXPORT_LAST,
    INSPECT_LAST,
    SubmissionAdminForm,
    SubmissionEditView,
    SubmissionIndexView,
    SubmissionInspectView,
    SubmissionViewSet,
)
from .conversion import CreateRecipientPageView
from .models import Nomination, NominationStatus

__all__ = ["NominationFilterSet", "NominationViewSet"]


def received_years(request=None):
    """The years nominations came in, newest first, as filter choices."""
    return [
        (moment.year, str(moment.year))
        for moment in Nomination.objects.datetimes("created_at", "year", order="DESC")
    ]


class NominationFilterSet(WagtailFilterSet):
    """What the jury narrows the nominations down by: status, year received, person or group."""

    status = django_filters.MultipleChoiceFilter(
        label=_("status"), choices=NominationStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    year = django_filters.ChoiceFilter(
        label=_("year received"),
        choices=received_years,
        field_name="created_at",
        lookup_expr="year",
        empty_label=pgettext_lazy("filter", "All"),
    )
    nominee = django_filters.ChoiceFilter(
        label=_("nominee"),
        choices=[("person", _("a person")), ("group", _("a group or organisation"))],
        method="filter_nominee",
        empty_label=pgettext_lazy("filter", "All"),
    )

    class Meta:
        model = Nomination
        fields = []

    def filter_nominee(self, queryset, name, value):
        """Nominations of persons or of groups."""
        if value in ("person", "group"):
            return queryset.filter(nominee_is_group=value == "group")
        return queryset


def conversion_url(nomination, user):
    """The URL of "Create recipient page" for ``nomination``, if ``user`` may use it now."""
    viewset = Nomination.snippet_viewset
    if nomination.can_create_recipient_page() and viewset.permission_policy.user_has_permission(
        user, "change"
    ):
        return reverse(viewset.get_url_name("create_recipient_page"), args=[nomination.pk])
    return None


class IndexView(SubmissionIndexView):
    """The nominations, with the notes and the recipient page fetched at once."""

    select_related = ["privacy_notice", "recipient_page"]
    prefetch_related = ["notes__author"]
    export_values = {
        **SubmissionIndexView.export_values,
        "language": lambda nomination: language_display(nomination.language),
        "recipient_page": lambda nomination: (
            nomination.recipient_page.title if nomination.recipient_page else ""
        ),
    }

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if url := conversion_url(instance, self.request.user):
            buttons.append(
                Button(_("Create recipient page"), url=url, icon_name="doc-empty", priority=15)
            )
        return buttons


class EditView(SubmissionEditView):
    """A nomination, its status and the jury's notes; "Create recipient page" when it may."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if url := conversion_url(self.object, self.request.user):
            buttons.append(
                Button(_("Create recipient page"), url=url, icon_name="doc-empty", priority=5)
            )
        return buttons


class InspectView(SubmissionInspectView):
    """Everything about a nomination: nominee, nominator, consent, status, notes, e-mails."""

    select_related = ["privacy_notice", "page", "recipient_page"]
    outbox_details = False
    notification_kinds = {
        "nomination.jury": _("new nomination, to the jury"),
        "nomination.confirmation": _("confirmation to the nominator"),
    }

    def get_language_display_value(self):
        return language_display(self.object.language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conversion_url"] = conversion_url(self.object, self.request.user)
        page = self.object.recipient_page
        if page is not None:
            context["recipient_page_url"] = reverse("wagtailadmin_pages:edit", args=[page.pk])
        return context


class NominationViewSet(SubmissionViewSet):
    """Nominations, for the members of the "Honours jury" group."""

    model = Nomination
    icon = "pick"
    menu_label = _("Nominations")
    menu_order = 260
    url_prefix = "nominations"

    index_view_class = IndexView
    edit_view_class = EditView
    inspect_view_class = InspectView
    inspect_template_name = "integration_honours/admin/inspect.html"

    list_display = [
        "nominee_name",
        BooleanColumn("nominee_is_group", label=_("group")),
        # The label of the status, not its value: Wagtail 7.0 shows a choice field's raw value.
        Column("status", label=_("status"), accessor="get_status_display", sort_key="status"),
        DateColumn("created_at", label=pgettext_lazy("date", "received"), sort_key="created_at"),
    ]
    filterset_class = NominationFilterSet
    search_fields = ["nominee_name", "nominee_organisation", "nominee_work", "nominator_name"]

    list_export = [
        *EXPORT_FIRST,
        "get_status_display",
        "nominee_name",
        "nominee_is_group",
        "nominee_organisation",
        "nominee_work",
        "reason",
        "nominator_name",
        "email",
        "nominator_phone",
        "notes",
        "recipient_page",
        *EXPORT_LAST,
    ]
    export_headings = {
        **EXPORT_HEADINGS,
        "get_status_display": _("status"),
        "nominee_name": _("nominee"),
        "nominee_is_group": _("a group or organisation"),
        "nominee_organisation": _("organisation of the nominee"),
        "nominee_work": _("their work"),
        "reason": _("reason for the nomination"),
        "nominator_name": _("nominated by"),
        "email": _("e-mail"),
        "nominator_phone": _("phone"),
        "notes": _("jury notes"),
        "recipient_page": _("recipient page"),
    }
    export_filename = "nominations"

    inspect_view_fields = [
        "nominee_name",
        "nominee_is_group",
        "nominee_organisation",
        "nominee_work",
        "reason",
        "nominator_name",
        "email",
        "nominator_phone",
        "status",
        "status_changed_at",
        "recipient_page",
        *INSPECT_LAST,
    ]

    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            InlinePanel("notes", label=_("jury notes"), panels=[FieldPanel("text")]),
            MultiFieldPanel(
                [
                    FieldPanel("nominee_name"),
                    FieldPanel("nominee_is_group"),
                    FieldPanel("nominee_organisation"),
                    FieldPanel("nominee_work"),
                    FieldPanel("reason"),
                ],
                heading=_("Nominee"),
            ),
            MultiFieldPanel(
                [FieldPanel("nominator_name"), FieldPanel("email"), FieldPanel("nominator_phone")],
                heading=_("Nominated by"),
            ),
            FieldPanel("delete_after"),
        ],
        base_form_class=SubmissionAdminForm,
    )

    @property
    def create_recipient_page_view(self):
        """The view turning a nomination into a draft recipient page."""
        return self.construct_view(CreateRecipientPageView, edit_url_name=self.get_url_name("edit"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "create-page/<str:pk>/",
                self.create_recipient_page_view,
                name="create_recipient_page",
            )
        ]

"""The coordinators' workspace: offers of help in the Wagtail admin.

Built on the shared submission workspace (:mod:`~..submissions.workspace`: guarded chooser and
bulk actions, logged and neutralised exports, notes, the e-mails sent, names kept out of the
audit log): filters, search by name, address, district and message, the offer's languages,
interests and availability in the listing, the export and the inspect view, and an edit form for
the follow-up and the person's data.

Languages and interests are named in the coordinator's admin language, whatever language the
offer came in: an interest is a topic of the submitter's locale, shown by the name of its
translation in the admin language (else the site's source language).
"""

from django import forms
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, DateColumn

from ..localization import source_language
from ..submissions.display import language_display
from ..submissions.related import related_records
from ..submissions.workspace import (
    EXPORT_FIRST,
    EXPORT_HEADINGS,
    EXPORT_LAST,
    INSPECT_LAST,
    SubmissionIndexView,
    SubmissionInspectView,
    SubmissionViewSet,
)
from ..topics.models import Topic
from .admin_forms import VolunteerInterestAdminForm, coordinator_label
from .filters import VolunteerInterestFilterSet
from .mail import Kind
from .models import VolunteerInterest

__all__ = ["VolunteerInterestViewSet", "interests_prefetch"]


def languages_text(interest):
    """The languages an offering person speaks, with levels, named in the active language."""
    return ", ".join(
        f"{language_display(language.code)} ({language.get_level_display()})"
        for language in interest.languages.all()
    )


def interests_prefetch():
    """The offers' interests, each with ``admin_name``: its name in the active language, else in
    the site's source language, else its own (one query for all offers)."""

    def name_in(language):
        return Subquery(
            Topic.objects.filter(
                translation_key=OuterRef("translation_key"), locale__language_code=language
            ).values("name")[:1]
        )

    names = Topic.objects.annotate(
        admin_name=Coalesce(
            name_in(translation.get_language()), name_in(source_language()), F("name")
        )
    )
    return Prefetch("interests", queryset=names)


def interests_text(interest):
    """The areas of interest, by name in the active language where it is known."""
    return ", ".join(
        getattr(topic, "admin_name", None) or topic.name for topic in interest.interests.all()
    )


def availability_text(interest):
    """When the person has time: the ticked times."""
    return ", ".join(str(choice.label) for choice in interest.availability)


def coordinator_text(interest):
    """The assigned coordinator's name, or nothing."""
    return coordinator_label(interest.assigned_to) if interest.assigned_to else ""


class IndexView(SubmissionIndexView):
    """The offers, with coordinator, languages and interests fetched at once."""

    select_related = ["assigned_to", "privacy_notice"]
    export_values = {
        **SubmissionIndexView.export_values,
        "language": lambda interest: language_display(interest.language),
        "languages": languages_text,
        "interests": interests_text,
        "availability": availability_text,
        "assigned_to": coordinator_text,
    }

    @property
    def prefetch_related(self):
        """Languages, interests named in the active language; for an export the notes too."""
        notes = ["notes__author"] if getattr(self, "is_export", False) else []
        return ["languages", interests_prefetch(), *notes]


class InspectView(SubmissionInspectView):
    """Everything about an offer: the person's data, consent, follow-up, notes and e-mails."""

    select_related = ["assigned_to", "privacy_notice", "page"]
    notification_kinds = {
        Kind.COORDINATOR: _("new offer, to the coordinators"),
        Kind.CONFIRMATION: _("confirmation to the person"),
        Kind.INVITATION: _("invitation to the Stammtisch"),
    }
    labels = {
        "languages": _("languages spoken"),
        "interests": _("interests"),
        "availability": _("available"),
    }

    @property
    def prefetch_related(self):
        """Languages, and interests named in the active language."""
        return ["languages", interests_prefetch()]

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return capfirst(self.labels[field_name])
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "-" if value is None or value == "" else value

    def get_language_display_value(self):
        return language_display(self.object.language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The trainings this person registered for, from the registrations app (matched by
        # e-mail address; only what this user may see).
        context["related_records"] = related_records(self.object.email, self.request.user)
        return context

    def get_languages_display_value(self):
        return languages_text(self.object) or "-"

    def get_interests_display_value(self):
        return interests_text(self.object) or "-"

    def get_availability_display_value(self):
        return availability_text(self.object) or "-"

    def get_assigned_to_display_value(self):
        return coordinator_text(self.object) or "-"

    def get_invitations_display_value(self):
        return gettext("yes") if self.object.invitations else gettext("no")


class VolunteerInterestViewSet(SubmissionViewSet):
    """Offers of help, for the members of the "Volunteer coordination" group."""

    model = VolunteerInterest
    icon = "group"
    menu_label = _("Offers of help")
    menu_order = 250
    url_prefix = "volunteers"
    heading_field = "name"

    index_view_class = IndexView
    inspect_view_class = InspectView
    inspect_template_name = "integration_volunteering/admin/inspect.html"

    list_display = [
        "name",
        # The label of the status, not its value: Wagtail 7.0 shows a choice field's raw value.
        Column(
            "status", label=capfirst(_("status")), accessor="get_status_display", sort_key="status"
        ),
        Column("languages", label=capfirst(_("languages")), accessor=languages_text),
        Column("interests", label=capfirst(_("interests")), accessor=interests_text),
        "district",
        Column(
            "assigned_to",
            label=capfirst(_("coordinator")),
            accessor=coordinator_text,
            sort_key="assigned_to__username",
        ),
        DateColumn(
            "created_at", label=capfirst(pgettext_lazy("date", "received")), sort_key="created_at"
        ),
    ]
    filterset_class = VolunteerInterestFilterSet
    search_fields = ["name", "email", "district", "message"]

    list_export = [
        *EXPORT_FIRST,
        "name",
        "email",
        "phone",
        "get_contact_channel_display",
        "district",
        "languages",
        "interests",
        "availability",
        "availability_note",
        "experience",
        "message",
        "invitations",
        "get_status_display",
        "assigned_to",
        "notes",
        *EXPORT_LAST,
    ]
    export_headings = {
        **EXPORT_HEADINGS,
        "name": _("name"),
        "email": _("e-mail"),
        "phone": _("phone"),
        "get_contact_channel_display": _("preferred contact"),
        "district": _("postcode or district"),
        "languages": _("languages spoken"),
        "interests": _("interests"),
        "availability": _("available"),
        "availability_note": _("availability, in own words"),
        "experience": _("experience"),
        "message": _("message"),
        "invitations": _("invitations to the Stammtisch"),
        "get_status_display": _("status"),
        "assigned_to": _("coordinator"),
        "notes": _("notes"),
    }
    export_filename = "offers-of-help"

    inspect_view_fields = [
        "name",
        "email",
        "phone",
        "contact_channel",
        "district",
        "languages",
        "interests",
        "availability",
        "availability_note",
        "experience",
        "message",
        "invitations",
        "status",
        "assigned_to",
        "status_changed_at",
        "contacted_at",
        "matched_at",
        "activated_at",
        *INSPECT_LAST,
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("assigned_to")]),
                    InlinePanel("notes", label=_("notes"), panels=[FieldPanel("text")]),
                    FieldPanel("delete_after"),
                ],
                heading=_("Follow-up"),
            ),
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("contact_channel"),
                    FieldPanel("district"),
                    InlinePanel(
                        "languages",
                        label=_("languages spoken"),
                        panels=[FieldPanel("code"), FieldPanel("level")],
                    ),
                    FieldPanel("interests", widget=forms.CheckboxSelectMultiple),
                    MultiFieldPanel(
                        [
                            FieldPanel("available_weekdays"),
                            FieldPanel("available_evenings"),
                            FieldPanel("available_weekends"),
                            FieldPanel("availability_note"),
                        ],
                        heading=_("Availability"),
                    ),
                    FieldPanel("experience"),
                    FieldPanel("message"),
                    FieldPanel("invitations"),
                ],
                heading=_("Person"),
            ),
        ],
        base_form_class=VolunteerInterestAdminForm,
    )

"""Stammtisch invitations in the admin: the coordinators' view of the coming evenings, and
sending, after a look at the recipients and the mail in each of their languages."""

from django import forms
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from ..conf import get_setting
from ..languages import language_name
from .invitations import (
    already_sent,
    coming_evenings,
    invitation_context,
    preview,
    recipients,
    recipients_digest,
    send_invitations,
)
from .models import StammtischInvitation, VolunteerInterest

__all__ = [
    "InvitationsView",
    "SendInvitationsView",
    "admin_urls",
    "menu_item",
]

#: Who may see and send invitations: those who may change offers of help (the coordinators).
permission_policy = ModelPermissionPolicy(VolunteerInterest)


class InvitationsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The next evening of each Stammtisch series, how many volunteers would be invited, and
    whether they were."""

    permission_policy = permission_policy
    permission_required = "change"
    page_title = _("Stammtisch invitations")
    header_icon = "mail"
    template_name = "integration_volunteering/admin/invitations.html"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("integration_volunteering_invitations:index"),
                "label": self.page_title,
            },
        ]

    def evening(self, occurrence):
        """What the page shows of one coming evening, in the coordinator's language."""
        send_url = reverse("integration_volunteering_invitations:send")
        return {
            "occurrence": occurrence,
            "details": invitation_context(occurrence, translation.get_language()),
            "record": already_sent(occurrence),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[occurrence.series_id]),
            "send_url": f"{send_url}?{urlencode({'series': occurrence.series_id})}",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evenings = [self.evening(occurrence) for occurrence in coming_evenings()]
        context.update(
            evenings=[evening for evening in evenings if evening["details"] is not None],
            category=get_setting("STAMMTISCH_CATEGORY"),
            days_before=get_setting("STAMMTISCH_INVITATION_DAYS_BEFORE"),
            recipient_count=recipients().count(),
        )
        return context


class SendForm(forms.Form):
    """What the coordinator confirmed: the evening, which must still be its series' next one when
    sent, and the recipients they were shown, who must not have changed since."""

    series = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.DateTimeField(widget=forms.HiddenInput)
    recipients = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def for_occurrence(cls, occurrence, people):
        """The form confirming ``occurrence`` for ``people``."""
        return cls(
            initial={
                "series": occurrence.series_id,
                "start": occurrence.start.isoformat(),
                "recipients": recipients_digest(people),
            }
        )

    def names(self, occurrence):
        """Whether the confirmed evening is ``occurrence``."""
        data = self.cleaned_data
        return data["series"] == occurrence.series_id and data["start"] == occurrence.start


def _chosen_evening(series_id):
    """The coming evening of the series ``series_id``; without one chosen, the only evening
    coming (None when there are several to choose from, or none)."""
    evenings = coming_evenings()
    if series_id in (None, ""):
        return evenings[0] if len(evenings) == 1 else None
    return next((item for item in evenings if str(item.series_id) == str(series_id)), None)


class SendInvitationsView(InvitationsView):
    """Shows the recipients and the mail in each of their languages and asks to confirm, then
    sends the invitations to the chosen series' next evening (POST)."""

    template_name = "integration_volunteering/admin/invitations_confirm.html"

    def get_page_subtitle(self):
        return gettext("Send")

    def get(self, request, *args, **kwargs):
        index = redirect("integration_volunteering_invitations:index")
        occurrence = _chosen_evening(request.GET.get("series"))
        if occurrence is None:
            return index
        evening = self.evening(occurrence)
        people = list(recipients())
        if not people or evening["details"] is None or evening["record"] is not None:
            return index
        context = self.get_context_data(**kwargs)
        context.update(
            evening,
            people=[(person, language_name(person.language)) for person in people],
            recipient_count=len(people),
            previews=preview(occurrence, people),
            form=SendForm.for_occurrence(occurrence, people),
            send_url=reverse("integration_volunteering_invitations:send"),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        index = redirect("integration_volunteering_invitations:index")
        form = SendForm(request.POST)
        occurrence = _chosen_evening(form.cleaned_data["series"]) if form.is_valid() else None
        if occurrence is None or not form.names(occurrence):
            messages.error(
                request,
                gettext(
                    "The next Stammtisch has changed since you opened the page. Check the date "
                    "below and send again."
                ),
            )
            return index
        if already_sent(occurrence) is None and form.cleaned_data[
            "recipients"
        ] != recipients_digest(recipients()):
            messages.error(
                request,
                gettext(
                    "The volunteers to invite have changed since you opened the page. Check "
                    "the list and send again."
                ),
            )
            return index
        count = send_invitations(
            occurrence.pk, user=request.user, via=StammtischInvitation.Via.ADMIN
        )
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation is being sent.",
                    "%(count)s invitations are being sent.",
                    count,
                )
                % {"count": count},
            )
        elif already_sent(occurrence) is not None:
            messages.warning(
                request, gettext("The invitations to this Stammtisch were already sent.")
            )
        else:
            messages.warning(
                request,
                gettext("Nobody was invited: no active volunteer has asked for invitations."),
            )
        return index


class InvitationsMenuItem(MenuItem):
    """The admin menu entry, for the coordinators only."""

    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "change")


def menu_item():
    """The admin menu entry beside "Offers of help" (for the ``register_admin_menu_item`` hook)."""
    return InvitationsMenuItem(
        _("Stammtisch invitations"),
        reverse("integration_volunteering_invitations:index"),
        name="integration-stammtisch-invitations",
        icon_name="mail",
        order=251,
    )


def admin_urls():
    """The admin URLs of the invitations (for the ``register_admin_urls`` hook)."""
    patterns = [
        path("", InvitationsView.as_view(), name="index"),
        path("send/", SendInvitationsView.as_view(), name="send"),
    ]
    return [
        path(
            "integration/stammtisch-invitations/",
            include((patterns, "integration_volunteering_invitations")),
        )
    ]

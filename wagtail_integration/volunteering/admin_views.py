"""Stammtisch invitations in the admin: the coordinators' view of the next one, and sending."""

from django import forms
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from ..conf import get_setting
from .invitations import (
    already_sent,
    invitation_context,
    next_stammtisch,
    recipients,
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
    """The next Stammtisch, how many volunteers would be invited, and whether they were."""

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        occurrence = next_stammtisch()
        context.update(
            occurrence=occurrence,
            category=get_setting("STAMMTISCH_CATEGORY"),
            days_before=get_setting("STAMMTISCH_INVITATION_DAYS_BEFORE"),
            recipient_count=recipients().count(),
            details=None,
            record=None,
        )
        if occurrence is not None:
            context["details"] = invitation_context(occurrence, translation.get_language())
            context["record"] = already_sent(occurrence)
            context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[occurrence.series_id])
            context["send_url"] = reverse("integration_volunteering_invitations:send")
            context["form"] = SendForm.for_occurrence(occurrence)
        return context


class SendForm(forms.Form):
    """Which evening the coordinator confirmed: it must still be the next one when sent."""

    series = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.DateTimeField(widget=forms.HiddenInput)

    @classmethod
    def for_occurrence(cls, occurrence):
        """The form confirming ``occurrence``."""
        return cls(initial={"series": occurrence.series_id, "start": occurrence.start.isoformat()})

    def names(self, occurrence):
        """Whether the confirmed evening is ``occurrence``."""
        data = self.cleaned_data
        return data["series"] == occurrence.series_id and data["start"] == occurrence.start


class SendInvitationsView(InvitationsView):
    """Asks to confirm, then sends the invitations to the next Stammtisch (POST)."""

    template_name = "integration_volunteering/admin/invitations_confirm.html"

    def get_page_subtitle(self):
        return gettext("Send")

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        nothing_to_send = not context["recipient_count"] or context["record"] is not None
        if context["occurrence"] is None or nothing_to_send:
            return redirect("integration_volunteering_invitations:index")
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        index = redirect("integration_volunteering_invitations:index")
        occurrence = next_stammtisch()
        form = SendForm(request.POST)
        if occurrence is None or not form.is_valid() or not form.names(occurrence):
            messages.error(
                request,
                gettext(
                    "The next Stammtisch has changed since you opened the page. Check the date "
                    "below and send again."
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

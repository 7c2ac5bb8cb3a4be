"""A person's data in the Wagtail admin: access, erasure and the data-protection log.

For users with ``integration_submissions.manage_personal_data``: enter an e-mail address, then
download everything stored under it as JSON, or see what would be erased and confirm. The address
travels only in POST bodies, never in a URL that servers and browsers keep.

The workspaces of the submission models themselves (listing, chooser, bulk actions, edit and
inspect views) build on :mod:`.workspace`.
"""

import json

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from .display import export_subject_display
from .models import DataProtectionLog, Notification
from .personal_data import erase_personal_data, export_personal_data, find_submissions

__all__ = [
    "MANAGE_PERSONAL_DATA",
    "DataProtectionLogView",
    "PersonalDataView",
    "admin_urls",
    "erasure_preview",
    "menu_item",
    "user_can_manage_personal_data",
]

MANAGE_PERSONAL_DATA = "integration_submissions.manage_personal_data"
URL_NAMESPACE = "integration_personal_data"


def user_can_manage_personal_data(user):
    """Whether ``user`` may export and erase a person's data and read the log."""
    return user.is_active and user.has_perm(MANAGE_PERSONAL_DATA)


class PersonalDataPermissionMixin:
    """Refuse users without the permission to manage personal data."""

    def dispatch(self, request, *args, **kwargs):
        if not user_can_manage_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def erasure_preview(email):
    """``[(what, count)]``: the submissions per kind, and the e-mails to ``email``."""
    rows = [
        (capfirst(model._meta.verbose_name_plural), queryset.count())
        for model, queryset in find_submissions(email)
    ]
    rows.append(
        (
            capfirst(gettext("e-mails to this address")),
            Notification.objects.filter(recipient__iexact=email.strip()).count(),
        )
    )
    return rows


class EmailForm(forms.Form):
    """The address whose data is asked for."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address the person used in a form. Upper and lower case do not matter."),
    )


class PersonalDataView(PersonalDataPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Export (JSON download) or erase everything stored under an e-mail address."""

    template_name = "integration_submissions/admin/personal_data.html"
    confirm_template_name = "integration_submissions/admin/personal_data_confirm_erase.html"
    page_title = _("Personal data")
    header_icon = "user"
    form_class = EmailForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["log_url"] = reverse(f"{URL_NAMESPACE}:log")
        return context

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        action = self.request.POST.get("action")
        if action == "export":
            return self.export(email)
        if action == "erase":
            return self.confirm_erasure(email)
        if action == "confirm-erase":
            return self.erase(email)
        form.add_error(None, gettext("Choose “Export” or “Erase”."))
        return self.form_invalid(form)

    def export(self, email):
        """The JSON file of everything stored under ``email``; the export is logged."""
        data = export_personal_data(email, via="admin", user=self.request.user)
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
        add_never_cache_headers(response)
        return response

    def confirm_erasure(self, email):
        """What an erasure would delete, and the button to confirm it."""
        context = self.get_context_data(email=email, preview=erasure_preview(email))
        context["nothing_stored"] = not any(count for _what, count in context["preview"])
        return TemplateResponse(self.request, self.confirm_template_name, context)

    def erase(self, email):
        """Erase, log, and say how many submissions went."""
        count = erase_personal_data(email, via="admin", user=self.request.user)
        messages.success(
            self.request,
            ngettext(
                "%(count)d submission erased, with every e-mail to the address.",
                "%(count)d submissions erased, with every e-mail to the address.",
                count,
            )
            % {"count": count},
        )
        return redirect(f"{URL_NAMESPACE}:index")


class DataProtectionLogFilterSet(WagtailFilterSet):
    """Filters of the log: what was done, and when."""

    action = django_filters.ChoiceFilter(
        label=_("action"),
        choices=DataProtectionLog.Action.choices,
        empty_label=pgettext_lazy("filter", "All"),
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("time"), widget=DateRangePickerWidget)

    class Meta:
        model = DataProtectionLog
        fields = []


#: Where a log entry's action was started, in words, by the value stored in ``via``.
VIA = {
    "admin": pgettext_lazy("via", "admin"),
    "command": pgettext_lazy("via", "management command"),
    "job": pgettext_lazy("via", "scheduled job"),
}


def _via(entry):
    return VIA.get(entry.via, entry.via)


def _subject(entry):
    # An export is stored as "app_label.Model (format)", in no language: named when shown.
    return export_subject_display(entry.subject) or "-"


def _user_name(entry):
    if entry.user is None:
        return "-"
    return entry.user.get_full_name() or entry.user.get_username()


class DataProtectionLogView(PersonalDataPermissionMixin, ReportView):
    """Every export, erasure and purge, the newest first; read only."""

    model = DataProtectionLog
    page_title = _("Data protection log")
    header_icon = "history"
    index_url_name = f"{URL_NAMESPACE}:log"
    index_results_url_name = f"{URL_NAMESPACE}:log_results"
    filterset_class = DataProtectionLogFilterSet
    # The permission is checked by PersonalDataPermissionMixin, not by a model policy.
    permission_policy = None
    default_ordering = "-created_at"
    columns = [
        Column(
            "created_at",
            label=_("time"),
            accessor=lambda entry: date_format(
                timezone.localtime(entry.created_at), "SHORT_DATETIME_FORMAT"
            ),
            sort_key="created_at",
        ),
        Column("action", label=_("action"), accessor="get_action_display"),
        Column("user", label=_("user"), accessor=_user_name),
        Column("via", label=_("via"), accessor=_via),
        Column("subject", label=_("subject"), accessor=_subject),
        Column("count", label=_("records")),
    ]

    def get_base_queryset(self):
        return DataProtectionLog.objects.select_related("user")


class PersonalDataMenuItem(MenuItem):
    """The Settings menu entry, for those who may manage personal data."""

    def is_shown(self, request):
        return user_can_manage_personal_data(request.user)


def menu_item():
    """The Settings menu entry (for the ``register_settings_menu_item`` hook)."""
    return PersonalDataMenuItem(
        _("Personal data"),
        reverse(f"{URL_NAMESPACE}:index"),
        name="integration-personal-data",
        icon_name="user",
        order=900,
    )


def admin_urls():
    """The admin URLs (for the ``register_admin_urls`` hook)."""
    patterns = [
        path("", PersonalDataView.as_view(), name="index"),
        path("log/", DataProtectionLogView.as_view(), name="log"),
        path("log/results/", DataProtectionLogView.as_view(results_only=True), name="log_results"),
    ]
    return [path("integration/personal-data/", include((patterns, URL_NAMESPACE)))]

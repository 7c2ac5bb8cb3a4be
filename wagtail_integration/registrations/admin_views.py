"""The coordinators' workspace in the Wagtail admin: the dates registered for, who registered for
one date (or course) with its export, and what coordinators do there.

Who may do what is in :mod:`.workspace`. Every change is a POST under Django's CSRF check and
goes through :mod:`.seats`, which decides seats in one locked transaction, as for the public
form: a seat a coordinator frees goes to the first on the waiting list, who is told.
"""

from collections import OrderedDict

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets import Button, HeaderButton

from ..events.models import EventSeriesPage, Occurrence
from ..events.models import Registration as Kind
from ..events.models import RegistrationScope as Scope
from ..events.occurrences import source_series
from ..spreadsheet import ReadableCellsMixin
from ..submissions.intake import accept
from ..submissions.models import Source
from ..submissions.spreadsheet import LoggedSafeExportMixin, file_name
from . import seats
from .admin_forms import AdminRegistrationForm, DatesFilterForm
from .models import Registration, RegistrationStatus
from .workspace import (
    ACTIONS,
    act,
    heading,
    may_add_registrations,
    may_change_registrations,
    may_see_registrants,
    overview,
    permission_policy,
    registrants,
    registration_series,
    spoken_languages_text,
    visible_registration,
    when_text,
)

__all__ = [
    "AddRegistrationView",
    "DatesView",
    "RegistrantsView",
    "RegistrationActionView",
    "admin_urls",
    "menu_item",
    "page_header_buttons",
]

URL_NAMESPACE = "integration_registrations_admin"


def _url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def registrants_url(series_id, occurrence_id=None):
    """The page of the registrants of a date, or of a course (``occurrence_id`` None)."""
    return _url("date", occurrence_id) if occurrence_id else _url("course", series_id)


def series_url(series_id):
    """The overview narrowed to one series: its dates, with the seats taken."""
    return f"{_url('index')}?{urlencode({'series': series_id})}"


class RegistrantsRequiredMixin:
    """Refuse a user who may not see registrants, and for a view that changes them a user
    without :attr:`permission_required` ("add" or "change" of registrations).

    PermissionDenied, which Wagtail's admin answers as it answers every refusal: back to the
    dashboard with "Sorry, you do not have permission…", and a 403 to a script.
    """

    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not may_see_registrants(user) or (
            self.permission_required
            and not permission_policy.user_has_permission(user, self.permission_required)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WorkspaceMixin(RegistrantsRequiredMixin, WagtailAdminTemplateMixin):
    """The workspace's page furniture: title, icon, breadcrumbs back to the overview."""

    page_title = _("Registrations")
    header_icon = "calendar-check"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": _url("index"), "label": self.page_title}]


class DatesView(WorkspaceMixin, TemplateView):
    """The dates registered for, those to come first, each with its seats taken and its waiting
    list; a course is one line. Narrowed to one series (the link on a series' admin page)."""

    template_name = "integration_registrations/admin/dates.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        all_series = list(registration_series())
        form = DatesFilterForm(self.request.GET, series=all_series)
        form.is_valid()  # each valid filter narrows; an invalid one is shown with its error
        chosen = form.cleaned_data.get("series")
        shown = [page for page in all_series if chosen in (None, page.pk)]
        rows = overview(shown, form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to"))
        paginator = Paginator(rows, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("p"))
        now = timezone.now()
        for row in page.object_list:
            row.when = when_text(row.series, row.start)
            row.past = row.is_over(now)
        series = shown[0] if chosen is not None and shown else None
        if series is not None:
            context["breadcrumbs_items"] = [
                *context["breadcrumbs_items"],
                {"url": "", "label": series.title},
            ]
        context.update(
            form=form,
            rows=page.object_list,
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            series=series,
            series_edit_url=reverse("wagtailadmin_pages:edit", args=[series.pk]) if series else "",
        )
        return context


class RegistrantsView(
    ReadableCellsMixin, LoggedSafeExportMixin, SpreadsheetExportMixin, WorkspaceMixin, TemplateView
):
    """Who registered for one date (or course): those with a seat, the waiting list in its
    order, and those who cancelled, with what a coordinator may do to each.

    ``?export=csv`` or ``xlsx`` downloads the attendance list (those with a seat, then the
    waiting list): cells neutralised, the download logged.
    """

    template_name = "integration_registrations/admin/registrants.html"
    model = Registration
    list_export = ["name", "email", "phone", "languages", "accessibility", "status", "attendance"]
    export_headings = {
        "name": _("name"),
        "email": _("e-mail"),
        "phone": _("phone"),
        "languages": _("languages spoken"),
        "accessibility": _("accessibility needs"),
        "status": _("status"),
        "attendance": _("attendance"),
    }
    export_filename = "attendance-list"

    def get(self, request, *args, occurrence_id=None, series_id=None, **kwargs):
        if occurrence_id is not None:
            occurrence = get_object_or_404(
                Occurrence.objects.select_related("series"), pk=occurrence_id
            )
            if occurrence.series.registration_scope == Scope.SERIES:
                return redirect(registrants_url(occurrence.series_id))
            self.series, self.occurrence = occurrence.series, occurrence
            self.start = occurrence.start
        else:
            self.series = source_series(get_object_or_404(EventSeriesPage, pk=series_id))
            self.occurrence = None
            self.start = seats.Target(self.series).starts_at
        if self.is_export:
            attending = registrants(request.user, self.series, self.occurrence).exclude(
                status=RegistrationStatus.CANCELLED
            )
            return self.as_spreadsheet(attending, request.GET["export"])
        return super().get(request, *args, **kwargs)

    @cached_property
    def when(self):
        """The date (or the course's first date) in words, in the admin's language."""
        return when_text(self.series, self.start)

    def get_page_subtitle(self):
        return heading(self.series, self.occurrence, self.start)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_subtitle()}]

    @cached_property
    def header_buttons(self):
        if self.series.registration != Kind.FORM or not may_add_registrations(self.request.user):
            return []
        if self.occurrence is None:
            url = _url("add_course", self.series.pk)
        else:
            url = _url("add", self.occurrence.pk)
        return [HeaderButton(gettext("Add a person"), url=url, icon_name="plus")]

    def get_filename(self):
        """``teilnahmeliste-neu-im-ehrenamt-2027-03-02``: list, series and day."""
        name = file_name(gettext("attendance list"), self.export_filename)
        day = f"-{self.start.astimezone(self.series.zone):%Y-%m-%d}" if self.start else ""
        return f"{name}-{slugify(self.series.slug) or self.series.pk}{day}"

    def to_row_dict(self, entry):
        computed = {
            "languages": spoken_languages_text(entry),
            "status": entry.get_status_display(),
            "attendance": entry.get_attendance_display(),
        }
        return OrderedDict(
            (field, computed.get(field, getattr(entry, field))) for field in self.list_export
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = list(registrants(self.request.user, self.series, self.occurrence))
        for entry in entries:
            entry.spoken = spoken_languages_text(entry)
        by_status = {status: [] for status in RegistrationStatus.values}
        for entry in entries:
            by_status[entry.status].append(entry)
        context.update(
            series=self.series,
            occurrence=self.occurrence,
            when=self.when,
            confirmed=by_status[RegistrationStatus.CONFIRMED],
            waiting=by_status[RegistrationStatus.WAITING],
            cancelled=by_status[RegistrationStatus.CANCELLED],
            seats=self.series.registration_seats,
            begun=self.start is not None and self.start <= timezone.now(),
            can_change=may_change_registrations(self.request.user),
            series_url=series_url(self.series.pk),
            series_edit_url=reverse("wagtailadmin_pages:edit", args=[self.series.pk]),
            takes_registrations=self.series.registration == Kind.FORM,
        )
        return context


class RegistrationActionView(RegistrantsRequiredMixin, View):
    """One coordinator's action on one registration (POST only; :data:`.workspace.ACTIONS`),
    said in a message, then back to its date."""

    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, pk, action):
        entry = visible_registration(request.user, pk)
        if entry is None or action not in ACTIONS:
            raise Http404
        for level, text in act(entry, action):
            getattr(messages, level)(request, text)
        return redirect(registrants_url(entry.series_id, entry.occurrence_id))


class AddRegistrationView(WorkspaceMixin, FormView):
    """A registration taken by phone: a seat or the waiting list, as for anyone, and the
    confirmation by e-mail through the outbox."""

    permission_required = "add"
    template_name = "integration_registrations/admin/add.html"
    form_class = AdminRegistrationForm

    def resolve(self, occurrence_id=None, series_id=None):
        """The target registered for, and where to go back to; None with the reason when the
        series takes no registrations (any more)."""
        occurrence = series = None
        if occurrence_id is not None:
            occurrence = get_object_or_404(
                Occurrence.objects.select_related("series"), pk=occurrence_id
            )
            series = occurrence.series
        else:
            series = get_object_or_404(EventSeriesPage, pk=series_id)
        self.back_url = registrants_url(series.pk, occurrence_id)
        try:
            self.target = seats.target_for(occurrence=occurrence, series=series)
        except seats.Refused as refused:
            messages.error(self.request, refused.message)
            return redirect(self.back_url)
        self.start = self.target.starts_at
        return None

    def get(self, request, *args, **kwargs):
        return self.resolve(**kwargs) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.resolve(**kwargs) or super().post(request, *args, **kwargs)

    def get_page_subtitle(self):
        return gettext("Add a person")

    def get_breadcrumbs_items(self):
        target = self.target
        return [
            *super().get_breadcrumbs_items(),
            {"url": self.back_url, "label": heading(target.series, target.occurrence, self.start)},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.target}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            seats.check_open(self.target)
        except seats.Refused as refused:
            context["closed"] = refused.message
        context.update(
            series=self.target.series,
            when=when_text(self.target.series, self.start),
            back_url=self.back_url,
        )
        return context

    def form_valid(self, form):
        try:
            entry = accept(
                form,
                page=self.target.series,
                source=Source.ADMIN,
                language=form.cleaned_data["language"],
                added_by=self.request.user,
            )
        except seats.Refused as refused:
            form.add_error("email" if refused.code == "duplicate" else None, refused.message)
            return self.form_invalid(form)
        if entry.status == RegistrationStatus.CONFIRMED:
            message = gettext("%(name)s is registered, has a seat and gets the confirmation.")
        else:
            message = gettext(
                "All seats are taken: %(name)s is on the waiting list and is told so by e-mail."
            )
        messages.success(self.request, message % {"name": entry.name})
        return redirect(self.back_url)


class RegistrationsMenuItem(MenuItem):
    """The admin menu entry, for those who may see registrants."""

    def is_shown(self, request):
        return may_see_registrants(request.user)


def menu_item():
    """The admin menu entry after the offers of help (for ``register_admin_menu_item``)."""
    return RegistrationsMenuItem(
        _("Registrations"),
        _url("index"),
        name="integration-registrations",
        icon_name="calendar-check",
        order=252,
    )


def page_header_buttons(page, user, view_name, next_url=None):
    """ "Registrations" on the admin pages of a series that takes them (for
    ``register_page_header_buttons``): its dates with the seats taken, in the workspace."""
    if not issubclass(page.specific_class or type(page), EventSeriesPage):
        return []
    if not may_see_registrants(user):
        return []
    series = source_series(page.specific)
    if series.registration != Kind.FORM:
        return []
    return [
        Button(
            _("Registrations"), url=series_url(series.pk), icon_name="calendar-check", priority=40
        )
    ]


def admin_urls():
    """The workspace's admin URLs (for the ``register_admin_urls`` hook)."""
    patterns = [
        path("", DatesView.as_view(), name="index"),
        path("date/<int:occurrence_id>/", RegistrantsView.as_view(), name="date"),
        path("date/<int:occurrence_id>/add/", AddRegistrationView.as_view(), name="add"),
        path("course/<int:series_id>/", RegistrantsView.as_view(), name="course"),
        path("course/<int:series_id>/add/", AddRegistrationView.as_view(), name="add_course"),
        path("<int:pk>/<slug:action>/", RegistrationActionView.as_view(), name="action"),
    ]
    return [path("integration/registrations/", include((patterns, URL_NAMESPACE)))]

"""The admin workspace of a submission model: what the coordinators' and the jury's share.

A domain registers its submission model as a snippet with a subclass of
:class:`SubmissionViewSet` (``volunteering/workspace.py``, ``honours/workspace.py``) and gets:

- a chooser that refuses users who may not see the submissions
  (:class:`SubmissionChooserViewSet`): Wagtail's snippet chooser lists any snippet to anyone
  who may use the admin;
- bulk actions that refuse a user without the permission before any chosen object is listed
  (:class:`SubmissionBulkActionMixin`): Wagtail checks per object, after naming them all.
  :class:`SubmissionDeleteBulkAction`, registered once in this app's ``wagtail_hooks.py`` after
  Wagtail's own, replaces Wagtail's bulk delete for every submission snippet;
- an edit form that marks a submission entered in the admin, makes the current user the
  author of each new note, names each note's author and time, and lets only its author change
  or delete a note, for ``SUBMISSION_NOTE_EDIT_MINUTES`` (:class:`SubmissionAdminForm`, in
  :mod:`.admin_forms`): the notes are the submission's history;
- a listing whose CSV and XLSX exports are readable (local times, yes and no, headings in the
  admin's language), neutralised and logged (:class:`SubmissionIndexView`), and an inspect view
  with the notes and the e-mails sent, every time in the same time zone and every e-mail named
  by what it is (:class:`SubmissionInspectView`, template
  ``integration_submissions/admin/inspect.html``, which a domain's template extends);
- search by plain database filtering, so that personal data stays out of Wagtail's search index.

Names stay out of Wagtail's audit log
-------------------------------------
Wagtail labels every log entry with ``str()`` of the object at that moment. The labels are
shown in the site history and in each object's history, and they outlive an erasure of the
submission. Every submission model therefore has a neutral ``__str__`` ("Offer of help #12"),
so that no log entry can hold a name, whoever writes it: our views, Wagtail's, a bulk action, a
hook added later. Relabelling the entries after each save was the other way; it catches only
the views that remember to do it, and the name is stored until it runs. Where someone allowed
to see the submission needs the name, in the headings and messages of its own admin pages,
:attr:`SubmissionViewSet.heading_field` names the field to show there.
"""

import datetime
from collections import OrderedDict

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property, classproperty
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.coreutils import multigetattr
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as snippet_views

from ..spreadsheet import ReadableCellsMixin
from .admin_forms import SubmissionAdminForm
from .display import local_datetime, notes_text
from .models import AbstractSubmission, Notification
from .spreadsheet import LoggedSafeExportMixin, file_name

__all__ = [
    "EXPORT_FIRST",
    "EXPORT_HEADINGS",
    "EXPORT_LAST",
    "INSPECT_LAST",
    "SubmissionAdminForm",
    "SubmissionBulkActionMixin",
    "SubmissionChooserViewSet",
    "SubmissionDeleteBulkAction",
    "SubmissionEditView",
    "SubmissionIndexView",
    "SubmissionInspectView",
    "SubmissionViewSet",
    "filter_submissions_for_user",
    "may_see_submissions",
    "submission_heading",
]

#: The Wagtail hook that narrows the submissions a user sees (as
#: ``filter_form_submissions_for_user`` does in ``wagtail.contrib.forms``).
FILTER_HOOK = "filter_integration_submissions_for_user"

#: Any of these on a submission model lets a user see its submissions.
SEE_PERMISSIONS = ["add", "change", "delete", "view"]

#: Export columns every submission has: these first, the domain's own, then :data:`EXPORT_LAST`.
EXPORT_FIRST = ["reference", "created_at"]
EXPORT_LAST = ["language", "get_source_display", "privacy_notice", "consented_at", "delete_after"]
#: The headings of those columns.
EXPORT_HEADINGS = {
    "reference": _("reference"),
    "created_at": pgettext_lazy("date", "received"),
    "language": _("language"),
    "get_source_display": _("source"),
    "privacy_notice": _("privacy notice agreed to"),
    "consented_at": _("consent given"),
    "delete_after": _("delete after"),
}
#: What the inspect view shows of every submission, after the domain's own fields.
INSPECT_LAST = [
    "created_at",
    "language",
    "source",
    "page",
    "privacy_notice",
    "consented_at",
    "delete_after",
    "anonymised_at",
    "reference",
]


def _policy(model):
    return model.snippet_viewset.permission_policy


def may_see_submissions(user, model):
    """Whether ``user`` may see the submissions of ``model`` (holds any permission on it)."""
    return _policy(model).user_has_any_permission(user, SEE_PERMISSIONS)


def filter_submissions_for_user(user, queryset):
    """``queryset`` of submissions narrowed by every ``filter_integration_submissions_for_user``
    hook: each is called as ``fn(user, queryset)`` and returns the queryset ``user`` may see.

    A host site registers one to give each coordinator only, say, the offers of their district
    (``queryset.model`` says whose submissions they are). Every view of the workspace goes
    through it: the listing and its exports, a submission's own pages (inspect, edit, delete,
    history, usage), the chooser and the bulk actions.
    """
    for fn in hooks.get_hooks(FILTER_HOOK):
        queryset = fn(user, queryset)
    return queryset


def visible_pks(user, model, pks):
    """Which of ``pks`` (submissions of ``model``) ``user`` may see, as a set."""
    queryset = model._default_manager.filter(pk__in=pks)
    return set(filter_submissions_for_user(user, queryset).values_list("pk", flat=True))


class VisibleSubmissionMixin:
    """For a submission's own pages: a submission the hooks hide from the user is not found."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if (
            obj is not None
            and obj.pk is not None
            and hooks.get_hooks(FILTER_HOOK)
            and not visible_pks(self.request.user, type(obj), [obj.pk])
        ):
            raise Http404
        return obj


def submission_heading(submission):
    """How a submission is named on its own admin pages: by its viewset's ``heading_field``,
    else (not set, or erased) by its neutral ``str()``. Never for a log entry."""
    field = type(submission).snippet_viewset.heading_field
    return (getattr(submission, field) if field else "") or str(submission)


def privacy_notice_id(submission):
    """The short identifier of the privacy notice the person agreed to, or nothing."""
    return submission.privacy_notice.short_id if submission.privacy_notice else ""


# -- the chooser ------------------------------------------------------------------------------


class SeeSubmissionsRequiredMixin:
    """For chooser views: refuse users who may not see the model's submissions, and offer only
    the submissions the hooks let them see."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_submissions(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return filter_submissions_for_user(self.request.user, super().get_object_list())

    def get_object(self, pk):
        obj = super().get_object(pk)
        if not visible_pks(self.request.user, self.model_class, [obj.pk]):
            raise self.model_class.DoesNotExist
        return obj

    def get_objects(self, pks):
        return filter_submissions_for_user(self.request.user, super().get_objects(pks))


def _guarded(view_class):
    return type(view_class.__name__, (SeeSubmissionsRequiredMixin, view_class), {})


class SubmissionChooserViewSet(chooser.SnippetChooserViewSet):
    """Wagtail's snippet chooser, only for users who may see the submissions it lists."""

    choose_view_class = _guarded(chooser.ChooseView)
    choose_results_view_class = _guarded(chooser.ChooseResultsView)
    chosen_view_class = _guarded(chooser.SnippetChosenView)
    chosen_multiple_view_class = _guarded(chooser.SnippetChosenMultipleView)
    create_view_class = _guarded(chooser.SnippetCreateView)


# -- bulk actions -----------------------------------------------------------------------------


class SubmissionBulkActionMixin:
    """For snippet bulk actions: refuse the whole action unless the user holds
    :attr:`permission` on the model, before any chosen object is shown.

    Each chosen object comes to the template with its ``heading`` (:func:`submission_heading`).
    """

    permission = "change"

    def dispatch(self, request, *args, **kwargs):
        if not _policy(self.model).user_has_permission(request.user, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return _policy(self.model).user_has_permission_for_instance(
            self.request.user, self.permission, obj
        )

    def object_context(self, obj):
        return {**super().object_context(obj), "heading": submission_heading(obj)}

    def get_all_objects_in_listing_query(self, parent_id):
        queryset = filter_submissions_for_user(self.request.user, self.model._default_manager.all())
        return queryset.values_list("pk", flat=True)

    def get_actionable_objects(self):
        # A submission the hooks hide is left out, not named among those without access.
        objects, extra = super().get_actionable_objects()
        if hooks.get_hooks(FILTER_HOOK):
            visible = visible_pks(self.request.user, self.model, [obj.pk for obj in objects])
            objects = [obj for obj in objects if obj.pk in visible]
        return objects, extra


class SubmissionDeleteBulkAction(SubmissionBulkActionMixin, DeleteBulkAction):
    """Wagtail's bulk delete, refused outright to users who may not delete the submissions.

    It serves every submission model registered as a snippet; registered after Wagtail's own
    action of the same name, it replaces that one for them.
    """

    permission = "delete"

    @classproperty
    def models(cls):
        # Read when Wagtail first looks for bulk actions, once every snippet is registered.
        return [model for model in get_snippet_models() if issubclass(model, AbstractSubmission)]


# -- the views --------------------------------------------------------------------------------


class SubmissionHeadingMixin:
    """For a submission's own pages: heading, breadcrumbs and messages name it by
    :func:`submission_heading`."""

    @cached_property
    def object_heading(self):
        """The submission's heading, kept from before a deletion."""
        return submission_heading(self.object)

    def get_page_subtitle(self):
        if getattr(self, "object", None) is None or self.object.pk is None:
            return super().get_page_subtitle()
        return self.object_heading

    def get_success_message(self, instance=None):
        if self.success_message is None:
            return None
        heading = self.object_heading if instance is None else submission_heading(instance)
        return capfirst(
            self.success_message
            % {"model_name": capfirst(self.model._meta.verbose_name), "object": heading}
        )


class SubmissionIndexView(ReadableCellsMixin, LoggedSafeExportMixin, snippet_views.IndexView):
    """The listing, with related rows fetched at once; exports readable, neutralised and logged.

    Set :attr:`select_related` and :attr:`prefetch_related` to what the columns read, and add a
    domain's computed export columns to :attr:`export_values`.
    """

    select_related = ["privacy_notice"]
    prefetch_related = []
    #: Export columns computed from a submission, by name; any other is read as an attribute.
    export_values = {"privacy_notice": privacy_notice_id, "notes": notes_text}

    def get_base_queryset(self):
        # The listing and its CSV/XLSX exports both read this queryset.
        queryset = (
            super()
            .get_base_queryset()
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )
        return filter_submissions_for_user(self.request.user, queryset)

    def get_filename(self):
        """The file's name in the admin language with the day: ``hilfsangebote-2026-12-07``.

        Wagtail's ``export_filename`` stays the name where a letter of the language's words has
        no Latin form (Cyrillic, Arabic, Turkish "ı"), which a file name would lose.
        """
        name = file_name(self.model._meta.verbose_name_plural, super().get_filename())
        return f"{name}-{timezone.localdate():%Y-%m-%d}"

    def to_row_dict(self, item):
        return OrderedDict(
            (
                field,
                self.export_values[field](item)
                if field in self.export_values
                else multigetattr(item, field),
            )
            for field in self.list_export
        )


class SubmissionCreateView(SubmissionHeadingMixin, snippet_views.CreateView):
    """A submission entered in the admin."""


class SubmissionEditView(VisibleSubmissionMixin, SubmissionHeadingMixin, snippet_views.EditView):
    """A submission's follow-up and data."""


class SubmissionDeleteView(
    VisibleSubmissionMixin, SubmissionHeadingMixin, snippet_views.DeleteView
):
    """Deleting a submission; the message names it as the page did."""

    def delete_action(self):
        self.object_heading  # noqa: B018  (named while the row, and its number, exist)
        super().delete_action()


class SubmissionHistoryView(
    VisibleSubmissionMixin, SubmissionHeadingMixin, snippet_views.HistoryView
):
    """The history of a submission; its entries carry the neutral label."""


class SubmissionUsageView(VisibleSubmissionMixin, SubmissionHeadingMixin, snippet_views.UsageView):
    """Where a submission is referred to."""


class SubmissionInspectView(SubmissionHeadingMixin, snippet_views.InspectView):
    """Everything about a submission, the notes on it and the e-mails sent about it.

    Every time is shown in the current time zone (Wagtail's inspect template formats a time
    without converting it, so a received time would otherwise show in UTC beside notes and
    e-mails in local time); every e-mail by what it is (:attr:`notification_kinds`).
    """

    select_related = ["privacy_notice", "page"]
    prefetch_related = []
    #: Whether the table of e-mails shows attempts, creation time and the last error.
    outbox_details = True
    #: What each kind of e-mail is, in words, by its ``Notification.kind``; a kind not named
    #: here is shown as stored.
    notification_kinds = {}

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return local_datetime(value)
        return value

    def get_object(self, queryset=None):
        queryset = self.model.objects.select_related(*self.select_related).prefetch_related(
            *self.prefetch_related
        )
        queryset = filter_submissions_for_user(self.request.user, queryset)
        return get_object_or_404(queryset, pk=unquote(str(self.pk)))

    def get_privacy_notice_display_value(self):
        return privacy_notice_id(self.object) or "-"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notes"] = self.object.notes.select_related("author")
        notifications = list(
            Notification.objects.for_object(self.object).order_by("created_at", "pk")
        )
        for notification in notifications:
            notification.kind_display = capfirst(
                self.notification_kinds.get(notification.kind, notification.kind)
            )
        context["notifications"] = notifications
        context["outbox_details"] = self.outbox_details
        return context


class SubmissionViewSet(snippet_views.SnippetViewSet):
    """The workspace of a submission model, for the group that holds its permissions.

    Subclasses set the model, menu, columns, filters, export and edit handler as for any
    ``SnippetViewSet``, and :attr:`heading_field`.
    """

    #: The field that names a submission on its own pages (edit, inspect, delete, history) for
    #: those who may see it; ``None`` keeps the neutral ``str()`` there too.
    heading_field = None

    index_view_class = SubmissionIndexView
    add_view_class = SubmissionCreateView
    edit_view_class = SubmissionEditView
    delete_view_class = SubmissionDeleteView
    history_view_class = SubmissionHistoryView
    usage_view_class = SubmissionUsageView
    inspect_view_class = SubmissionInspectView
    chooser_viewset_class = SubmissionChooserViewSet
    inspect_view_enabled = True
    inspect_template_name = "integration_submissions/admin/inspect.html"
    copy_view_enabled = False
    add_to_admin_menu = True

    list_per_page = 50
    ordering = ["-created_at"]
    # Plain database filtering: personal data stays out of Wagtail's search index tables.
    search_backend_name = None

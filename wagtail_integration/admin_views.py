"""The "Translation status" report in Wagtail's Reports menu, and its dashboard panel.

Who sees it: a user of the admin who may add, change or publish pages sees every page; a user
who may add or change a kind of translatable snippet (topics, organisations …) sees those
snippets. Someone who may do neither gets no menu entry and no panel, and is sent from the
report to the dashboard with Wagtail's message on missing permission.
Its rows come from :func:`wagtail_integration.translation_status.translation_statuses`.
"""

from urllib.parse import urlencode

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from .spreadsheet import SafeCellsMixin
from .translation_status import (
    Status,
    content_languages,
    status_counts,
    translatable_snippet_models,
    translation_statuses,
)

__all__ = [
    "TranslationStatusFilterSet",
    "TranslationStatusPanel",
    "TranslationStatusReportView",
    "add_homepage_panels",
    "admin_urls",
    "menu_item",
    "reported_kinds",
    "user_can_see_translation_status",
]

#: Page permissions that let a user see the pages in the report.
PAGE_PERMISSIONS = ["add", "change", "publish"]
#: Snippet permissions that let a user see the snippets of a kind in the report.
SNIPPET_PERMISSIONS = ["add", "change"]
#: What the report's addresses are named by: ``reverse(f"{URL_NAMESPACE}:index")``.
URL_NAMESPACE = "wagtail_integration_translation_status"


def reported_kinds(user):
    """What ``user`` may see in the report: ``(pages: bool, snippet models: list)``."""
    pages = page_permission_policy.user_has_any_permission(user, PAGE_PERMISSIONS)
    snippets = [
        model
        for model in translatable_snippet_models()
        if model.snippet_viewset.permission_policy.user_has_any_permission(
            user, SNIPPET_PERMISSIONS
        )
    ]
    return pages, snippets


def user_can_see_translation_status(user):
    """Whether ``user`` edits pages or translatable snippets, and so sees the report."""
    pages, snippets = reported_kinds(user)
    return bool(pages or snippets)


def statuses_for(user):
    """The report's rows for ``user``: the kinds of object they may edit."""
    pages, snippets = reported_kinds(user)
    return translation_statuses(pages=pages, snippet_models=snippets)


def report_url(**filters):
    """The report's address, filtered by ``filters`` (``status``, ``language``, ``kind``)."""
    url = reverse(f"{URL_NAMESPACE}:index")
    return f"{url}?{urlencode(filters)}" if filters else url


class Rows(list):
    """The report's rows: a list, with the ``model`` attribute django-filter reads of a queryset."""

    model = None


class TranslationStatusFilterSet(WagtailFilterSet):
    """Filters of the report, applied to its rows (a list, not a queryset)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_rows"
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=content_languages, method="filter_rows"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=[], method="filter_rows")

    #: The attribute of a row each filter compares with its value.
    row_attributes = {"status": "status", "language": "language_code", "kind": "kind_key"}

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = list(kinds)

    def filter_rows(self, rows, name, value):
        attribute = self.row_attributes[name]
        return Rows(row for row in rows if getattr(row, attribute) == value)

    def filter_queryset(self, queryset):
        # django-filter insists on a QuerySet after each filter; the rows are a list.
        for name, value in self.form.cleaned_data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset


class TitleColumn(Column):
    """The object's title in its source language, linked to its edit view."""

    cell_template_name = "wagtail_integration/admin/translation_status_title_cell.html"


class LanguageColumn(Column):
    """The language's own name, marked up in that language."""

    cell_template_name = "wagtail_integration/admin/translation_status_language_cell.html"


class StatusColumn(Column):
    """The status in words (never by colour alone), with how many texts are translated."""

    cell_template_name = "wagtail_integration/admin/translation_status_status_cell.html"


class ActionsColumn(Column):
    """What to do next: open the translation, translate, or synchronise."""

    cell_template_name = "wagtail_integration/admin/translation_status_actions_cell.html"


#: Rows sort by these (the columns' ``sort_key``); status sorts most urgent first.
SORT_KEYS = {
    "title": lambda row: (row.title.lower(), row.language_code),
    "kind": lambda row: (row.kind.lower(), row.title.lower(), row.language_code),
    "language": lambda row: (row.language_name.lower(), row.kind.lower(), row.title.lower()),
    "status": lambda row: (list(Status).index(row.status), row.kind.lower(), row.title.lower()),
}


class TranslationStatusReportView(SafeCellsMixin, ReportView):
    """Each page and snippet × each content language with its translation status; export."""

    page_title = _("Translation status")
    header_icon = "globe"
    verbose_name = _("translation")
    verbose_name_plural = _("translations")
    index_url_name = f"{URL_NAMESPACE}:index"
    index_results_url_name = f"{URL_NAMESPACE}:results"
    filterset_class = TranslationStatusFilterSet
    context_object_name = "rows"
    columns = [
        TitleColumn("title", label=_("Title"), sort_key="title"),
        Column("kind", label=_("Kind"), sort_key="kind"),
        LanguageColumn("language_name", label=_("Language"), sort_key="language"),
        StatusColumn("status_label", label=_("Status"), sort_key="status"),
        DateColumn("synchronised_at", label=_("Last synchronised")),
        ActionsColumn("actions", label=_("Actions")),
    ]
    export_filename = "translation-status"
    list_export = [
        "kind",
        "title",
        "language_code",
        "language_name",
        "status_label",
        "segments",
        "translated",
        "machine",
        "translation_live",
        "synchronised_at",
        "translated_at",
    ]
    export_headings = {
        "kind": _("Kind"),
        "title": _("Title"),
        "language_code": _("Language code"),
        "language_name": _("Language"),
        "status_label": _("Status"),
        "segments": _("Texts"),
        "translated": _("Texts translated"),
        "machine": _("Texts machine-translated"),
        "translation_live": _("Translation published"),
        "synchronised_at": _("Last synchronised"),
        "translated_at": _("Translation last saved"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not user_can_see_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def rows(self):
        return Rows(statuses_for(self.request.user))

    def get_base_queryset(self):
        return Rows(self.rows)

    def get_filterset_kwargs(self):
        kinds = {row.kind_key: row.kind for row in self.rows}
        return {
            **super().get_filterset_kwargs(),
            "queryset": self.rows,
            "kinds": sorted(kinds.items(), key=lambda item: item[1].lower()),
        }

    def get_valid_orderings(self):
        return [*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)]

    def order_queryset(self, queryset):
        if not self.ordering:
            return queryset
        key = self.ordering.removeprefix("-")
        return Rows(sorted(queryset, key=SORT_KEYS[key], reverse=self.ordering.startswith("-")))

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "caption": self.get_page_title()}

    def stream_csv(self, queryset):
        # The response streams after the view returned and Wagtail restored the site's
        # language: the headings and statuses are written in the user's admin language.
        language = translation.get_language()
        rows = super().stream_csv(queryset)

        def in_language():
            with translation.override(language):
                yield from rows

        return in_language()

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:
            return object_list
        user = self.request.user
        finder = AdminURLFinder(user)
        can_submit = user.has_perm("wagtail_localize.submit_translation")
        for row in object_list:
            row.edit_url = finder.get_edit_url(row.object)
            row.translation_url = (
                finder.get_edit_url(row.translation) if row.translation is not None else None
            )
            row.translate_url = (
                submit_translation_url(row.object)
                if can_submit and row.status == Status.MISSING
                else None
            )
            row.synchronise_url = (
                reverse("wagtail_localize:update_translations", args=[row.source.pk])
                if can_submit and row.status == Status.OUTDATED and row.source is not None
                else None
            )
        return object_list


def submit_translation_url(obj):
    """wagtail-localize's view that sends ``obj`` for translation."""
    if isinstance(obj, Page):
        return reverse("wagtail_localize:submit_page_translation", args=[obj.pk])
    meta = obj._meta
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[meta.app_label, meta.model_name, quote(obj.pk)],
    )


class TranslationStatusMenuItem(MenuItem):
    """The report's entry in the Reports menu, for users who edit pages or snippets."""

    def is_shown(self, request):
        return user_can_see_translation_status(request.user)


def menu_item():
    """The Reports menu entry (for the ``register_reports_menu_item`` hook)."""
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse(f"{URL_NAMESPACE}:index"),
        name="integration-translation-status",
        icon_name="globe",
        order=1310,
    )


def admin_urls():
    """The report's admin URLs (for the ``register_admin_urls`` hook)."""
    patterns = [
        path("", TranslationStatusReportView.as_view(), name="index"),
        path("results/", TranslationStatusReportView.as_view(results_only=True), name="results"),
    ]
    return [path("integration/reports/translations/", include((patterns, URL_NAMESPACE)))]


class TranslationStatusPanel(Component):
    """How many objects are in each status, per language; each number links to those rows."""

    name = "integration_translation_status"
    template_name = "wagtail_integration/admin/translation_status_panel.html"
    order = 170

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        counts = status_counts(self.rows)
        languages = [
            {
                "code": code,
                "name": name,
                "cells": [
                    {
                        "status": status,
                        "count": counts.get(code, {}).get(status, 0),
                        "url": report_url(language=code, status=status.value),
                    }
                    for status in Status
                ],
            }
            for code, name in content_languages()
            if code in counts
        ]
        return {
            "statuses": list(Status),
            "languages": languages,
            "report_url": report_url(),
        }


def add_homepage_panels(request, panels):
    """Add the panel for users who see the report (for ``construct_homepage_panels``)."""
    if not user_can_see_translation_status(request.user):
        return
    rows = statuses_for(request.user)
    if rows:
        panels.append(TranslationStatusPanel(rows))

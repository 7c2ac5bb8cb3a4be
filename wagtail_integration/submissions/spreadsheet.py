"""Spreadsheet exports of submissions: cells that cannot run as formulas (the core's
:mod:`wagtail_integration.spreadsheet`), and a log entry each.

Wagtail's ``SpreadsheetExportMixin`` writes CSV and XLSX; the mixin here plugs into it, so any
admin listing of submissions (offers of help, nominations) exports the same safe way.
"""

from django.utils.text import slugify

from ..spreadsheet import FORMULA_PREFIXES, SafeCellsMixin, neutralise_cell
from .models import DataProtectionLog

__all__ = ["FORMULA_PREFIXES", "LoggedSafeExportMixin", "file_name", "neutralise_cell"]


def file_name(label, fallback):
    """``label`` (words in the admin language) as a file name: "Hilfsangebote" as
    ``hilfsangebote``; ``fallback`` where a letter of it has no Latin form (Cyrillic, Arabic,
    Turkish "ı"), which the file name would lose."""
    label = str(label)
    name = slugify(label)
    if not name or len(name.replace("-", "")) != sum(char.isalnum() for char in label):
        return fallback
    return name


class LoggedSafeExportMixin(SafeCellsMixin):
    """For views with Wagtail's ``SpreadsheetExportMixin``: neutralised cells, a logged export.

    XLSX cells are written as text and CSV cells that could be read as a formula are
    neutralised (:mod:`wagtail_integration.spreadsheet` says which, and why); every download
    is recorded in the :class:`~.models.DataProtectionLog` with the user and the number of
    rows. Override :meth:`get_export_subject` to say what was exported.
    """

    def get_export_subject(self, spreadsheet_format):
        """What the log entry says was exported; never the filters, which may hold a name."""
        return f"{self.model._meta.label} ({spreadsheet_format})"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Evaluated once here: the count comes from the rows written, not a second query.
        count = len(queryset)
        DataProtectionLog.record(
            DataProtectionLog.Action.SPREADSHEET,
            via="admin",
            user=self.request.user,
            subject=self.get_export_subject(spreadsheet_format),
            count=count,
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)

"""Spreadsheet exports of submissions: cells that cannot run as formulas (the core's
:mod:`wagtail_integration.spreadsheet`), and a log entry each.

Wagtail's ``SpreadsheetExportMixin`` writes CSV and XLSX; the mixin here plugs into it, so any
admin listing of submissions (offers of help, nominations) exports the same safe way.
"""

from ..spreadsheet import FORMULA_PREFIXES, SafeCellsMixin, neutralise_cell
from .models import DataProtectionLog

__all__ = ["FORMULA_PREFIXES", "LoggedSafeExportMixin", "neutralise_cell"]


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

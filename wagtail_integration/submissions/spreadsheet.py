"""Spreadsheet exports of submissions: cells that cannot run as formulas, and a log entry each.

Wagtail's ``SpreadsheetExportMixin`` writes CSV and XLSX; the mixin here plugs into it, so any
admin listing of submissions (offers of help, nominations) exports the same safe way.
"""

from .models import DataProtectionLog

__all__ = ["FORMULA_PREFIXES", "LoggedSafeExportMixin", "neutralise_cell"]

#: A cell beginning with one of these may be run as a formula by a spreadsheet program
#: (OWASP "CSV injection"): ``=``, ``+``, ``-``, ``@``, tab and carriage return.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """``value`` with an apostrophe in front when it is text a spreadsheet could take for a formula.

    Anything that is not text (numbers, dates, ``None``) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class LoggedSafeExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: neutralised cells, a logged export.

    Every text cell of both formats goes through :func:`neutralise_cell`; every download is
    recorded in the :class:`~.models.DataProtectionLog` with the user and the number of rows.
    Override :meth:`get_export_subject` to say what was exported.
    """

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_cell(super().preprocess_field_value(field, value, export_format))

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

"""Spreadsheet cells that cannot run as formulas, for any export of the package.

Wagtail's ``SpreadsheetExportMixin`` writes CSV and XLSX; :class:`SafeCellsMixin` plugs into it
so that a title an editor typed (``=HYPERLINK(…)``) reaches the spreadsheet as text. The core
holds it so that every layer can use it; exports of personal data add a log entry on top
(``submissions/spreadsheet.py``).
"""

__all__ = ["FORMULA_PREFIXES", "SafeCellsMixin", "neutralise_cell"]

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


class SafeCellsMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: every text cell neutralised."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_cell(super().preprocess_field_value(field, value, export_format))

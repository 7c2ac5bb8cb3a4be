"""Spreadsheet cells that cannot run as formulas and that a person can read, for any export.

Wagtail's ``SpreadsheetExportMixin`` writes CSV and XLSX. :class:`SafeCellsMixin` plugs into it
so that a title an editor typed (``=HYPERLINK(…)``) reaches the spreadsheet as text;
:class:`ReadableCellsMixin` writes times in the local time zone, dates and yes/no in the
admin's language, and keeps the user's language and time zone for a CSV file, which Wagtail
streams after the view has returned. The core holds them so that every layer can use them;
exports of personal data add a log entry on top (``submissions/spreadsheet.py``).

Which cells are neutralised, and why only in CSV
-----------------------------------------------
An XLSX cell has a type: a text cell is shown as text and never calculated, whatever it begins
with, so XLSX cells are written as text (never as formulas) and need no apostrophe. A CSV file
has no types: the program opening it decides, and reads ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return at the start as a formula (OWASP "CSV injection"). There :func:`neutralise_cell`
puts an apostrophe in front of a text that could do harm as a formula: one beginning with ``=``,
``@``, a tab or a carriage return, or with ``+`` or ``-`` followed by anything but digits,
spaces and ``+ - ( ) / .``. A phone number (``+49 261 123-45``) is made only of those: it cannot
call a function, refer to another sheet or start a program, so it is written as it is.
"""

import datetime
import re

from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

__all__ = [
    "FORMULA_PREFIXES",
    "ReadableCellsMixin",
    "SafeCellsMixin",
    "could_be_a_formula",
    "neutralise_cell",
    "readable_value",
]

#: A CSV cell beginning with one of these may be run as a formula by a spreadsheet program
#: (OWASP "CSV injection"): ``=``, ``+``, ``-``, ``@``, tab and carriage return.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Text beginning with + or - that is only a number or a phone number: digits, spaces, + - ( ) / .
_NUMBER_OR_PHONE = re.compile(r"[+-][0-9 ()./+-]*\Z")


def could_be_a_formula(value):
    """Whether a CSV cell holding the text ``value`` could do harm as a formula.

    A text beginning with ``=``, ``@``, a tab or a carriage return; or beginning with ``+`` or
    ``-`` unless it holds nothing but digits, spaces and ``+ - ( ) / .`` (a number or a phone
    number, which can neither call a function nor refer to anything outside its cell).
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return False
    return not _NUMBER_OR_PHONE.match(value)


def neutralise_cell(value):
    """``value`` with an apostrophe in front when it is text that :func:`could_be_a_formula`.

    Anything else (a phone number, numbers, dates, ``None``) is returned unchanged.
    """
    if could_be_a_formula(value):
        return "'" + value
    return value


class SafeCellsMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: no cell runs as a formula.

    CSV text cells go through :func:`neutralise_cell`; XLSX cells that openpyxl would store as
    a formula are stored as text instead, with nothing added in front.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_cell(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if cell.data_type == "f":  # openpyxl takes any text beginning with "=" for a formula
                cell.data_type = "s"
            yield cell


def readable_value(value, export_format="csv"):
    """``value`` as a person reads it in a spreadsheet, in the active language and time zone.

    Yes or no for a boolean; a time in the current time zone (the site's ``TIME_ZONE`` unless
    the user chose another in the admin), as text in CSV and as a local time without zone in
    XLSX (which has no time zones); a date as text in CSV. Anything else is returned unchanged.
    """
    if isinstance(value, bool):
        return capfirst(gettext("yes") if value else gettext("no"))
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        if export_format == "xlsx":
            return local.replace(tzinfo=None)
        return formats.date_format(local, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date) and export_format != "xlsx":
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


class ReadableCellsMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: cells a person can read.

    Values go through :func:`readable_value`, headings begin with a capital. Wagtail streams a
    CSV file after the view has returned, when the user's admin language and time zone are no
    longer active; the file is written in those of the request all the same.
    """

    def preprocess_field_value(self, field, value, export_format):
        return super().preprocess_field_value(
            field, readable_value(value, export_format), export_format
        )

    def get_heading(self, queryset, field):
        # Wagtail capitalises only the headings it derives from a field, not those it is given.
        return capfirst(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        # Read now, in the view: the lines are written later, as the response is sent.
        language, zone = translation.get_language(), timezone.get_current_timezone()
        return self._stream_in(language, zone, super().stream_csv(queryset))

    @staticmethod
    def _stream_in(language, zone, lines):
        while True:
            with translation.override(language), timezone.override(zone):
                line = next(lines, None)
            if line is None:
                return
            yield line

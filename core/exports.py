"""The one way the platform writes CSV and XLSX files for people to open in a spreadsheet.

An export is a `Table`: columns with a header (translated into the reader's language when the
file is written) and a function giving each row's cell, a label rather than a code. Cells that
hold user text are made safe on the way out (formula injection): a spreadsheet runs a cell that
starts with = + - @ (or a tab or carriage return, which some strip first) as a formula, so
`=HYPERLINK(...)` typed as a name would be live in Excel or WPS. In CSV such a cell gets a leading
apostrophe, as OWASP advises; in XLSX it is written as a text cell with Excel's quote prefix (what
Excel itself stores for a typed '=...), never as a formula. Numbers and dates stay numbers and
dates.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

Cell = str | int | float | Decimal | datetime.date | None


@dataclass(frozen=True)
class Column:
    header: str  # usually gettext_lazy: translated when the file is written
    value: Callable[[object], Cell]


@dataclass(frozen=True)
class Table:
    title: str  # the XLSX sheet's name
    columns: tuple[Column, ...]
    rows: Iterable

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def cells(self):
        for row in self.rows:
            yield [column.value(row) for column in self.columns]


def is_formula_like(value: Cell) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value: Cell) -> str | int | float | Decimal:
    """A value as a CSV cell: text a spreadsheet would run gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark: Excel reads Chinese right only then."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in table.headers()])
    for cells in table.cells():
        writer.writerow([csv_cell(c) for c in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    # Imported when used: loading openpyxl takes about 0.3 s, which every process would pay.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.title[:31])

    def cell(value: Cell):
        if isinstance(value, bool):
            value = int(value)
        if value is not None and not isinstance(value, int | float | Decimal | datetime.date):
            value = str(value)
        written = WriteOnlyCell(sheet, value=value)
        if is_formula_like(value):
            written.data_type = "s"  # openpyxl makes a formula of any text starting with "="
            written.quotePrefix = True  # and Excel keeps it text when the cell is edited
        return written

    sheet.append([cell(h) for h in table.headers()])
    for cells in table.cells():
        sheet.append([cell(c) for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_response(table: Table, *, fmt: str, filename: str) -> HttpResponse:
    """The table as a download, `filename` without its extension."""
    body, content_type = (to_csv(table), CSV_TYPE) if fmt == "csv" else (to_xlsx(table), XLSX_TYPE)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response

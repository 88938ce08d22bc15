"""core.exports, the one writer of CSV and XLSX files: cells a spreadsheet would run as formulas
are defused; numbers and plain text are written as they are."""

import csv
import io

import openpyxl
import pytest

from core.exports import Column, Table, csv_cell, to_csv, to_xlsx

DANGEROUS = [
    '=HYPERLINK("http://evil.example","点我")',
    "+86 138 0000 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_like_text_cell_is_defused_in_csv_and_xlsx(text):
    table = Table("sheet", (Column("text", lambda r: r),), [text])
    assert csv_cell(text) == "'" + text
    rows = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig"))))
    assert rows == [["text"], ["'" + text]]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active
    cell = sheet["A2"]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)  # text, never a formula
    assert cell.value.replace("\n", "\r") == text.replace("\n", "\r")  # XML reads CR as LF


def test_numbers_and_plain_text_are_written_as_they_are():
    table = Table(
        "sheet", (Column("a", lambda r: r[0]), Column("b", lambda r: r[1])), [(-3, "张三")]
    )
    assert list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig")))) == [
        ["a", "b"],
        ["-3", "张三"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == (-3, "n")
    assert sheet["B2"].quotePrefix is False

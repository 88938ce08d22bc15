"""The department's CSV/XLSX exports: labels, not codes, headers in the reader's language, and no
cell a spreadsheet would run as a formula."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from outcomes.models import Placement

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://evil.example","点我")'


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_placements_export_has_labels_headers_in_the_readers_language_and_no_formulas(
    client, world, fmt
):
    placement = Placement.objects.filter(status="confirmed").select_related("graduate").first()
    placement.graduate.full_name = NAME
    placement.graduate.save()
    client.force_login(world.officer)
    client.cookies.load({"django_language": "en"})
    response = client.get(reverse("outcomes:export", args=["placements", fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        rows = rows_of(response)
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
        formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
    header = rows[0]
    assert {"Contract type", "Status", "Attribution", "Community assistant"} <= set(header)
    assert not any("_" in name for name in header)
    contract = [row[header.index("Contract type")] for row in rows[1:]]
    assert "Labour contract" in contract
    assert "labour_contract" not in contract
    named = [row for row in rows[1:] if NAME in row[header.index("Graduate")]]
    assert len(named) == 1
    cell = named[0][header.index("Graduate")]
    assert cell == ("'" + NAME if fmt == "csv" else NAME)


def test_the_departments_breakdowns_export_names_its_columns_not_its_codes(client, world):
    client.force_login(world.officer)
    rows = rows_of(client.get(reverse("outcomes:export", args=["breakdowns", "csv"])))
    header = rows[0]
    assert header[:2] == ["分类", "分组"]
    assert "已核实就业" in header
    assert not any("_" in name for name in header)
    assert {row[0] for row in rows[1:]} >= {"按城市", "按月份"}

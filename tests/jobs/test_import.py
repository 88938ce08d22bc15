"""Bulk import from XLSX and CSV: all or nothing, a report of bad rows, limits, bad files."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

import search
from jobs import importing, services
from jobs.models import Position, PositionEvent
from search.query import SearchQuery

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in importing.COLUMNS]


def _row(n: int, **overrides) -> list:
    values = {
        "title": f"销售代表{n}",
        "category": "销售与商务拓展",
        "description": "开拓省内客户。",
        "requirements": "",
        "city": "太原市",
        "district": "小店区",
        "salary_min": 5000,
        "salary_max": 8000,
        "education": "大专",
        "majors": "市场营销、工商管理",
        "headcount": 2,
        "job_type": "全职",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    values.update(overrides)
    return [values[column.field] for column in importing.COLUMNS]


def _csv(rows, headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(world, name, data, publish=False):
    return services.import_from_file(
        enterprise=world.enterprise_x, by=world.recruiter_x, name=name, data=data, publish=publish
    )


def test_a_good_csv_imports_every_row_as_drafts(world):
    ids = _import(world, "positions.csv", _csv([_row(n) for n in range(3)]))
    positions = Position.objects.filter(pk__in=ids).order_by("pk")
    assert [p.title for p in positions] == ["销售代表0", "销售代表1", "销售代表2"]
    first = positions[0]
    assert (first.status, first.category, first.education, first.job_type) == (
        "draft",
        "sales",
        "associate",
        "full_time",
    )
    assert (first.city.name, first.district.name, first.majors) == (
        "太原市",
        "小店区",
        ["市场营销", "工商管理"],
    )
    assert PositionEvent.objects.filter(action="imported").count() == 3


def test_a_good_xlsx_imports_every_row_published(world, django_capture_on_commit_callbacks):
    rows = [
        _row(0, deadline=timezone.localdate() + datetime.timedelta(days=9)),
        _row(1, salary_min="面议", salary_max=None, job_type="实习", education="Bachelor"),
        _row(2, category="community", job_type="社区助理", district=None, city="大同"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        ids = _import(world, "positions.xlsx", _xlsx(rows), publish=True)
    positions = list(Position.objects.filter(pk__in=ids).order_by("pk"))
    assert [p.status for p in positions] == ["published"] * 3
    assert all(p.published_at for p in positions)
    assert positions[1].salary_negotiable
    assert (positions[1].job_type, positions[1].education) == ("internship", "bachelor")
    assert (positions[2].job_type, positions[2].city.name) == ("community_assistant", "大同市")
    # Published rows are indexed in bulk after commit: graduates find them at once.
    found = search.search_positions(SearchQuery(page_size=50))
    assert {int(hit.id) for hit in found.hits} == set(ids)


def test_a_file_with_one_bad_row_imports_nothing_and_reports_that_row(world):
    rows = [_row(0), _row(1), _row(2, salary_min=9000, salary_max=4000), _row(3)]
    with pytest.raises(services.ImportRefused) as refused:
        _import(world, "positions.csv", _csv(rows))
    assert not Position.objects.exists()
    errors = refused.value.errors
    assert [(e.row, e.column) for e in errors] == [(4, "最高月薪 Maximum monthly salary")]


def test_every_problem_is_reported_by_row_and_column(world):
    rows = [
        _row(0, category="宇航员", city="纽约"),
        _row(1, headcount="两个", deadline="明天"),
        _row(2, title="", district="迎泽区", city="大同市"),
    ]
    with pytest.raises(services.ImportRefused) as refused:
        _import(world, "positions.xlsx", _xlsx(rows))
    found = {(e.row, e.column.split(" ")[0]) for e in refused.value.errors}
    assert found == {
        (2, "职位类别"),
        (2, "工作城市"),
        (3, "招聘人数"),
        (3, "截止日期"),
        (4, "职位名称"),
        (4, "区县"),
    }
    assert not Position.objects.exists()


def test_a_column_given_twice_is_refused_rather_than_one_value_winning(world):
    headers = [*HEADERS, "Title"]
    rows = [[*_row(0), "实习生"]]
    with pytest.raises(services.ImportRefused) as refused:
        _import(world, "positions.csv", _csv(rows, headers=headers))
    assert "职位名称" in refused.value.message
    assert not Position.objects.exists()


@pytest.mark.parametrize(
    ("headers", "row", "column"),
    [
        # an unquoted comma in the last value spills into a cell past the headers
        (HEADERS, [*_row(0, majors="CS"), "Software Engineering"], len(HEADERS) + 1),
        # a value under a blank header cell
        ([*HEADERS[:2], "", *HEADERS[2:]], [*_row(0)[:2], "5000", *_row(0)[2:]], 3),
    ],
    ids=["past the headers", "under a blank header"],
)
def test_a_value_in_a_column_without_a_header_is_reported_not_dropped(world, headers, row, column):
    with pytest.raises(services.ImportRefused) as refused:
        _import(world, "positions.csv", _csv([row], headers=headers))
    [error] = refused.value.errors
    assert (error.row, error.column) == (2, f"第 {column} 列")
    assert not Position.objects.exists()


def test_big_numbers_are_read_exactly_and_then_judged(world):
    """Read through a float, 9007199254740993 would become …992 before any check saw it."""
    cells = importing._Cells()
    assert cells.integer("9007199254740993") == 9007199254740993
    assert cells.integer("8,000") == 8000
    assert cells.integer(5000.0) == 5000
    for bad in ("1.5", "-3", "NaN", "Infinity", "五千"):
        with pytest.raises(ValueError, match="整数"):
            cells.integer(bad)
    with pytest.raises(services.ImportRefused) as refused:
        _import(world, "p.csv", _csv([_row(0, salary_max="9007199254740993")]))
    assert refused.value.errors[0].column.startswith("最高月薪")
    assert not Position.objects.exists()


@pytest.mark.parametrize(
    ("text", "majors"),
    [
        ("Computer Science、Software Engineering", ["Computer Science", "Software Engineering"]),
        ("计算机 软件工程", ["计算机", "软件工程"]),
        ("计算机科学与技术，软件工程;会计；会计", ["计算机科学与技术", "软件工程", "会计"]),
        ("Computer  Science, Law", ["Computer Science", "Law"]),
        ("Computer Science 软件工程", ["Computer Science", "软件工程"]),
    ],
)
def test_majors_split_on_separators_not_inside_an_english_name(text, majors):
    assert services.clean_majors(text) == majors


def test_publishing_refuses_rows_whose_deadline_has_passed(world):
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    with pytest.raises(services.ImportRefused) as refused:
        _import(world, "p.csv", _csv([_row(0, deadline=past)]), publish=True)
    assert refused.value.errors[0].column.startswith("截止日期")


def test_more_than_5000_rows_are_refused(world):
    rows = [_row(n) for n in range(5001)]
    with pytest.raises(services.ImportRefused, match="5000"):
        _import(world, "big.csv", _csv(rows))
    assert not Position.objects.exists()


def test_5000_rows_import(world):
    ids = _import(world, "big.csv", _csv([_row(n) for n in range(5000)]))
    assert len(ids) == Position.objects.count() == 5000


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("positions.csv", _csv([_row(0)], headers=["名称", "薪水", *HEADERS[2:]]), "未知列"),
        ("positions.csv", _csv([], headers=HEADERS), "没有职位"),
        ("positions.csv", b"", "空"),
        ("positions.pdf", b"%PDF-1.4", ".xlsx"),
        ("positions.xlsx", b"not a workbook", "Excel"),
    ],
)
def test_bad_files_are_refused_with_a_clear_error(world, name, data, message):
    with pytest.raises(services.ImportRefused) as refused:
        _import(world, name, data)
    assert message in refused.value.message
    assert not Position.objects.exists()


def test_an_unverified_enterprise_imports_drafts_but_cannot_publish(unverified):
    enterprise, recruiter = unverified
    data = _csv([_row(0)])
    with pytest.raises(Exception, match="尚未认证"):
        services.import_from_file(
            enterprise=enterprise, by=recruiter, name="p.csv", data=data, publish=True
        )
    services.import_from_file(
        enterprise=enterprise, by=recruiter, name="p.csv", data=data, publish=False
    )
    assert Position.objects.get().status == "draft"


def test_the_template_has_bilingual_headers_and_allowed_values(client, world):
    client.force_login(world.recruiter_x)
    response = client.get("/jobs/manage/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    positions, allowed = workbook.worksheets
    assert [cell.value for cell in positions[1]] == HEADERS
    values = {(row[0], row[1]) for row in allowed.iter_rows(min_row=2, values_only=True)}
    assert ("职位类型 Job type", "社区助理") in values
    assert ("工作城市 City", "太原市") in values
    assert ("学历要求 Education", "本科") in values


def test_the_filled_in_template_imports(world):
    workbook = load_workbook(io.BytesIO(importing.template_workbook()))
    workbook.worksheets[0].append(_row(0))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(_import(world, "template.xlsx", buffer.getvalue())) == 1


def test_the_import_page_shows_the_report_of_bad_rows(client, world):
    client.force_login(world.recruiter_x)
    data = _csv([_row(0), _row(1, headcount=0)])
    response = client.post(
        "/jobs/manage/import/",
        {"file": SimpleUploadedFile("p.csv", data), "publish": "1"},
    )
    page = response.content.decode()
    assert 'data-row="3"' in page
    assert "招聘人数 Headcount" in page
    assert not Position.objects.exists()
    response = client.post(
        "/jobs/manage/import/",
        {"file": SimpleUploadedFile("p.csv", _csv([_row(0), _row(1)])), "publish": "1"},
    )
    assert response.status_code == 302
    assert Position.objects.filter(status="published").count() == 2


# --- workbooks built to exhaust the server ----------------------------------------------------


def _rewritten(data: bytes, change) -> bytes:
    """The workbook with `change(name, content) -> content` applied to each part."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            target.writestr(member.filename, change(member.filename, source.read(member)))
    return out.getvalue()


def _with_padding(data: bytes, megabytes: int) -> bytes:
    """The workbook plus a part that unpacks to `megabytes` MB (of zeros: it packs to little)."""
    out = io.BytesIO(data)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as part,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            part.write(chunk)
    return out.getvalue()


def _sheet(change) -> bytes:
    def on_sheet(name, content):
        return change(content.decode()).encode() if name == "xl/worksheets/sheet1.xml" else content

    return _rewritten(_xlsx([_row(0)]), on_sheet)


def test_a_workbook_that_unpacks_to_more_than_50_mb_is_refused_unread(world):
    bomb = _with_padding(_xlsx([_row(0)]), megabytes=importing.MAX_UNPACKED_BYTES // 2**20 + 10)
    assert len(bomb) < 1024 * 1024  # small to upload
    with pytest.raises(services.ImportRefused, match="解压后"):
        _import(world, "bomb.xlsx", bomb)
    assert not Position.objects.exists()


def test_a_sheet_that_declares_every_column_of_excel_is_refused(world):
    wide = _sheet(lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD2"', xml))
    with pytest.raises(services.ImportRefused, match="超过 40 列"):
        _import(world, "wide.xlsx", wide)


def test_a_sheet_that_declares_a_million_rows_is_refused(world):
    tall = _sheet(
        lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:M1048576"', xml)
    )
    with pytest.raises(services.ImportRefused, match="1048576"):
        _import(world, "tall.xlsx", tall)


def test_cells_far_right_of_the_template_are_refused_even_when_the_sheet_hides_its_size(world):
    far = "".join(f'<c r="{col}2" t="inlineStr"><is><t>x</t></is></c>' for col in ("BA", "XFD"))

    def hide_size_and_widen(xml):
        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        return xml.replace("</row></sheetData>", f"{far}</row></sheetData>")

    with pytest.raises(services.ImportRefused, match="超过 40 列"):
        _import(world, "far.xlsx", _sheet(hide_size_and_widen))


def test_blank_columns_right_of_the_template_are_tolerated(world):
    workbook_rows = [[*_row(0), *[None] * 5]]
    ids = _import(world, "spare.xlsx", _xlsx(workbook_rows, headers=[*HEADERS, *[None] * 5]))
    assert len(ids) == 1

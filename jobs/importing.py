"""Bulk import of positions from XLSX or CSV: the template, reading, and row-by-row validation.

Every row is checked before anything is written; one bad row means nothing is imported and the
recruiter gets a report of row, column and message. Writing is jobs.services.import_positions.
"""

import csv
import datetime
import decimal
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from associations.models import Region
from jobs.models import Category, Education, JobType, Position

MAX_ROWS = 5000
MAX_BYTES = 20 * 1024 * 1024
# A workbook is a zip archive: a 2 MB upload can unpack to gigabytes (a "decompression bomb"). Its
# parts are measured before any is parsed; 5,000 rows with long descriptions unpack to about 25 MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# The template has 13 columns; a sheet wider than this is refused rather than read cell by cell.
MAX_COLUMNS = 40


@dataclass(frozen=True)
class Column:
    field: str
    zh: str
    en: str
    required: bool = False

    @property
    def header(self) -> str:
        return f"{self.zh} {self.en}"


COLUMNS = [
    Column("title", "职位名称", "Title", required=True),
    Column("category", "职位类别", "Category", required=True),
    Column("description", "职位描述", "Description", required=True),
    Column("requirements", "任职要求", "Requirements"),
    Column("city", "工作城市", "City", required=True),
    Column("district", "区县", "District"),
    Column("salary_min", "最低月薪", "Minimum monthly salary"),
    Column("salary_max", "最高月薪", "Maximum monthly salary"),
    Column("education", "学历要求", "Education"),
    Column("majors", "专业", "Majors"),
    Column("headcount", "招聘人数", "Headcount"),
    Column("job_type", "职位类型", "Job type"),
    Column("deadline", "截止日期", "Application deadline"),
]
BY_FIELD = {column.field: column for column in COLUMNS}
CHOICES = {"category": Category, "education": Education, "job_type": JobType}
# Short names people write in spreadsheets besides the labels.
ALIASES = {
    "education": {"中专": "secondary", "大专": "associate", "专科": "associate", "本科": "bachelor",
                  "硕士": "master", "研究生": "master", "博士": "doctorate", "不限": "any"},
    "job_type": {"全职": "full_time", "实习": "internship", "社区助理": "community_assistant",
                 "其他": "other", "其它": "other"},
}  # fmt: skip
NEGOTIABLE = {"面议", "negotiable", "-"}


def _norm(text) -> str:
    return re.sub(r"[\s_()（）/]+", "", str(text or "")).lower()


def choice_labels(choices) -> list[tuple[str, str, str]]:
    """(value, Chinese label, English label) of each choice."""
    rows = []
    for value, label in choices.choices:
        with translation.override("zh-hans"):
            zh = str(label)
        with translation.override("en"):
            en = str(label)
        rows.append((value, zh, en))
    return rows


def _choice_map(name: str) -> dict[str, str]:
    mapping = {}
    for value, zh, en in choice_labels(CHOICES[name]):
        for key in (value, zh, en):
            mapping[_norm(key)] = value
    for alias, value in ALIASES.get(name, {}).items():
        mapping[_norm(alias)] = value
    return mapping


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)  # Position field values, ready to write
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error and bool(self.rows)


class FileRefused(Exception):
    """The file as a whole cannot be read: wrong type, empty, wrong headers, too many rows."""


# --- reading -----------------------------------------------------------------------------------


def read_table(name: str, data: bytes) -> list[list]:
    """The rows of the first sheet (XLSX) or of the CSV, as lists of cell values."""
    lower = (name or "").lower()
    if not data:
        raise FileRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than 20 MB."))
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith(".csv"):
        return _read_csv(data)
    raise FileRefused(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))


def _read_xlsx(data: bytes) -> list[list]:
    # Imported when used: loading openpyxl takes about 0.3 s, which every process would pay.
    from openpyxl import load_workbook

    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileRefused(_("This file is not a readable Excel workbook (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        _check_dimensions(sheet)
        rows = []
        # Read-only mode streams the sheet, a row at a time; only MAX_COLUMNS cells are kept.
        for row in sheet.iter_rows(values_only=True):
            extra = row[MAX_COLUMNS:]
            # tuple.count first: a row padded to column XFD is 16,000 Nones to look at.
            if extra and extra.count(None) != len(extra) and not _blank(extra):
                raise _too_wide()
            rows.append(list(row[:MAX_COLUMNS]))
            if len(rows) > MAX_ROWS + 1 + 1000:  # stop reading far past the limit
                break
        return rows
    finally:
        workbook.close()


def _check_archive(data: bytes) -> None:
    """Refuse a workbook whose parts would unpack to more than MAX_UNPACKED_BYTES.

    The sizes are the archive's own declarations; Python's zipfile never unpacks a part past its
    declared size (it fails the part's checksum instead), so they bound what parsing can read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(_("This file is not a readable Excel workbook (.xlsx).")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(
            _(
                "This workbook unpacks to %(size)s MB, more than the %(max)s MB a list of "
                "positions needs; it is refused unread. Save the positions in a new workbook "
                "from the template."
            )
            % {"size": unpacked // (1024 * 1024), "max": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _check_dimensions(sheet) -> None:
    """Refuse a sheet that declares more rows or columns than an import can have."""
    try:
        rows, columns = sheet.max_row, sheet.max_column
    except (TypeError, ValueError):  # no or a malformed declaration: the reading limits apply
        return
    if columns and columns > MAX_COLUMNS:
        raise _too_wide()
    if rows and rows > MAX_ROWS + 1 + 1000:
        raise FileRefused(
            _("The file has %(count)s rows; import at most %(max)s positions at a time.")
            % {"count": rows, "max": MAX_ROWS}
        )


def _too_wide() -> FileRefused:
    return FileRefused(
        _(
            "The first sheet is wider than %(max)s columns; the template has %(columns)s. "
            "Delete the columns after the last one you use."
        )
        % {"max": MAX_COLUMNS, "columns": len(COLUMNS)}
    )


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused(_("The CSV file is neither UTF-8 nor GB18030 text."))
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error:
        raise FileRefused(_("This CSV file cannot be read.")) from None


def _blank(row) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row)


def match_headers(header_row: list) -> list[Column | None]:
    """The column of each header cell; refuses unknown or missing required headers."""
    known = {}
    for column in COLUMNS:
        for key in (column.header, column.zh, column.en, column.field):
            known[_norm(key)] = column
    columns, unknown, twice = [], [], []
    for cell in header_row:
        if cell is None or str(cell).strip() == "":
            columns.append(None)
            continue
        column = known.get(_norm(cell))
        if column is None:
            unknown.append(str(cell))
        elif column in columns and column.header not in twice:
            twice.append(column.header)  # which of two values would count? Neither: refuse.
        columns.append(column)
    present = {c.field for c in columns if c}
    missing = [c.header for c in COLUMNS if c.required and c.field not in present]
    if unknown or missing or twice:
        parts = []
        if unknown:
            parts.append(_("unknown columns: %(names)s") % {"names": "、".join(unknown)})
        if missing:
            parts.append(_("missing columns: %(names)s") % {"names": "、".join(missing)})
        if twice:
            parts.append(_("columns given twice: %(names)s") % {"names": "、".join(twice)})
        raise FileRefused(
            _("The first row must hold the template's column headers (%(problems)s).")
            % {"problems": "; ".join(parts)}
        )
    return columns


# --- validating --------------------------------------------------------------------------------


class _Cells:
    """Turns raw cells into field values; collects a message per bad cell."""

    def __init__(self):
        self.choice_maps = {name: _choice_map(name) for name in CHOICES}
        cities = list(Region.objects.filter(level=Region.Level.CITY))
        self.cities = {}
        for city in cities:
            for key in (city.name, city.name.removesuffix("市"), city.code, city.name_en):
                if key:
                    self.cities[_norm(key)] = city
        self.districts: dict[tuple[int, str], Region] = {}
        for district in Region.objects.filter(level=Region.Level.DISTRICT):
            for key in (district.name, district.code, district.name_en):
                if key:
                    self.districts[(district.parent_id, _norm(key))] = district

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def choice(self, name: str, value):
        text = self.text(value)
        if not text:
            return None if name == "category" else CHOICES[name].values[0]
        found = self.choice_maps[name].get(_norm(text))
        if found is None:
            raise ValueError(
                _("“%(value)s” is not an allowed value (see the sheet of allowed values).")
                % {"value": text}
            )
        return found

    def integer(self, value, *, negotiable=False):
        """A whole number, read exactly (a float would round 9007199254740993)."""
        text = self.text(value)
        if not text or (negotiable and _norm(text) in NEGOTIABLE):
            return None
        try:
            number = decimal.Decimal(text.replace(",", ""))
        except decimal.InvalidOperation:
            number = None
        if (
            number is None
            or not number.is_finite()
            or number != number.to_integral_value()
            or number < 0
        ):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(number)

    def date(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self.text(value).replace("/", "-").replace(".", "-")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it as 2026-06-30.") % {"value": value}
            ) from None

    def city(self, value):
        text = self.text(value)
        if not text:
            return None
        city = self.cities.get(_norm(text))
        if city is None:
            raise ValueError(_("“%(value)s” is not a known city.") % {"value": text})
        return city

    def district(self, value, city):
        text = self.text(value)
        if not text or city is None:
            return None
        district = self.districts.get((city.pk, _norm(text)))
        if district is None:
            raise ValueError(
                _("“%(value)s” is not a district or county of %(city)s.")
                % {"value": text, "city": city.name}
            )
        return district


def _convert(cells: _Cells, raw: dict, errors: dict[str, str]) -> dict:
    values: dict = {}

    def take(name, convert):
        try:
            values[name] = convert()
        except ValueError as error:
            errors[name] = str(error)

    for name in ("title", "description", "requirements"):
        values[name] = cells.text(raw.get(name))
    for name in CHOICES:
        take(name, lambda name=name: cells.choice(name, raw.get(name)))
    take("city", lambda: cells.city(raw.get("city")))
    take("district", lambda: cells.district(raw.get("district"), values.get("city")))
    for name in ("salary_min", "salary_max"):
        take(name, lambda name=name: cells.integer(raw.get(name), negotiable=True))
    take("headcount", lambda: cells.integer(raw.get("headcount")))
    if values.get("headcount") is None and "headcount" not in errors:
        values["headcount"] = 1
    take("deadline", lambda: cells.date(raw.get("deadline")))
    values["majors"] = cells.text(raw.get("majors"))
    return values


def validate_rows(table: list[list], *, enterprise, publish: bool) -> ImportResult:
    """Check every data row of the table; the result holds either rows or errors."""
    from jobs.services import validate_position  # jobs.services imports this module

    while table and _blank(table[0]):
        table = table[1:]
    if not table:
        raise FileRefused(_("The file is empty."))
    columns = match_headers(table[0])
    data = [(number, row) for number, row in enumerate(table[1:], start=2) if not _blank(row)]
    if not data:
        raise FileRefused(_("The file has column headers but no positions."))
    if len(data) > MAX_ROWS:
        raise FileRefused(
            _("The file has %(count)s positions; import at most %(max)s at a time.")
            % {"count": len(data), "max": MAX_ROWS}
        )
    cells = _Cells()
    result = ImportResult()
    for number, row in data:
        for index, value in enumerate(row):
            if (index >= len(columns) or columns[index] is None) and not _blank([value]):
                # Under no header (a comma in an unquoted CSV value, a shifted cell): no field
                # would take it, and dropping it silently could lose part of the row.
                result.errors.append(
                    RowError(
                        number,
                        _("Column %(n)s") % {"n": index + 1},
                        _("“%(value)s” stands in a column without a header.")
                        % {"value": str(value).strip()},
                    )
                )
        raw = {c.field: value for c, value in zip(columns, row, strict=False) if c}
        errors: dict[str, str] = {}
        values = _convert(cells, raw, errors)
        for name in errors:
            values.pop(name, None)
        position = Position(enterprise=enterprise, **values)
        try:
            validate_position(position, publishing=publish, check_fk=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, " ".join(messages))
        if "city" not in errors and values.get("city") is None:
            errors["city"] = _("This field cannot be blank.")
        for name, message in errors.items():
            column = BY_FIELD.get(name)
            label = column.header if column else name
            result.errors.append(RowError(number, label, message))
        if not errors:
            result.rows.append({name: getattr(position, name) for name in BY_FIELD})
    return result


# --- the template ------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """An XLSX with the column headers (Chinese and English) and a sheet of allowed values."""
    # Imported when used: loading openpyxl takes about 0.3 s, which every process would pay.
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "职位 Positions"
    sheet.append([column.header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.comment = Comment("必填 Required", "Jinpin")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
    sheet.freeze_panes = "A2"

    values = workbook.create_sheet("可选值 Allowed values")
    values.append(["字段 Field", "填写 Value", "中文", "English"])
    for name, choices in CHOICES.items():
        column = BY_FIELD[name]
        for _value, zh, en in choice_labels(choices):
            values.append([column.header, zh, zh, en])
    city_column, district_column = BY_FIELD["city"], BY_FIELD["district"]
    regions = Region.objects.select_related("parent").order_by("code")
    for region in regions:
        if region.level == Region.Level.CITY:
            values.append([city_column.header, region.name, region.name, region.name_en])
        else:
            label = f"{region.parent.name if region.parent else ''} {region.name}".strip()
            values.append([district_column.header, region.name, label, region.name_en])
    values.append([BY_FIELD["salary_min"].header, "5000", "留空表示面议", "empty = negotiable"])
    values.append([BY_FIELD["deadline"].header, "2026-06-30", "年-月-日", "YYYY-MM-DD"])
    majors = BY_FIELD["majors"].header
    values.append([majors, "计算机科学与技术、软件工程", "用顿号分隔", "separate with 、"])
    for letter, width in zip("ABCD", (22, 24, 24, 40), strict=True):
        values.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

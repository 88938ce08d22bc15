"""Every PDF sets its text in the project's own CJK font, embedded, whatever the machine has.

A missing CJK font does not show in extracted text (pdftotext reads the characters, not the
glyphs): these tests check the embedded fonts, and render once with every system font hidden.
"""

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from core.pdf import FONT_DIR, FONT_FILES, render_pdf

pytestmark = pytest.mark.slow

FONT_NAME = re.compile(r"^[A-Z]{6}\+Jinpin-?Sans")


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """BaseFont name → embedded, from the PDF itself (pdffonts when installed agrees)."""
    fonts = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"]).lstrip("/")] = embedded
    return fonts


def pdffonts(path: Path) -> list[str]:
    tool = shutil.which("pdffonts")
    if tool is None:
        return []
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return out.splitlines()[2:]


def pdftotext(data: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return subprocess.run(  # noqa: S603 - fixed tool, our own bytes
        [tool, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def assert_only_the_project_font(data: bytes, tmp_path: Path) -> None:
    fonts = embedded_fonts(data)
    assert fonts, "the PDF has no font at all"
    for name, embedded in fonts.items():
        assert FONT_NAME.match(name), f"{name} is not the project's font"
        assert embedded, f"{name} is not embedded"
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    for line in pdffonts(path):
        assert "Jinpin-Sans" in line, line
        assert " yes yes " in line, line  # embedded, subset


@pytest.mark.django_db
def test_a_generated_resume_is_set_in_the_embedded_project_font(tmp_path):
    from candidates import services
    from tests.candidates.helpers import complete_graduate

    profile = complete_graduate(full_name="欧阳晓雨")
    data = services.generate_resume(graduate=profile, by=profile.user).file.read()
    assert_only_the_project_font(data, tmp_path)
    text = pdftotext(data)
    for source in ("欧阳晓雨", "太原理工大学", "计算机科学与技术学院", "热爱编程。"):
        assert source in text


@pytest.mark.django_db
def test_a_ticket_and_a_brochure_are_set_in_the_embedded_project_font(tmp_path):
    from fairs import services
    from fairs.pdf import render_brochure, render_ticket
    from tests.factories import FairFactory, GraduateFactory

    fair = FairFactory(title="太原理工大学2027届春季双选会", status="published")
    ticket = services.register_graduate(fair=fair, by=GraduateFactory(full_name="张晓雨"))
    for data in (render_ticket(ticket), render_brochure(fair)):
        assert_only_the_project_font(data, tmp_path)
        assert "太原理工大学2027届春季双选会" in pdftotext(data)


@pytest.mark.django_db
def test_the_campaign_report_and_its_charts_are_set_in_the_embedded_project_font(tmp_path):
    from outcomes.report import render_report_pdf
    from outcomes.tally import Scope

    data = render_report_pdf(Scope())
    assert_only_the_project_font(data, tmp_path)
    assert "核实" in pdftotext(data)


SCRIPT = """
import sys
import django
django.setup()
from core.pdf import render_pdf
sys.stdout.buffer.write(render_pdf(sys.stdin.read()))
"""
SOURCE = "晋聘简历：欧阳晓雨，太原理工大学计算机科学与技术专业。手机 138****5678。"


def test_a_pdf_made_where_no_system_font_exists_shows_its_chinese_text(tmp_path):
    """fontconfig is pointed at a configuration with no font folder: only the project's font
    exists for WeasyPrint, and the text still comes out whole."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VAR_DIR": str(tmp_path / "var"),
    }
    html = (
        "<html><head><style>@page { @bottom-center { content: '第' counter(page) '页'; } }"
        f"</style></head><body><h1>欧阳晓雨</h1><p>{SOURCE}</p></body></html>"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        input=html.encode(),
        capture_output=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    assert b"cannot be loaded" not in done.stderr
    assert_only_the_project_font(done.stdout, tmp_path)
    text = pdftotext(done.stdout)
    assert SOURCE in text.replace("\n", "")
    assert "第1页" in text


def product_characters() -> set[str]:
    """The CJK characters the product itself prints: its messages, templates and demo data."""
    base = Path(settings.BASE_DIR)
    files = [base / "locale/zh_Hans/LC_MESSAGES/django.po"]
    files += base.glob("templates/**/*.html")
    files += base.glob("*/demo.py")
    files += [base / "candidates/universities.py"]
    files += base.glob("associations/migrations/*regions*.py")
    chars = set()
    for path in files:
        chars.update(c for c in path.read_text("utf-8") if "\u4e00" <= c <= "\u9fff")
    return chars


def test_the_font_has_every_character_the_product_prints():
    missing = {}
    for weight, name in FONT_FILES.items():
        cmap = TTFont(FONT_DIR / name)["cmap"].getBestCmap()
        lacking = sorted(c for c in product_characters() if ord(c) not in cmap)
        if lacking:
            missing[weight] = "".join(lacking)
    assert missing == {}, "run scripts/build_fonts.py to add them"


def test_the_pdf_helper_is_the_only_way_to_weasyprint():
    base = Path(settings.BASE_DIR)
    callers = [
        path.relative_to(base).as_posix()
        for app in ("accounts", "associations", "jobs", "candidates", "fairs", "outcomes", "core")
        for path in (base / app).rglob("*.py")
        if "write_pdf(" in path.read_text("utf-8")
    ]
    assert callers == ["core/pdf.py"]
    assert render_pdf  # the helper every PDF goes through

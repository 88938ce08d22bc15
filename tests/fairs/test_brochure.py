"""The fair brochure (会刊) and the printable ticket: PDFs with Chinese text and a CJK font."""

import io

import pytest
from pypdf import PdfReader

from fairs import services
from fairs.models import Fair
from tests.factories import GraduateFactory
from tests.fairs.conftest import make_position, member_enterprise

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts


def test_the_brochure_lists_every_approved_enterprise_with_booth_and_positions(
    fair, association, staff, django_capture_on_commit_callbacks
):
    names = ["太原重工股份有限公司", "山西汾酒集团有限公司", "晋能控股装备制造集团"]
    for i, name in enumerate(names):
        enterprise, recruiter = member_enterprise(association, name)
        position = make_position(enterprise, title=f"机械设计工程师{i}")
        participation = services.register_participation(
            fair=fair, enterprise=enterprise, by=recruiter, positions=[position]
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_participation(
                participation=participation, by=staff, booth_number=f"A{i}"
            )
    rejected, recruiter = member_enterprise(association, "被拒绝的公司")
    services.reject_participation(
        participation=services.register_participation(fair=fair, enterprise=rejected, by=recruiter),
        by=staff,
        reason="不符合",
    )
    fair = Fair.objects.get(pk=fair.pk)
    assert fair.brochure_generated_at is not None
    data = fair.brochure.read()
    text = pdf_text(data)
    for i, name in enumerate(names):
        assert name in text
        assert f"机械设计工程师{i}" in text
        assert f"A{i}" in text
    assert "被拒绝的公司" not in text
    assert fair.title in text
    assert any("Jinpin-Sans" in font for font in pdf_fonts(data))


def test_the_ticket_pdf_carries_the_code(fair):
    from fairs.pdf import render_ticket

    ticket = services.register_graduate(fair=fair, by=GraduateFactory())
    data = render_ticket(ticket)
    assert ticket.code in pdf_text(data)

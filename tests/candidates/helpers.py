"""Builders for the candidates tests: PDFs, open positions, graduates ready to apply."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

import search
from accounts.services import claim_phone
from associations.models import Region
from candidates import services
from candidates.models import GraduateProfile
from jobs.models import Position
from tests.factories import (
    GraduateFactory,
    RecruiterFactory,
    RegionFactory,
    VerifiedEnterpriseFactory,
)


def pdf_bytes(*, pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "简历.pdf", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(**kwargs), content_type="application/pdf")


def taiyuan() -> Region:
    return RegionFactory()


def make_position(*, enterprise=None, **fields) -> Position:
    """A published, open position (of a verified enterprise unless one is given)."""
    enterprise = enterprise or VerifiedEnterpriseFactory()
    defaults = {
        "title": "Python 开发工程师",
        "category": "software",
        "description": "负责晋聘平台的后端开发。",
        "city": enterprise.city or taiyuan(),
        "status": Position.Status.PUBLISHED,
        "published_at": timezone.now(),
        "majors": ["计算机科学与技术"],
        "education": "bachelor",
    }
    defaults.update(fields)
    position = Position.objects.create(enterprise=enterprise, **defaults)
    # Publishing through jobs.services indexes the position after commit; do what it would.
    search.index_position_now(position.pk)
    return position


def recruiter_of(enterprise, **kwargs):
    return RecruiterFactory(enterprise=enterprise, **kwargs).user


def complete_graduate(**user_fields) -> GraduateProfile:
    """A graduate whose profile is complete, with an uploaded resume."""
    return complete_profile(GraduateFactory(**user_fields).graduate_profile)


def complete_profile(profile: GraduateProfile) -> GraduateProfile:
    """Fill the graduate's profile in and upload a resume: enough to apply."""
    user = profile.user
    services.update_profile(
        profile=profile,
        by=user,
        data={
            "full_name": profile.full_name or "张伟",
            "university": "太原理工大学",
            "college": "计算机科学与技术学院",
            "major": "计算机科学与技术",
            "degree": "bachelor",
            "graduation_year": 2026,
            "expected_salary": 6000,
            "skills": "Python, Django, 数据分析",
            "self_introduction": "热爱编程。",
        },
        cities=[taiyuan()],
    )
    if not user.phone:
        # Typed, not proved: enough to apply (several test graduates share it).
        claim_phone(user=user, phone="+8613812345678")
    services.upload_resume(graduate=profile, upload=pdf_upload(), by=user)
    return profile

"""Resume upload: PDF by content only, at most 5 MB, stored privately; versions; generated PDF."""

import io
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from candidates import services
from candidates.models import Resume
from tests.candidates.helpers import complete_graduate, pdf_bytes, pdf_upload
from tests.factories import GraduateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate():
    return GraduateFactory()


def upload(graduate, name, content):
    return services.upload_resume(
        graduate=graduate.graduate_profile,
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        by=graduate,
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("resume.pdf", "我的简历：张伟，山西大学".encode(), "not_pdf"),
        ("resume.pdf", b"", "empty"),
        ("resume.pdf", b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024), "too_large"),
        ("resume.pdf", pdf_bytes(password="secret"), "encrypted"),
        ("resume.pdf", b"%PDF-1.4\nthis is not really a pdf", "damaged"),
        ("resume.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not_pdf"),
    ],
    ids=["text-named-pdf", "empty", "6-MB", "encrypted", "truncated", "png-named-pdf"],
)
def test_resume_upload_attacks_are_refused_with_a_clear_error(graduate, name, content, code):
    with pytest.raises(ValidationError) as error:
        upload(graduate, name, content)
    assert error.value.code == code
    assert error.value.messages[0]
    assert not Resume.objects.exists()


def test_a_real_pdf_is_stored_outside_the_public_media_root(graduate):
    resume = upload(graduate, "张伟简历.pdf", pdf_bytes(pages=2))
    path = resume.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT.resolve()))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "张伟" not in path  # the user's file name never reaches the file system
    assert resume.pages == 2
    assert resume.original_name == "张伟简历.pdf"


def test_a_pdf_named_otherwise_is_accepted_by_its_content(graduate):
    resume = upload(graduate, "resume.txt", pdf_bytes())
    assert resume.original_name == "resume.txt.pdf"


def test_earlier_versions_are_kept_and_the_newest_is_current(graduate):
    first = upload(graduate, "v1.pdf", pdf_bytes())
    second = upload(graduate, "v2.pdf", pdf_bytes(pages=2))
    assert list(graduate.graduate_profile.resumes.all()) == [second, first]


def test_upload_page_shows_the_error_message(client, graduate):
    client.force_login(graduate)
    response = client.post(
        reverse("candidates:resume_upload"),
        {"file": SimpleUploadedFile("cv.pdf", b"plain text")},
        follow=True,
    )
    assert "PDF" in response.content.decode()
    assert not Resume.objects.exists()


def test_own_resume_is_served_only_to_its_graduate(client, graduate):
    resume = upload(graduate, "cv.pdf", pdf_bytes())
    url = reverse("candidates:resume", args=[resume.pk])
    client.force_login(graduate)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(GraduateFactory())
    assert client.get(url).status_code == 404


@pytest.mark.slow
def test_generated_resume_embeds_a_chinese_font():
    profile = complete_graduate()
    resume = services.generate_resume(graduate=profile, by=profile.user)
    assert resume.kind == Resume.Kind.GENERATED
    data = resume.file.read()
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Jinpin-Sans" in f for f in fonts), fonts
    text = "".join(page.extract_text() for page in reader.pages)
    assert profile.full_name in text
    assert "太原理工大学" in text
    # Recruiters read it from the application on: no number before the interview, no e-mail.
    assert profile.masked_mobile in text
    assert profile.mobile not in text
    assert profile.user.email not in text


@pytest.mark.slow
def test_generated_resume_fonts_are_embedded_according_to_pdffonts(tmp_path):
    profile = complete_graduate()
    resume = services.generate_resume(graduate=profile, by=profile.user)
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    output = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [pdffonts, resume.file.path], capture_output=True, text=True, check=True
    ).stdout
    cjk_lines = [line for line in output.splitlines() if "Jinpin-Sans" in line]
    assert cjk_lines
    assert all(" yes " in line for line in cjk_lines)  # emb column


def test_a_graduate_without_a_name_cannot_generate_a_resume(graduate):
    profile = graduate.graduate_profile
    profile.full_name = ""
    profile.save()
    with pytest.raises(ValidationError):
        services.generate_resume(graduate=profile, by=graduate)


def test_pdf_upload_helper_builds_valid_pdfs():
    assert pdf_upload().read(5) == b"%PDF-"

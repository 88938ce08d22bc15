"""The API: the same use cases and the same permissions as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import services
from candidates.models import Application
from outcomes.models import Placement
from tests.candidates.helpers import (
    complete_graduate,
    make_position,
    pdf_bytes,
    recruiter_of,
    taiyuan,
)
from tests.factories import GraduateFactory, OfficerFactory, api_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def position():
    return make_position()


@pytest.fixture
def recruiter(position):
    return recruiter_of(position.enterprise)


def test_graduate_reads_and_updates_the_profile(api):
    user = GraduateFactory()
    api.force_authenticate(user)
    body = api.get("/api/v1/graduate/profile/").json()
    assert body["completeness"]["is_complete"] is False
    city = taiyuan()
    response = api.patch(
        "/api/v1/graduate/profile/",
        {"university": "中北大学", "expected_cities": [city.pk]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["university"] == "中北大学"
    assert response.json()["expected_cities"] == [city.pk]
    assert response.json()["mobile"] == ""


def test_the_profile_api_reads_the_accounts_number_and_does_not_change_it(api):
    user = GraduateFactory(phone="+8613700001111", phone_verified=True)
    api.force_authenticate(user)
    body = api.get("/api/v1/graduate/profile/").json()
    assert (body["mobile"], body["mobile_verified"]) == ("13700001111", True)
    refused = api.patch(
        "/api/v1/graduate/profile/", {"mobile": "13900002222", "major": "会计"}, format="json"
    )
    assert refused.status_code == 400
    assert "验证码" in refused.json()["mobile"][0]  # changed with a code, elsewhere
    user.refresh_from_db()
    assert user.phone == "+8613700001111"
    assert user.graduate_profile.major == ""


def test_non_graduate_gets_404_for_the_profile(api):
    api.force_authenticate(OfficerFactory().user)
    assert api.get("/api/v1/graduate/profile/").status_code == 404


def test_anonymous_is_refused(api):
    assert api.get("/api/v1/applications/").status_code in (401, 403)


def test_resume_upload_refuses_a_text_file_and_accepts_a_pdf(api):
    user = GraduateFactory()
    api.force_authenticate(user)
    fake = SimpleUploadedFile("cv.pdf", b"hello", content_type="application/pdf")
    response = api.post("/api/v1/graduate/resumes/", {"file": fake}, format="multipart")
    assert response.status_code == 400
    assert "PDF" in str(response.json())
    real = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    response = api.post("/api/v1/graduate/resumes/", {"file": real}, format="multipart")
    assert response.status_code == 201
    download = api.get(response.json()["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_apply_twice_answers_201_then_200_with_the_same_application(api, position):
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    first = api.post("/api/v1/applications/", {"position": position.pk, "source": "search"})
    second = api.post("/api/v1/applications/", {"position": position.pk, "source": "search"})
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["detail"]
    assert Application.objects.count() == 1


def test_the_answer_to_applying_shows_the_application_and_its_position(api, position):
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    body = api.post("/api/v1/applications/", {"position": position.pk, "source": "search"}).json()
    application = Application.objects.get()
    assert body["id"] == application.pk
    assert body["status"] == "submitted"
    assert body["source"] == "search"
    assert body["source_fair_id"] is None
    assert body["position"] == {
        "id": position.pk,
        "title": position.title,
        "enterprise": position.enterprise.name,
        "city": position.city.name,
    }
    assert body["created_at"]


def test_the_answer_to_applying_agrees_with_its_declared_fields(position):
    # The answer is written out by hand for speed; the declared fields document it.
    from rest_framework import serializers

    from candidates.serializers import AppliedSerializer

    graduate = complete_graduate()
    application = services.apply(
        graduate=graduate, position=position, source="fair_page", by=graduate.user
    )
    answer = AppliedSerializer(application)
    by_fields = serializers.Serializer.to_representation(answer, application)
    assert answer.data == by_fields
    assert list(answer.data) == list(answer.fields)


def test_a_repeated_application_is_answered_from_the_one_it_repeats(api, position):
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    first = api.post("/api/v1/applications/", {"position": position.pk}).json()
    position.title = "改过的标题"
    position.save(update_fields=["title"])
    again = api.post("/api/v1/applications/", {"position": position.pk})
    assert again.status_code == 200
    body = again.json()
    assert body["id"] == first["id"]
    assert body["position"] == {**first["position"], "title": "改过的标题"}
    assert body["status"] == "submitted"


def test_repeating_a_withdrawn_application_is_refused(api, position):
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    first = api.post("/api/v1/applications/", {"position": position.pk}).json()
    api.post(f"/api/v1/applications/{first['id']}/withdraw/", {"note": ""})
    again = api.post("/api/v1/applications/", {"position": position.pk})
    assert again.status_code == 400
    assert Application.objects.get().status == "withdrawn"


def test_another_graduates_application_is_not_taken_for_ones_own(api, position):
    other = complete_graduate()
    services.apply(graduate=other, position=position, source="search", by=other.user)
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    response = api.post("/api/v1/applications/", {"position": position.pk})
    assert response.status_code == 201
    assert Application.objects.filter(graduate=graduate).count() == 1


def test_a_draft_position_is_not_found_for_applying(api):
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    draft = make_position(status="draft")
    response = api.post("/api/v1/applications/", {"position": draft.pk})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_apply_refusals_are_400_with_a_message(api):
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    closed = make_position(status="closed")
    response = api.post("/api/v1/applications/", {"position": closed.pk})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_graduate_withdraws_through_the_api(api, position):
    graduate = complete_graduate()
    api.force_authenticate(graduate.user)
    app_id = api.post("/api/v1/applications/", {"position": position.pk}).json()["id"]
    response = api.post(f"/api/v1/applications/{app_id}/withdraw/", {"note": "已签约"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_pipeline_through_the_api(api, position, recruiter):
    graduate = complete_graduate()
    application = services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    api.force_authenticate(recruiter)
    listed = api.get("/api/v1/pipeline/").json()
    assert [row["id"] for row in listed["results"]] == [application.pk]
    assert listed["results"][0]["graduate"]["mobile"] == "138****5678"
    detail = api.get(f"/api/v1/pipeline/{application.pk}/").json()
    assert detail["status"] == "viewed"
    bad = api.post(f"/api/v1/pipeline/{application.pk}/move/", {"to": "hired"}, format="json")
    assert bad.status_code == 400
    moved = api.post(
        f"/api/v1/pipeline/{application.pk}/move/",
        {
            "to": "interview",
            "interview_at": api_time(3, 10),
            "interview_place": "会议室",
        },
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["graduate"]["mobile"] == "13812345678"
    note = api.post(f"/api/v1/pipeline/{application.pk}/notes/", {"body": "很好"})
    assert note.status_code == 201
    resume = api.get(f"/api/v1/pipeline/{application.pk}/resume/")
    assert resume.status_code == 200
    export = api.get("/api/v1/pipeline/export/")
    assert graduate.full_name in export.content.decode("utf-8-sig")
    rejected = api.post(
        "/api/v1/pipeline/bulk-reject/", {"applications": [application.pk]}, format="json"
    )
    assert rejected.json() == {"rejected": 1}


def test_a_hire_is_recorded_through_the_api_with_its_placement(api, position, recruiter):
    graduate = complete_graduate()
    application = services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    api.force_authenticate(recruiter)
    url = f"/api/v1/pipeline/{application.pk}/hire/"
    today = timezone.localdate().isoformat()
    early = api.post(url, {"hire_date": today, "contract_type": "labour_contract"})
    assert early.status_code == 400  # not offered yet
    for step in ({"to": "interview", "interview_at": api_time(3, 10), "interview_link": ""},):
        step["interview_place"] = "会议室"
        assert api.post(f"/api/v1/pipeline/{application.pk}/move/", step).status_code == 200
    api.post(f"/api/v1/pipeline/{application.pk}/move/", {"to": "offered"})
    missing = api.post(url, {"contract_type": "labour_contract"}, format="json")
    assert missing.status_code == 400
    assert "hire_date" in missing.json()
    hired = api.post(
        url,
        {"hire_date": today, "contract_type": "labour_contract", "monthly_salary": 6000},
        format="json",
    )
    assert hired.status_code == 200
    assert hired.json()["status"] == "hired"
    assert Placement.objects.get(application=application).monthly_salary == 6000
    other = APIClient()
    other.force_authenticate(recruiter_of(make_position().enterprise))
    assert other.post(url, {"hire_date": today}).status_code == 404


def test_another_enterprises_recruiter_gets_404_in_the_api(api, position, recruiter):
    graduate = complete_graduate()
    application = services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    api.force_authenticate(recruiter_of(make_position().enterprise))
    for url in [
        f"/api/v1/pipeline/{application.pk}/",
        f"/api/v1/pipeline/{application.pk}/resume/",
        f"/api/v1/pipeline/{application.pk}/notes/",
    ]:
        assert api.get(url).status_code == 404
    assert api.get("/api/v1/pipeline/").json()["results"] == []
    response = api.post(
        "/api/v1/pipeline/bulk-reject/", {"applications": [application.pk]}, format="json"
    )
    assert response.json() == {"rejected": 0}
    api.force_authenticate(GraduateFactory())
    assert api.get(f"/api/v1/applications/{application.pk}/").status_code == 404


def test_notifications_and_unread_count(api, position, recruiter):
    graduate = complete_graduate()
    services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
    api.force_authenticate(recruiter)
    assert api.get("/api/v1/notifications/unread/").json() == {"unread": 1}
    assert api.get("/api/v1/notifications/").json()["results"][0]["kind"] == "new_application"
    api.post("/api/v1/notifications/read/", {}, format="json")
    assert api.get("/api/v1/notifications/unread/").json() == {"unread": 0}


def test_recommendations_match_major_degree_and_city(api):
    graduate = complete_graduate()
    matching = make_position(title="Java 工程师", majors=["计算机科学与技术"])
    make_position(
        title="护士", category="healthcare", majors=["护理学"], description="医院护理工作"
    )
    make_position(title="博士后研究员", education="doctorate")
    api.force_authenticate(graduate.user)
    rows = api.get("/api/v1/graduate/recommendations/").json()
    assert [row["id"] for row in rows] == [matching.pk]

"""Dashboard, drill-downs, reports, exports, snapshots and the public page, per role."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from outcomes import services, tally
from outcomes.models import Report, Snapshot
from outcomes.tally import Scope
from tests.factories import GraduateFactory, RecruiterFactory
from tests.outcomes.conftest import EXPECTED

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFFONTS = shutil.which("pdffonts") or "/usr/bin/pdffonts"
DASHBOARD = reverse("outcomes:dashboard")


def test_an_officer_sees_every_headline_figure_on_the_dashboard(world, client):
    client.force_login(world.officer)
    response = client.get(DASHBOARD, {"campaign_id": world.campaign.pk})
    assert response.status_code == 200
    assert response.context["figures"] == EXPECTED
    assert "<svg" in response.content.decode()
    assert 'font-family="Noto Sans CJK SC' in response.content.decode()


def test_the_dashboard_documents_the_mobilised_rule(world, client):
    client.force_login(world.officer)
    with_rule = client.get(DASHBOARD).content.decode()
    assert "联合主办" in with_rule or "organised or co-organised" in with_rule


def test_association_staff_see_only_their_association(world, client):
    client.force_login(world.staff[2])
    response = client.get(DASHBOARD, {"association_id": world.associations[1].pk})
    assert response.status_code == 200
    scoped = tally.summary(Scope().restricted_to(world.associations[2].pk))
    assert response.context["figures"] == scoped
    assert response.context["figures"]["associations_mobilised"] == 1
    assert response.context["scope"].association_id == world.associations[2].pk


@pytest.mark.parametrize(
    "url",
    [
        reverse("outcomes:dashboard"),
        reverse("outcomes:rows", args=["placements"]),
        reverse("outcomes:export", args=["placements", "csv"]),
        "/api/v1/outcomes/summary/",
        "/api/v1/outcomes/breakdowns/",
    ],
)
@pytest.mark.parametrize("who", ["graduate", "recruiter"])
def test_graduates_and_recruiters_see_no_department_data(world, client, url, who):
    user = GraduateFactory() if who == "graduate" else RecruiterFactory().user
    client.force_login(user)
    assert client.get(url).status_code in (403, 404)


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(DASHBOARD).status_code == 302


def test_association_staff_may_not_read_the_department_summary_api(world, client):
    client.force_login(world.staff[1])
    assert client.get("/api/v1/outcomes/summary/").status_code == 403
    breakdowns = client.get("/api/v1/outcomes/breakdowns/")
    assert breakdowns.status_code == 200
    assert breakdowns.json()["scope"]["association_id"] == world.associations[1].pk


@pytest.mark.parametrize("figure", tally.KEYS)
def test_each_drill_down_page_lists_as_many_rows_as_the_figure(world, client, figure):
    client.force_login(world.officer)
    response = client.get(reverse("outcomes:rows", args=[figure]))
    assert response.status_code == 200
    page = response.context["page"]
    if figure == "headcount_offered":
        assert sum(p.headcount for p in page.paginator.object_list) == EXPECTED[figure]
    else:
        assert page.paginator.count == EXPECTED[figure]


@pytest.mark.parametrize("figure", ["applications", "graduates_applied"])
@pytest.mark.parametrize("who", ["officer", "staff"])
def test_the_rows_behind_application_figures_name_no_graduate(world, client, figure, who):
    """Applications are private to the graduate and the enterprise: the drill-down traces the
    figure to numbered rows, without names."""
    client.force_login(world.officer if who == "officer" else world.staff[1])
    response = client.get(reverse("outcomes:rows", args=[figure]))
    assert response.status_code == 200
    html = response.content.decode()
    applications = response.context["page"].paginator.object_list
    assert applications
    for row in applications:
        profile = row.graduate if figure == "applications" else row
        assert profile.full_name not in html
        assert profile.user.email not in html
        assert f"#{profile.pk}" in html


def test_only_officers_export_breakdowns_and_placements(world, client):
    client.force_login(world.staff[1])
    assert client.get(reverse("outcomes:export", args=["breakdowns", "csv"])).status_code == 403
    client.force_login(world.officer)
    csv = client.get(reverse("outcomes:export", args=["placements", "csv"]))
    assert csv.status_code == 200
    assert csv.content.decode("utf-8-sig").count("\n") == 1 + 5  # header, 4 placements + 1 CA
    xlsx = client.get(reverse("outcomes:export", args=["breakdowns", "xlsx"]))
    assert xlsx.content[:2] == b"PK"


def officer_requests_a_report(world, client, capture_on_commit):
    """The officer asks for the campaign's PDF report on the page; its task runs on commit."""
    client.force_login(world.officer)
    with capture_on_commit(execute=True):
        response = client.post(
            reverse("outcomes:report_request"), {"campaign_id": world.campaign.pk}
        )
    assert response.status_code == 302
    return response, Report.objects.get()


def test_the_pdf_report_holds_the_headline_figures_in_a_cjk_font(
    world, client, django_capture_on_commit_callbacks, tmp_path
):
    _, report = officer_requests_a_report(world, client, django_capture_on_commit_callbacks)
    assert (report.status, report.progress) == ("done", 100)
    download = client.get(reverse("outcomes:report_download", args=[report.pk]))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))
    text = subprocess.run(  # noqa: S603
        [PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "已核实就业" in text or "Verified placements" in text
    assert "百会千企促万生就业 2026" in text
    for value in ("3", "12", "8", "6"):
        assert value in text
    fonts = subprocess.run([PDFFONTS, str(pdf)], capture_output=True, text=True).stdout  # noqa: S603
    assert "CJK" in fonts or "WenQuanYi" in fonts


def test_a_report_in_progress_is_polled_with_htmx(world, client):
    client.force_login(world.officer)
    report = Report.objects.create(params={}, requested_by=world.officer, status="running")
    response = client.get(
        reverse("outcomes:report_status", args=[report.pk]), headers={"HX-Request": "true"}
    )
    assert 'hx-trigger="every 1s"' in response.content.decode()


def test_someone_elses_report_is_not_found(world, client):
    report = Report.objects.create(params={}, requested_by=world.officer)
    client.force_login(world.staff[1])
    assert client.get(reverse("outcomes:report_status", args=[report.pk])).status_code == 404


def test_a_frozen_campaign_never_changes_and_the_next_snapshot_shows_the_difference(world, client):
    frozen = services.freeze_campaign(
        campaign=world.campaign, cut_off=world.campaign.ends_on, by=world.officer
    )
    services.cancel_placement(placement=world.placements[1], by=world.officer, reason="解约")
    services.take_snapshot()
    frozen.refresh_from_db()
    assert frozen.figures == EXPECTED
    daily = Snapshot.objects.get(kind="daily", campaign=world.campaign)
    assert tally.differences(frozen.figures, daily.figures) == {
        "placements": -1,
        "placements_verified": -1,
    }
    client.force_login(world.officer)
    page = client.get(DASHBOARD)
    assert page.context["frozen"][0]["diff"] == {"placements": -1, "placements_verified": -1}


def test_the_nightly_snapshot_runs_twice_without_duplicates(world):
    from outcomes.tasks import take_snapshot

    take_snapshot.delay()
    take_snapshot.delay()
    assert Snapshot.objects.filter(kind="daily", campaign__isnull=True).count() == 1


def test_the_public_page_suppresses_small_cells_and_names_no_one(world, client):
    response = client.get(reverse("outcomes:public"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "&lt;5" in body
    assert "毕业生1" not in body
    assert world.placements[1].graduate.user.email not in body


def test_a_report_that_cannot_be_made_says_so_instead_of_answering_500(
    world, client, django_capture_on_commit_callbacks, monkeypatch
):
    from outcomes import report as report_module

    def broken(*args, **kwargs):
        raise ValueError("bad")

    # No broker: the task runs on commit and its error is recorded.
    monkeypatch.setattr(report_module, "render_report_pdf", broken)
    response, report = officer_requests_a_report(world, client, django_capture_on_commit_callbacks)
    assert report.status == "failed"
    assert report.error
    page = client.get(response.url).content.decode()
    assert 'role="alert"' in page
    assert "hx-trigger" not in page


def test_a_report_asked_for_while_the_broker_is_down_waits_and_is_made_when_it_is_back(
    world, client, django_capture_on_commit_callbacks, broker_down
):
    response, report = officer_requests_a_report(world, client, django_capture_on_commit_callbacks)
    assert report.status == "pending"
    assert "hx-trigger" in client.get(response.url).content.decode()  # the page keeps asking
    broker_down.restore()
    report.refresh_from_db()
    assert (report.status, report.progress) == ("done", 100)


def test_the_api_makes_a_report_for_an_officer_and_hides_it_from_others(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/outcomes/reports/",
            {"params": {"campaign_id": world.campaign.pk}},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    made = client.get(f"/api/v1/outcomes/reports/{response.json()['id']}/").json()
    assert (made["status"], made["progress"]) == ("done", 100)
    assert made["download_url"] == reverse("outcomes:report_download", args=[made["id"]])

    client.force_login(world.staff[1])
    assert client.get(f"/api/v1/outcomes/reports/{made['id']}/").status_code == 404
    client.force_login(GraduateFactory())
    refused = client.post(
        "/api/v1/outcomes/reports/", {"params": {}}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert Report.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # callbacks run when the request's transaction commits
def test_the_api_answers_a_report_asked_for_while_the_broker_is_down_as_waiting(
    world, client, broker_down
):
    client.force_login(world.officer)
    response = client.post(
        "/api/v1/outcomes/reports/", {"params": {}}, content_type="application/json"
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["download_url"]) == ("pending", None)
    broker_down.restore()
    made = client.get(f"/api/v1/outcomes/reports/{response.json()['id']}/").json()
    assert made["status"] == "done"

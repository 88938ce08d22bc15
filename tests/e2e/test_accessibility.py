"""Accessibility of the pages people use: names, headings, errors, live regions, keyboard focus.

The browser tests run one JavaScript probe over each role's main pages in both languages; the view
tests check the markup that needs no browser.
"""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from candidates import services as candidate_services
from candidates.models import GraduateProfile
from search import rebuild_index
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.e2e.helpers import left_the_login_page
from tests.factories import (
    PASSWORD,
    AssociationStaffFactory,
    FairFactory,
    OfficerFactory,
    ParticipationFactory,
    TicketFactory,
)

LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Returns {check: [problem, ...]} for the current page; an empty object when all is well.
PROBE = r"""() => {
  const out = {};
  const add = (k, v) => { (out[k] = out[k] || []).push(v); };
  const text = (el) => (el.textContent || "").replace(/\s+/g, " ").trim();
  const desc = (el) => el.outerHTML.slice(0, 140);
  const byIds = (ids) => (ids || "").split(/\s+/).filter(Boolean)
    .map((i) => document.getElementById(i));
  const named = (el) => (el.getAttribute("aria-label") || "").trim() !== ""
    || byIds(el.getAttribute("aria-labelledby")).some((e) => e && text(e));
  for (const el of document.querySelectorAll("input, select, textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (type === "hidden") continue;
    if (["submit", "button", "reset"].includes(type)) {
      if (!(el.value || "").trim() && !named(el)) add("control has no name", desc(el));
      continue;
    }
    const labels = el.id ? [...document.querySelectorAll(`label[for="${CSS.escape(el.id)}"]`)] : [];
    if (el.closest("label")) labels.push(el.closest("label"));
    if (!labels.some((l) => text(l)) && !named(el)) add("control has no name", desc(el));
  }
  for (const el of document.querySelectorAll("button, a[href], summary, [role=button]")) {
    const alt = [...el.querySelectorAll("img[alt]")].some((i) => i.alt.trim());
    if (!text(el) && !named(el) && !alt) add("button or link has no name", desc(el));
  }
  for (const img of document.querySelectorAll("img:not([alt])")) add("img has no alt", desc(img));
  const ids = {};
  for (const el of document.querySelectorAll("[id]")) ids[el.id] = (ids[el.id] || 0) + 1;
  for (const [id, n] of Object.entries(ids)) if (n > 1) add("duplicate id", id);
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) add("not exactly one h1", String(h1));
  for (const t of document.querySelectorAll("table")) {
    if (!t.querySelector("th")) add("table has no th", desc(t));
  }
  for (const el of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    for (const attr of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) add("aria reference to a missing id", `${attr}=${id}`);
      }
    }
  }
  const errors = ".errorlist:not(.nonfield) li, small.error";
  const describers = [...document.querySelectorAll("[aria-describedby]")]
    .flatMap((c) => byIds(c.getAttribute("aria-describedby"))).filter(Boolean);
  for (const err of document.querySelectorAll(errors)) {
    if (!err.closest("label") && !describers.some((d) => d === err || d.contains(err))) {
      add("error not tied to its field", text(err));
    }
    const wrapper = err.closest("div, p, label, fieldset");
    const field = wrapper && wrapper.querySelector("input:not([type=hidden]), select, textarea");
    if (field && field.getAttribute("aria-invalid") !== "true") {
      add("field with an error not aria-invalid", desc(field));
    }
  }
  for (const el of document.querySelectorAll("[aria-invalid=true]")) {
    const fieldset = el.closest("fieldset[aria-describedby]");
    const d = byIds(el.getAttribute("aria-describedby"))
      .concat(fieldset ? byIds(fieldset.getAttribute("aria-describedby")) : []);
    if (!d.some((e) => e && text(e))) add("invalid field without a description", desc(el));
  }
  const live = (el) => !!el
    && !!el.closest("[aria-live=polite], [aria-live=assertive], [role=status], [role=alert]");
  if (document.getElementById("search-results")) {
    const status = document.getElementById("search-status");
    if (!status || !live(status) || status.closest("#search-results")) {
      add("results count not announced", "");
    }
  }
  // outerHTML swaps replace these elements: the live region must be around them, not on them
  const swapped = "#checkin-result, [id^=report-]:not(#report-status)";
  for (const el of document.querySelectorAll(swapped)) {
    if (!live(el.parentElement)) add("htmx region not announced", el.id);
  }
  const reportStatus = document.getElementById("report-status");
  if (reportStatus && !live(reportStatus)) add("htmx region not announced", "report-status");
  return out;
}"""

# Tabs from the top of the page through the header; returns what was focused, and how.
TAB_STEP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {text: (el.textContent || "").trim().slice(0, 30), inHeader: !!el.closest("header nav"),
          summary: el.tagName === "SUMMARY", open: !!(el.closest("details") || {}).open,
          language: !!el.closest(".language-switch"),
          outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2};
}"""


@pytest.fixture
def world(transactional_db):
    """One person per role with something to look at: a position with an application, a fair
    with a booth and a ticket, an officer and association staff."""
    position = make_position(title="会计助理")
    recruiter = recruiter_of(position.enterprise)
    graduate = complete_graduate(full_name="张晓雨")
    application = candidate_services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    staff = AssociationStaffFactory()
    now = timezone.now()  # the fair runs now: its check-in page takes tickets
    fair = FairFactory(
        organiser=staff.association,
        status="published",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
        graduate_registration_closes=now + datetime.timedelta(hours=4),
        enterprise_registration_closes=now + datetime.timedelta(hours=4),
    )
    booth = ParticipationFactory(fair=fair, enterprise=position.enterprise, booth_number="A01")
    ticket = TicketFactory(fair=fair, graduate=graduate.user)
    officer = OfficerFactory().user
    rebuild_index()
    return {
        "position": position,
        "recruiter": recruiter,
        "graduate": graduate.user,
        "application": application,
        "staff": staff.user,
        "association": staff.association,
        "fair": fair,
        "booth": booth,
        "ticket": ticket,
        "officer": officer,
    }


def pages_by_role(world):
    position, fair = world["position"], world["fair"]
    return {
        None: [
            "/",
            "/search/?q=会计",
            f"/jobs/{position.pk}/",
            "/fairs/",
            f"/fairs/{fair.pk}/",
            f"/fairs/{fair.pk}/booths/{world['booth'].pk}/",
            "/associations/",
            "/accounts/login/",
            "/accounts/signup/",
        ],
        "graduate": [
            "/search/?q=会计",
            f"/me/apply/{position.pk}/",
            "/me/profile/",
            "/me/",
            f"/me/applications/{world['application'].pk}/",
            f"/fairs/tickets/{world['ticket'].code}/",
            "/feedback/",
            f"/feedback/fairs/{fair.pk}/",
            "/me/for-you/",
            "/me/invitations/",
        ],
        "recruiter": [
            "/associations/enterprises/workspace/",
            "/me/pipeline/",
            f"/me/pipeline/{world['application'].pk}/",
            "/jobs/manage/new/",
            f"/jobs/{position.pk}/still-hiring/",
            f"/me/pipeline/positions/{position.pk}/talent/",
        ],
        "staff": [
            "/associations/workspace/",
            f"/fairs/{fair.pk}/manage/",
            f"/fairs/{fair.pk}/checkin/",
            f"/fairs/manage/new/?association={world['association'].pk}",
            "/jobs/unconfirmed/",
            f"/feedback/fairs/{fair.pk}/results/",
        ],
        "officer": ["/outcomes/", "/jobs/moderation/"],
    }


@pytest.fixture
def open_page(browser, live_server):
    """A page of a new browser context in a language and viewport, logged in as someone."""
    contexts = []

    def open_page(language, user=None, viewport=PHONE):
        context = browser.new_context(
            locale=LOCALES[language], viewport=viewport, reduced_motion="reduce"
        )
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.base_url = live_server.url
        if user is not None:
            page.goto(page.base_url + "/accounts/login/")
            page.fill("input[name=login]", user.email)
            page.fill("input[name=password]", PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_url(left_the_login_page)
        return page

    yield open_page
    for context in contexts:
        context.close()


def probe(page) -> dict:
    assert page.evaluate("document.documentElement.lang") in ("zh-hans", "en")
    return page.evaluate(PROBE)


def submit_empty(page, form_selector):
    """Submit a form with its fields emptied and the browser's own validation off."""
    page.evaluate(
        """(selector) => { const form = document.querySelector(selector); form.noValidate = true;
        for (const el of form.querySelectorAll("input[type=text], input[type=number], textarea"))
          el.value = ""; }""",
        form_selector,
    )
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_roles_main_pages_pass_the_accessibility_probes(open_page, world, language):
    problems = {}
    for role, paths in pages_by_role(world).items():
        page = open_page(language, world[role] if role else None)
        for path in paths:
            response = page.goto(page.base_url + path)
            assert response.status == 200, path
            assert page.evaluate("document.documentElement.lang") == language, path
            if found := probe(page):
                problems[f"{role} {path}"] = found
    assert problems == {}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_form_errors_are_tied_to_invalid_fields(open_page, world, language):
    forms = [
        (None, "/accounts/signup/", "main form"),
        ("recruiter", "/jobs/manage/new/", "#position-form"),
        ("staff", f"/fairs/manage/new/?association={world['association'].pk}", "form.fair-form"),
    ]
    problems = {}
    for role, path, form in forms:
        page = open_page(language, world[role] if role else None)
        page.goto(page.base_url + path)
        submit_empty(page, form)
        assert page.locator("[aria-invalid=true]").count() >= 1, path
        if found := probe(page):
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_menu_and_language_switch_are_reached_with_tab_and_show_their_focus(
    open_page, world, viewport
):
    page = open_page("zh-hans", world["graduate"], viewport)
    page.goto(page.base_url + "/search/")
    page.mouse.click(2, 2)
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        step = page.evaluate(TAB_STEP)
        if step is None:
            continue
        assert step["inHeader"], f"left the header before the language switch: {reached}"
        assert step["outline"], f"no visible focus on {step['text']!r}"
        reached.append(step["text"])
        if step["summary"] and not step["open"]:
            page.keyboard.press("Enter")  # the folded menu on phones opens from the keyboard
        if step["language"]:
            break
    assert "English" in reached
    assert "职位" in reached


def test_search_results_count_is_announced_after_an_htmx_update(open_page, world):
    page = open_page("en")
    page.goto(page.base_url + "/search/?q=会计")
    page.evaluate("document.getElementById('search-status').dataset.kept = 'yes'")
    page.fill("input[name=q]", "no-such-position-anywhere")
    page.click("form[role=search] button[type=submit]")
    expect(page.locator("#search-status")).to_contain_text("No position")
    status = page.locator("#search-status")
    assert status.get_attribute("data-kept") == "yes"  # the same live region, not a new one
    assert status.get_attribute("role") == "status"


def test_check_in_result_is_announced(open_page, world):
    page = open_page("en", world["staff"])
    page.goto(page.base_url + f"/fairs/{world['fair'].pk}/checkin/")
    page.fill("#id_code", world["ticket"].code)
    page.click("#checkin-form button[type=submit]")
    page.wait_for_selector("[data-result=ok]")
    region = page.locator("#checkin-result").locator("xpath=..")
    assert region.get_attribute("aria-live") == "polite"
    assert world["graduate"].full_name in region.inner_text()


# --- views, without a browser ------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def field_ids_are_described(html: str, name: str) -> None:
    tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag
    for ref in re.search(r'aria-describedby="([^"]+)"', tag).group(1).split():
        assert f'id="{ref}"' in html, f"{name} refers to the missing {ref}"


def test_position_form_errors_and_help_have_the_ids_their_fields_refer_to(world):
    client = logged_in(world["recruiter"])
    response = client.post(
        "/jobs/manage/new/", {"enterprise": world["position"].enterprise_id, "title": ""}
    )
    html = response.content.decode()
    field_ids_are_described(html, "title")
    field_ids_are_described(html, "description")  # help text and error
    assert 'id="id_majors_helptext"' in html


def test_fair_form_errors_have_the_ids_their_fields_refer_to(world):
    client = logged_in(world["staff"])
    response = client.post(
        f"/fairs/manage/new/?association={world['association'].pk}", {"kind": "campus"}
    )
    html = response.content.decode()
    for name in ("title", "starts_at", "booth_capacity"):
        field_ids_are_described(html, name)


def test_signup_role_is_a_fieldset_whose_legend_names_the_choice(db):
    html = Client().post("/accounts/signup/", {"email": "x@example.cn"}).content.decode()
    fieldset = re.search(r"<fieldset[^>]*>(.*?)</fieldset>", html, re.S)
    assert fieldset
    assert 'name="role"' in fieldset.group(1)
    assert "<legend" in fieldset.group(1)
    assert re.match(r'<fieldset aria-describedby="[^"]*\bid_role_error\b', fieldset.group(0))
    assert 'id="id_role_error"' in html


def test_search_page_has_a_results_status_outside_the_swapped_results(world):
    html = Client().get("/search/", {"q": "会计"}).content.decode()
    status = re.search(r'<p id="search-status"[^>]*>', html).group(0)
    assert 'role="status"' in status
    assert html.index('id="search-status"') < html.index('id="search-results"')
    partial = (
        Client()
        .get("/search/", {"q": "会计"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results")
        .content.decode()
    )
    assert re.search(r'<p id="search-status"[^>]*hx-swap-oob="innerHTML"', partial)


def test_live_regions_wrap_the_check_in_result_and_the_report_status(world):
    html = logged_in(world["staff"]).get(f"/fairs/{world['fair'].pk}/checkin/").content.decode()
    assert re.search(r'<div role="status" aria-live="polite">\s*<div id="checkin-result"', html)
    dashboard = logged_in(world["officer"]).get("/outcomes/").content.decode()
    assert '<div id="report-status" role="status" aria-live="polite">' in dashboard


def test_search_inputs_without_a_visible_label_have_an_aria_label(world):
    fair_html = Client().get(f"/fairs/{world['fair'].pk}/").content.decode()
    assert re.search(r'<input type="search" name="q"[^>]*aria-label="', fair_html)
    pipeline_html = logged_in(world["recruiter"]).get("/me/pipeline/").content.decode()
    assert re.search(r'<input type="search" name="q"[^>]*aria-label="', pipeline_html)


def test_pipeline_link_to_a_graduate_without_a_name_still_has_text(world):
    graduate = complete_graduate()
    application = candidate_services.apply(
        graduate=graduate, position=world["position"], source="search", by=graduate.user
    )
    GraduateProfile.objects.filter(pk=graduate.pk).update(full_name="")
    html = logged_in(world["recruiter"]).get("/me/pipeline/").content.decode()
    link = re.search(rf'<a href="/me/pipeline/{application.pk}/">([^<]*)</a>', html)
    assert link
    assert link.group(1).strip()

"""Every main page of every role fits a phone (375 px) in both languages: nothing wider than the
screen, no table squeezed to a few characters a line (tables scroll sideways, their first column
stays in view), the dashboard leads with its headline figures and folds the breakdowns, the
ticket's QR code is large and centred. Each page is also saved as a screenshot at 375 and 1280 px
under var/screenshots/<language>-<width>/, so anyone can look at the whole product in a minute."""

import re

import pytest
from django.conf import settings

from tests.e2e.test_accessibility import open_page, pages_by_role, world  # noqa: F401
from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"

# {problem: [where, ...]} for the page at hand; empty when it fits.
FITS = r"""() => {
  const out = {};
  const add = (k, v) => { (out[k] = out[k] || []).push(v); };
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) add("wider than the screen", root.scrollWidth);
  for (const cell of document.querySelectorAll("main td, main th")) {
    const text = (cell.innerText || "").replace(/\s+/g, "");
    if (text.length < 4 || !cell.offsetParent) continue;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    if (lines > 1 && inner < 3.5 * size) add("table cell squeezed", text.slice(0, 20));
  }
  return out;
}"""


def main_pages(world):  # noqa: F811
    """The pages of the accessibility check and the rest of each role's workspace."""
    pages = pages_by_role(world)
    pages["graduate"] += ["/fairs/me/tickets/", "/fairs/me/bookings/", "/me/for-you/"]
    pages["recruiter"] += ["/jobs/manage/", "/fairs/enterprise/"]
    pages["staff"] += ["/fairs/manage/", "/outcomes/placements/verify/", "/accounts/welcome/"]
    pages["officer"] += ["/fairs/campaigns/", "/fairs/manage/", "/outcomes/statistics/"]
    return pages


def slug(path: str) -> str:
    """A file name that stays the same from run to run: ids and ticket codes become 'n'."""
    path = re.sub(r"/(\d+|[A-Z0-9]{10})(?=/)", "/n", path)
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_main_page_fits_a_phone(open_page, world, language):  # noqa: F811
    for n in range(3):  # a fair's approval table with enterprises waiting
        ParticipationFactory(fair=world["fair"], status="pending", booth_number=f"B0{n}")
    problems = {}
    for viewport in (PHONE, DESKTOP):
        folder = SCREENSHOTS / f"{language}-{viewport['width']}"
        folder.mkdir(parents=True, exist_ok=True)
        for role, paths in main_pages(world).items():
            page = open_page(language, world[role] if role else None, viewport=viewport)
            for path in paths:
                response = page.goto(page.base_url + path)
                assert response.status == 200, path
                page.screenshot(
                    path=folder / f"{role or 'visitor'}-{slug(path)}.png", full_page=True
                )
                if viewport is PHONE and (found := page.evaluate(FITS)):
                    problems[f"{role} {path}"] = found
    assert problems == {}


def test_the_dashboard_leads_with_its_headline_figures_on_a_phone(open_page, world):  # noqa: F811
    page = open_page("zh-hans", world["officer"], viewport=PHONE)
    page.goto(page.base_url + "/outcomes/")
    headline = page.locator("main [data-figure]").first.bounding_box()
    assert headline["y"] < PHONE["height"]  # the first figure is on the first screen
    folds = page.locator("main details.breakdown")
    assert folds.count() >= 3
    assert all(not fold.get_attribute("open") for fold in folds.all())
    folds.first.locator("summary").click()
    assert folds.first.locator("table, figure").first.is_visible()


def test_the_ticket_qr_code_is_large_and_centred_on_a_phone(open_page, world):  # noqa: F811
    page = open_page("zh-hans", world["graduate"], viewport=PHONE)
    page.goto(page.base_url + f"/fairs/tickets/{world['ticket'].code}/")
    box = page.locator("main .qr svg").bounding_box()
    assert box["width"] >= 0.6 * PHONE["width"]
    assert box["width"] == pytest.approx(box["height"], abs=2)
    centre = box["x"] + box["width"] / 2
    assert centre == pytest.approx(PHONE["width"] / 2, abs=8)

"""The door on a fair day, in Chromium with a fake camera playing QR codes: scanning through the
vendored JavaScript decoder (no BarcodeDetector), losing the network, admitting from the saved
list, reopening the page offline, and syncing with the right counts when the network returns."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fairs import services
from fairs.models import OfflineScan, Ticket
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS
from tests.e2e.qr_video import write_qr_video
from tests.factories import PASSWORD, AssociationStaffFactory, FairFactory, GraduateFactory

pytestmark = pytest.mark.django_db(transaction=True)

NO_BARCODE_DETECTOR = "delete window.BarcodeDetector; delete Window.prototype.BarcodeDetector;"


@pytest.fixture
def running_fair():
    now = timezone.now()
    fair = FairFactory(
        title="太原理工大学春季双选会",
        status="ongoing",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
    )
    staff = AssociationStaffFactory(association=fair.organiser).user
    tickets = {
        name: services.register_graduate(fair=fair, by=GraduateFactory(full_name=name))
        for name in ("张晓雨", "李明", "王芳", "赵磊")
    }
    cancelled = services.register_graduate(fair=fair, by=GraduateFactory(full_name="钱多多"))
    services.cancel_ticket(ticket=cancelled, by=cancelled.graduate)
    return fair, staff, tickets, cancelled


def camera_browser(browser, video):
    """A Chromium of its own whose camera plays `video` (flags are given at launch), started by
    the suite's Playwright (one sync Playwright per thread)."""
    return browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *LAUNCH_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # each role lands on its own page


def type_code(page, code):
    page.fill("#id_code", code)
    page.press("#id_code", "Enter")


def last_result(page):
    return page.locator("#checkin-result p")


def test_scan_without_barcode_detector_then_offline_admissions_sync_with_the_right_counts(
    live_server, running_fair, tmp_path, browser
):
    fair, staff, tickets, cancelled = running_fair
    scanned = tickets["张晓雨"]
    video = write_qr_video(tmp_path / "ticket.y4m", [scanned.code])
    camera = camera_browser(browser, video)
    context = camera.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, permissions=["camera"]
    )
    context.add_init_script(NO_BARCODE_DETECTOR)
    page = context.new_page()
    page.set_default_timeout(20_000)
    base = live_server.url
    try:
        log_in(page, base, staff.email)
        page.goto(base + f"/fairs/{fair.pk}/checkin/")
        page.fill("#door-name", "东门")
        page.dispatch_event("#door-name", "change")
        # The list of the fair's tickets is saved on the device.
        expect(page.locator("#door-list")).to_contain_text("5")
        assert page.evaluate("'BarcodeDetector' in window") is False

        # The camera: the vendored zxing-wasm decoder reads the QR code.
        page.click("#start-scan")
        page.wait_for_selector("#decoder[data-decoder=zxing]")
        page.wait_for_selector("#checkin-result [data-result=ok]")
        assert "张晓雨" in last_result(page).inner_text()
        assert page.locator("#scan-result").get_attribute("data-signal") == "ok"
        scanned.refresh_from_db()
        assert scanned.checked_in_at is not None
        assert scanned.checked_in_door == "东门"
        page.click("#stop-scan")
        page.wait_for_selector("#scan-result", state="hidden")

        # Another door (online) checks 王芳 in meanwhile; this door does not know yet.
        services.check_in(fair=fair, code=tickets["王芳"].code, by=staff, door="西门")

        # The network goes: this door decides on its own list.
        context.set_offline(True)
        page.wait_for_selector("#door-network[data-state=offline]")
        type_code(page, tickets["李明"].code)
        page.wait_for_selector("#checkin-result [data-result=ok][data-offline='1']")
        assert "李明" in last_result(page).inner_text()
        type_code(page, tickets["李明"].code)
        page.wait_for_selector("#checkin-result [data-result=again][data-offline='1']")
        type_code(page, cancelled.code)
        page.wait_for_selector("#checkin-result [data-outcome=cancelled]")
        assert page.locator("#scan-result").get_attribute("data-signal") == "refused"
        type_code(page, "ZZZZZZZZZZ")
        page.wait_for_selector("#checkin-result [data-outcome=unknown]")
        type_code(page, tickets["王芳"].code)
        page.wait_for_selector("#checkin-result [data-result=ok][data-offline='1']")
        assert page.locator("#door-queue").get_attribute("data-queued") == "2"

        # Reopened without the network, the page comes from the service worker and still works.
        page.reload()
        page.wait_for_selector("#door-network[data-state=offline]")
        expect(page.locator("#door-queue")).to_have_attribute("data-queued", "2")
        type_code(page, tickets["赵磊"].code)
        page.wait_for_selector("#checkin-result [data-result=ok][data-offline='1']")
        assert Ticket.objects.filter(fair=fair, checked_in_at__isnull=False).count() == 2

        # The network returns: the queue is sent once, and the double entry is reported.
        context.set_offline(False)
        expect(page.locator("#door-queue")).to_have_attribute("data-queued", "0", timeout=30_000)
        page.wait_for_selector("#conflicts:not([hidden]) li[data-outcome=duplicate]")
        assert "王芳" in page.locator("#conflict-list").inner_text()
        assert page.locator("#conflict-list li").count() == 1
    finally:
        context.close()
        camera.close()

    checked_in = Ticket.objects.filter(fair=fair, checked_in_at__isnull=False)
    assert set(checked_in.values_list("graduate__full_name", flat=True)) == {
        "张晓雨",
        "李明",
        "王芳",
        "赵磊",
    }
    assert checked_in.get(graduate__full_name="李明").checked_in_door == "东门"
    assert checked_in.get(graduate__full_name="王芳").checked_in_door == "西门"
    outcomes = sorted(OfflineScan.objects.filter(fair=fair).values_list("outcome", flat=True))
    assert outcomes == ["accepted", "accepted", "duplicate"]


def test_a_graduate_checks_in_at_the_kiosk_with_their_own_ticket(
    live_server, running_fair, tmp_path, browser
):
    fair, staff, tickets, _cancelled = running_fair
    ticket = tickets["赵磊"]
    _kiosk, key = services.create_kiosk(fair=fair, name="北门自助机", by=staff)
    video = write_qr_video(tmp_path / "own-ticket.y4m", [ticket.code])
    camera = camera_browser(browser, video)
    context = camera.new_context(
        locale="zh-CN", viewport={"width": 800, "height": 1280}, permissions=["camera"]
    )
    context.add_init_script(NO_BARCODE_DETECTOR)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(live_server.url + f"/fairs/kiosk/{key}/")
        assert page.locator("a[href*='/accounts/']").count() == 0  # nobody is signed in
        page.click("#start-scan")
        page.wait_for_selector("#checkin-result [data-result=ok]")
        assert "赵磊" in page.locator("#scan-result .scan-result-message").inner_text()
        assert page.locator("#scan-result .scan-result-summary").inner_text() == ""
    finally:
        context.close()
        camera.close()
    ticket.refresh_from_db()
    assert ticket.checked_in_door == "北门自助机"
    assert ticket.checked_in_by is None

"""The door app: the staff's check-in page and the self check-in kiosk, the JSON their script
calls (a scan, the fair's hashed ticket list for working offline, the sync of what was admitted
offline), the web app manifest, the service worker, and the kiosks the staff set up.

The scripts authenticate with a header, never the session: `DoorPass <signed pass>` on the staff
page, `Kiosk <key>` on a kiosk. A scan then reads no session or user row, and since no cookie
authenticates it, it needs no CSRF token (`csrf_exempt` is safe here for that reason only).
"""

from __future__ import annotations

import json
from functools import cache

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST

from core.web import add_service_errors, error_text
from fairs import selectors, services
from fairs.door_json import (
    offline_scan_message,
    parse_admissions,
    parse_uuid,
    scan_json,
    sync_results,
)
from fairs.forms import CheckInForm, KioskForm
from fairs.models import Kiosk
from fairs.permissions import access_managed_fair
from fairs.services.checkin import Desk

SW_SCOPE = "/fairs/"
# The pages that may run the WebAssembly QR decoder: compiling it needs 'wasm-unsafe-eval'
# (which allows WebAssembly only, not eval of strings).
DECODER_POLICY = {"script-src": ["'wasm-unsafe-eval'"]}


# --- Pages ------------------------------------------------------------------------------------


@login_required
@csp_update(DECODER_POLICY)
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff's check-in page: the door app (camera, offline list, sync) for browsers with
    JavaScript, and a form that posts a typed code for those without."""
    fair = access_managed_fair(request.user, pk)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(fair=fair, code=form.cleaned_data["code"], by=request.user)
            form = CheckInForm()
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "fair": fair,
        "form": form,
        "result": result,
        "counters": selectors.fair_counters(fair),
        "closed": services.check_in_refusal(fair),
        "door": _door_config(fair.pk, mode="staff"),
        "door_pass": services.issue_door_pass(fair=fair, by=request.user),
        "texts": door_texts(),
    }
    return render(request, "fairs/checkin.html", context)


@csp_update(DECODER_POLICY)
def kiosk_page(request: HttpRequest, key: str) -> HttpResponse:
    """The self check-in kiosk (no account on screen): the key in its address is its only
    credential, good for checking tickets in at its fair until the staff switch it off."""
    desk = services.kiosk_desk(key)
    if desk is None:
        return render(request, "fairs/kiosk_off.html", status=404)
    context = {
        "desk": desk,
        "key": key,
        "door": _door_config(desk.fair_id, mode="kiosk", key=key),
        "texts": door_texts(),
        "form": CheckInForm(),
        "door_name": desk.door,
    }
    response = render(request, "fairs/kiosk.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the key is in the address
    return response


def _door_config(fair_id: int, *, mode: str, key: str = "") -> dict:
    """What the door script reads from the page: its mode, its URLs and the decoder's files."""
    manifest = (
        reverse("fairs:kiosk_manifest", args=[key])
        if key
        else reverse("fairs:checkin_manifest", args=[fair_id])
    )
    return {
        "mode": mode,
        "fair": fair_id,
        "scan_url": reverse("fairs:door_scan", args=[fair_id]),
        "tickets_url": reverse("fairs:door_tickets", args=[fair_id]),
        "sync_url": reverse("fairs:door_sync", args=[fair_id]),
        "sw_url": reverse("fairs:door_sw"),
        "sw_scope": SW_SCOPE,
        "manifest_url": manifest,
        "decoder_url": static("vendor/zxing/barcode-detector.js"),
        "wasm_url": static("vendor/zxing/zxing_reader.wasm"),
    }


def door_texts() -> dict[str, str]:
    """The door script's words, translated here (the script itself holds none)."""
    return {
        "online": _("Online"),
        "offline": _("Offline: admitting from this device's list"),
        "list_saved": _("%(count)s tickets on this device, saved at %(when)s"),
        "no_list_yet": _("No ticket list on this device yet"),
        "queued": _("%(count)s admissions waiting to sync"),
        "synced": _("Every admission is synced"),
        "no_list": _(
            "This device has no ticket list yet: connect to the network once to download it."
        ),
        "unknown": _("No ticket has the code %(code)s."),
        "unknown_offline": _(
            "The code %(code)s is not on this device's list: no ticket of this fair has it."
        ),
        "cancelled": _("This ticket was cancelled: it cannot be checked in."),
        "waitlisted": _("This ticket is on the waiting list: it cannot be checked in."),
        "closed": _("Check-in is closed: the fair is not open."),
        "admitted_offline": _("%(name)s checked in (offline: it syncs when the network returns)."),
        "admitted_here": _("%(name)s was admitted at this door at %(when)s."),
        "in_before_list": _("%(name)s had already checked in when this device saved its list."),
        "early": _("Early: their arrival slot is %(slot)s."),
        "late": _("Late: their arrival slot was %(slot)s."),
        "pass_refused": _(
            "This page may no longer check tickets in (signed out, or no longer staff of the "
            "fair): reload it."
        ),
        "kiosk_refused": _("This kiosk has been switched off. Please see the staff."),
        "server_error": _("The server could not answer: try again."),
        "camera_denied": _(
            "The camera could not be opened: allow it in the browser's settings, or type the code."
        ),
        "camera_missing": _("This browser cannot use a camera here: type the code instead."),
        "camera_needs_https": _(
            "Cameras work only on pages opened over HTTPS: open this page with https://, or "
            "type the code."
        ),
        "decoder_native": _("Scanning with the browser's own QR detector."),
        "decoder_zxing": _("Scanning with the built-in QR decoder."),
        "decoder_failed": _("The QR decoder could not start on this browser: type the code."),
        "torch_on": _("Torch on"),
        "torch_off": _("Torch off"),
        "conflict_duplicate": _(
            "Double entry: %(name)s was admitted at %(door)s at %(when)s, but had already come "
            "in at %(first)s."
        ),
        "conflict_cancelled": _(
            "%(name)s was admitted at %(door)s at %(when)s, but the ticket had been cancelled "
            "meanwhile."
        ),
        "conflict_unknown": _(
            "The code %(code)s admitted at %(door)s at %(when)s is no ticket of this fair."
        ),
        "kiosk_welcome": _("Welcome, %(name)s!"),
        "kiosk_see_staff": _("Please see the staff at the door."),
    }


# --- The door script's JSON ----------------------------------------------------------------------


class _Refused(Exception):
    pass


def _desk(request: HttpRequest, fair_id: int) -> Desk:
    """The desk the request's header opens at this fair; _Refused otherwise."""
    scheme, _sep, credential = request.headers.get("Authorization", "").partition(" ")
    credential = credential.strip()
    desk = None
    if scheme == "DoorPass":
        desk = services.desk_for_pass(credential, fair_id)
    elif scheme == "Kiosk":
        desk = services.kiosk_desk(credential)
        if desk is not None and desk.fair_id != fair_id:
            desk = None
    if desk is None:
        raise _Refused
    return desk


def _refused() -> JsonResponse:
    return JsonResponse(
        {"error": _("This device may not check tickets in at this fair.")}, status=403
    )


def _body(request: HttpRequest) -> dict | None:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
@require_POST
def door_scan(request: HttpRequest, pk: int) -> JsonResponse:
    """One scan: {"code", "door", "scan": uuid} → what the door shows."""
    try:
        desk = _desk(request, pk)
    except _Refused:
        return _refused()
    data = _body(request)
    if data is None or not isinstance(data.get("code", ""), str):
        return JsonResponse({"error": _("Send the ticket code as JSON.")}, status=400)
    scan_id = None
    if data.get("scan"):
        scan_id = parse_uuid(data["scan"])
        if scan_id is None:
            return JsonResponse({"error": _("The scan's number is not valid.")}, status=400)
    door = data.get("door") if isinstance(data.get("door"), str) else ""
    try:
        scan = services.check_in_at(desk.at(door), data.get("code", ""), scan_id=scan_id)
    except ValidationError as error:
        return JsonResponse({"error": error_text(error)}, status=400)
    return JsonResponse(scan_json(scan))


@gzip_page
@require_GET
def door_tickets(request: HttpRequest, pk: int) -> JsonResponse:
    """The fair's tickets as a door keeps them to work offline: hashed codes, names, status,
    arrival slots; with a renewed door pass for the staff page."""
    try:
        desk = _desk(request, pk)
    except _Refused:
        return _refused()
    data = selectors.door_ticket_list(desk)
    if desk.user_id is not None:
        data["pass"] = services.renew_door_pass(desk)
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def door_sync(request: HttpRequest, pk: int) -> JsonResponse:
    """What a door admitted offline: {"scans": [{"scan", "code", "scanned_at", "door"}]} →
    {"results": [{"scan", "outcome", "message", …}]}, one per scan, in order. A bad item
    refuses the whole batch (nothing recorded) and says which and why."""
    try:
        desk = _desk(request, pk)
    except _Refused:
        return _refused()
    data = _body(request)
    try:
        admissions = parse_admissions(data.get("scans") if data else None)
    except ValidationError as error:
        return JsonResponse({"error": error_text(error)}, status=400)
    rows = services.sync_offline_admissions(desk=desk, admissions=admissions)
    return JsonResponse({"results": sync_results(rows)})


# --- Web app --------------------------------------------------------------------------------


def _manifest(name: str, start_url: str) -> JsonResponse:
    manifest = {
        "name": name,
        "short_name": _("Check-in"),
        "start_url": start_url,
        "scope": start_url,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#1d6f42",
        "icons": [
            {
                "src": static(f"fairs/door-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@login_required
def checkin_manifest(request: HttpRequest, pk: int) -> JsonResponse:
    fair = access_managed_fair(request.user, pk)
    name = _("Check-in · %(fair)s") % {"fair": fair.title}
    return _manifest(name, reverse("fairs:checkin", args=[fair.pk]))


def kiosk_manifest(request: HttpRequest, key: str) -> JsonResponse:
    desk = services.kiosk_desk(key)
    if desk is None:
        raise Http404
    name = _("Self check-in · %(fair)s") % {"fair": desk.fair_title}
    return _manifest(name, reverse("fairs:kiosk", args=[key]))


@cache
def _service_worker() -> bytes:
    path = finders.find("fairs/checkin-sw.js")
    with open(path, "rb") as source:
        return source.read()


def door_service_worker(request: HttpRequest) -> HttpResponse:
    """The door app's service worker, a static file served from /fairs/ so that its scope covers
    the check-in and kiosk pages (a worker's scope is at most the folder it is served from)."""
    response = HttpResponse(_service_worker(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


# --- Kiosks (set up by the staff) -----------------------------------------------------------


@login_required
def kiosks(request: HttpRequest, pk: int) -> HttpResponse:
    """The fair's kiosks: set one up (its address, with its key, is shown once), switch off."""
    fair = access_managed_fair(request.user, pk)
    form = KioskForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            kiosk, key = services.create_kiosk(
                fair=fair, name=form.cleaned_data["name"], by=request.user
            )
            created = {
                "kiosk": kiosk,
                "url": request.build_absolute_uri(reverse("fairs:kiosk", args=[key])),
            }
            form = KioskForm()
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "fair": fair,
        "form": form,
        "created": created,
        "kiosks": fair.kiosks.select_related("created_by", "revoked_by").order_by(
            "revoked_at", "name"
        ),
    }
    response = render(request, "fairs/kiosks.html", context)
    response["Cache-Control"] = "no-store"  # the page may show a key
    return response


@login_required
@require_POST
def kiosk_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    kiosk = get_object_or_404(Kiosk.objects.select_related("fair"), pk=pk)
    access_managed_fair(request.user, kiosk.fair_id)
    try:
        services.revoke_kiosk(kiosk=kiosk, by=request.user)
        messages.success(request, _("The kiosk %(name)s is switched off.") % {"name": kiosk.name})
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request, error_text(error) if isinstance(error, ValidationError) else str(error)
        )
    return redirect("fairs:kiosks", pk=kiosk.fair_id)


# --- The door board (organisers) ------------------------------------------------------------


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The live door board: the page, and (for htmx, every few seconds) its figures alone."""
    fair = access_managed_fair(request.user, pk)
    figures = selectors.door_board(fair)
    conflicts = [
        (
            row,
            offline_scan_message(
                row, selectors.holder_name(row.ticket.graduate) if row.ticket else ""
            ),
        )
        for row in figures["conflicts"]
    ]
    context = {"fair": fair, "board": figures, "conflicts": conflicts}
    template = "fairs/_board.html" if request.htmx else "fairs/board.html"
    return render(request, template, context)

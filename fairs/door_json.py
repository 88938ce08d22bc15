"""The JSON of a check-in, shared by the door app's endpoints (fairs.doors) and the API: a scan,
the admissions a door sends after working offline, and what the server made of each."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.times import local_minute
from fairs.models import OfflineScan
from fairs.selectors import holder_name
from fairs.services.checkin import OfflineAdmission, Scan, window_label

SYNC_BATCH_MAX = 500


def parse_uuid(value) -> uuid.UUID | None:
    """A UUID from JSON, or None."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def scan_json(scan: Scan) -> dict:
    """A scan as the door script (and the API) reads it."""
    return {
        "outcome": scan.outcome,
        "signal": scan.signal,
        "first_time": scan.first_time,
        "message": scan.message,
        "note": scan.arrival_note,
        "code": scan.code,
        "name": scan.name,
        "summary": scan.summary,
        "checked_in_at": scan.checked_in_at.isoformat() if scan.checked_in_at else None,
        "door": scan.door,
        "arrival_slot": window_label(*scan.window) if scan.window else "",
        "arrival": scan.arrival,
    }


def parse_admissions(items) -> list[OfflineAdmission]:
    """The admissions a door sends: a non-empty list of at most SYNC_BATCH_MAX {"scan" (a UUID
    the door drew), "code", "scanned_at" (ISO 8601 with its zone), "door"}; a ValidationError
    names the first bad one."""
    if not isinstance(items, list) or not items:
        raise ValidationError(_("Send the admissions as a list of scans."))
    if len(items) > SYNC_BATCH_MAX:
        raise ValidationError(_("Send at most %(n)s scans at once.") % {"n": SYNC_BATCH_MAX})
    return [_admission(item, index) for index, item in enumerate(items)]


def _admission(item, index: int) -> OfflineAdmission:
    def bad(why: str) -> ValidationError:
        return ValidationError(_("Scan %(n)s: %(why)s") % {"n": index + 1, "why": why})

    if not isinstance(item, dict):
        raise bad(_("not an object."))
    scan_id = parse_uuid(item.get("scan"))
    if scan_id is None:
        raise bad(_("its number is not valid."))
    code = item.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 200:
        raise bad(_("no ticket code."))
    scanned_at = (
        parse_datetime(item["scanned_at"]) if isinstance(item.get("scanned_at"), str) else None
    )
    if scanned_at is None or scanned_at.tzinfo is None:
        raise bad(_("its time is not an ISO 8601 time with a time zone."))
    door = item.get("door") if isinstance(item.get("door"), str) else ""
    return OfflineAdmission(scan_id=scan_id, code=code, scanned_at=scanned_at, door=door)


def sync_results(rows: list[OfflineScan]) -> list[dict]:
    """Each synced admission as the door shows it: conflicts are what staff must see."""
    by_pk = {
        row.pk: row
        for row in OfflineScan.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "ticket__graduate__graduate_profile"
        )
    }
    return [offline_scan_json(by_pk.get(row.pk, row)) for row in rows]


def offline_scan_json(row: OfflineScan) -> dict:
    ticket = row.ticket
    name = holder_name(ticket.graduate) if ticket else ""
    return {
        "scan": str(row.scan_id),
        "outcome": row.outcome,
        "conflict": row.is_conflict,
        "message": offline_scan_message(row, name),
        "name": name,
        "code": row.code,
        "door": row.door,
        "scanned_at": row.scanned_at.isoformat(),
        "first_checked_in_at": (
            ticket.checked_in_at.isoformat() if ticket and ticket.checked_in_at else None
        ),
        "first_door": ticket.checked_in_door if ticket else "",
    }


def offline_scan_message(row: OfflineScan, name: str) -> str:
    """What a synced offline admission means for the staff: accepted, or the conflict."""
    when = local_minute(row.scanned_at)
    ticket = row.ticket
    if row.outcome == OfflineScan.Outcome.ACCEPTED:
        return _("%(name)s: admitted offline at %(when)s, recorded.") % {"name": name, "when": when}
    if row.outcome == OfflineScan.Outcome.DUPLICATE:
        return _(
            "Double entry: %(name)s was admitted at %(door)s at %(when)s, but had already come "
            "in at %(first)s (%(first_door)s)."
        ) % {
            "name": name,
            "door": row.door or "—",
            "when": when,
            "first": local_minute(ticket.checked_in_at),
            "first_door": ticket.checked_in_door or "—",
        }
    if row.outcome == OfflineScan.Outcome.CANCELLED:
        return _(
            "%(name)s was admitted at %(door)s at %(when)s, but the ticket had been cancelled "
            "meanwhile."
        ) % {"name": name, "door": row.door or "—", "when": when}
    return _("The code %(code)s admitted at %(door)s at %(when)s is no ticket of this fair.") % {
        "code": row.code,
        "door": row.door or "—",
        "when": when,
    }

"""Check-in at the door, fast enough for a fair day: who holds the desk, one statement per scan,
and the admissions doors made while they had no network.

A scan is the hot path of a fair morning (tens of thousands of graduates through a few doors), so
it costs one statement: the conditional UPDATE that checks the ticket in and returns what the
door shows (name, summary, arrival slot). The desk (the fair and the right to check tickets in
there) is one more statement, or none for a desk cached by the caller. Only a scan that admits
nobody (a second scan, another fair's ticket, a cancelled one) reads the ticket again to say why.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import DepartmentOfficer, User
from associations.models import AssociationStaff
from core.db import insert_unless_exists
from core.times import local_minute
from fairs.models import EntryWindow, Fair, Kiosk, OfflineScan, Ticket
from fairs.permissions import can_manage_fair

# A graduate may come this long before their arrival slot opens without being called early.
ARRIVAL_GRACE = timedelta(minutes=15)
DOOR_MAX_LENGTH = 40
DOOR_PASS_SALT = "fairs.door-pass"  # noqa: S105 (a signing salt, not a password)
DOOR_PASS_MAX_AGE = timedelta(hours=24)
# How long a process trusts a desk it loaded (per door pass, kiosk key or user and fair) before
# reading it again: a removed member of staff, a kiosk switched off in another process or a fair
# that closed stops scanning within this many seconds.
DESK_CACHE_SECONDS = 5
_DESK_CACHE_SIZE = 2000
_CODE = re.compile(r"[0-9A-Z]{1,16}")


class ScanOutcome(TextChoices):
    ACCEPTED = "accepted", gettext_lazy("Checked in")
    DUPLICATE = "duplicate", gettext_lazy("Already checked in")
    CANCELLED = "cancelled", gettext_lazy("Cancelled ticket")
    WAITLISTED = "waitlisted", gettext_lazy("On the waiting list")
    UNKNOWN = "unknown", gettext_lazy("Unknown ticket")
    OTHER_FAIR = "other_fair", gettext_lazy("Another fair's ticket")
    CLOSED = "closed", gettext_lazy("Check-in closed")


@dataclass(frozen=True)
class Desk:
    """Who checks tickets in, where: a fair's staff member (or an officer), or a kiosk, at a door.

    Built by `staff_desk`, `kiosk_desk` or `desk_for_pass` after the permission was checked;
    the scans it makes need no further look-up of the fair or the roles.
    """

    fair_id: int
    fair_title: str
    fair_status: str
    starts_at: datetime
    ends_at: datetime
    user_id: int | None = None
    kiosk_id: int | None = None
    door: str = ""

    def at(self, door: str) -> Desk:
        """The same desk at the door a scan names (a kiosk keeps its own)."""
        door = clean_door(door)
        if self.kiosk_id is not None or not door:
            return self
        return replace(self, door=door)


@dataclass(frozen=True)
class Scan:
    """What a scan did, as the door shows it."""

    outcome: str
    code: str
    ticket_id: int | None = None
    name: str = ""
    summary: str = ""
    checked_in_at: datetime | None = None
    door: str = ""
    window: tuple[datetime, datetime] | None = None
    arrival: str = ""  # "early" or "late" for its arrival slot, else ""
    fair_title: str = ""  # another fair's, for OTHER_FAIR
    refusal: str = ""  # why check-in is closed, for CLOSED

    @property
    def first_time(self) -> bool:
        return self.outcome == ScanOutcome.ACCEPTED

    @property
    def signal(self) -> str:
        """green "ok", amber "warn" (look again: a second scan, or outside the arrival slot) or
        red "refused"."""
        if self.outcome == ScanOutcome.ACCEPTED:
            return "warn" if self.arrival else "ok"
        if self.outcome == ScanOutcome.DUPLICATE:
            return "warn"
        return "refused"

    @property
    def message(self) -> str:
        name = self.name
        if self.outcome == ScanOutcome.ACCEPTED:
            return _("%(name)s checked in.") % {"name": name}
        if self.outcome == ScanOutcome.DUPLICATE:
            when = local_minute(self.checked_in_at)
            if self.door:
                return _("%(name)s had already checked in at %(when)s (%(door)s).") % {
                    "name": name,
                    "when": when,
                    "door": self.door,
                }
            return _("%(name)s had already checked in at %(when)s.") % {"name": name, "when": when}
        if self.outcome == ScanOutcome.OTHER_FAIR:
            return _("This ticket is for another fair: %(fair)s.") % {"fair": self.fair_title}
        if self.outcome == ScanOutcome.CANCELLED:
            return _("This ticket was cancelled: it cannot be checked in.")
        if self.outcome == ScanOutcome.WAITLISTED:
            return _("This ticket is on the waiting list: it cannot be checked in.")
        if self.outcome == ScanOutcome.CLOSED:
            return self.refusal
        return _("No ticket has the code %(code)s.") % {"code": self.code}

    @property
    def arrival_note(self) -> str:
        """Early or late for the arrival slot, with the slot, for the door to say."""
        if not self.arrival or self.window is None:
            return ""
        slot = window_label(*self.window)
        if self.arrival == "early":
            return _("Early: their arrival slot is %(slot)s.") % {"slot": slot}
        return _("Late: their arrival slot was %(slot)s.") % {"slot": slot}


def window_label(starts_at: datetime, ends_at: datetime) -> str:
    starts, ends = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return f"{starts:%m-%d %H:%M}–{ends:%H:%M}"


def arrival(window: tuple[datetime, datetime] | None, now: datetime) -> str:
    """ "early" before the slot (less its grace), "late" after it, "" within or without one."""
    if window is None:
        return ""
    if now < window[0] - ARRIVAL_GRACE:
        return "early"
    if now > window[1]:
        return "late"
    return ""


def normalise_code(code: str) -> str:
    """The ticket code in what was typed or scanned: spaces dropped, upper case, and the last
    part of a URL (the ticket's QR code holds its page's address)."""
    code = "".join((code or "").split()).upper()
    return code.rstrip("/").rsplit("/", 1)[-1]


def clean_door(door: str) -> str:
    return " ".join((door or "").split())[:DOOR_MAX_LENGTH]


def check_in_refusal(fair: Desk | Fair, now: datetime | None = None) -> str:
    """Why no ticket is checked in at this desk (or fair) now, "" while check-in is open: from
    CHECKIN_OPENS_HOURS_BEFORE hours before the fair starts until it ends, while it is open."""
    now = now or timezone.now()
    status = fair.fair_status if isinstance(fair, Desk) else fair.status
    if status not in Fair.OPEN_STATUSES:
        return _("Check-in is closed: the fair is not open.")
    opens = fair.starts_at - timedelta(hours=settings.CHECKIN_OPENS_HOURS_BEFORE)
    if now < opens:
        return _("Check-in opens at %(when)s, before the fair starts at %(start)s.") % {
            "when": local_minute(opens),
            "start": local_minute(fair.starts_at),
        }
    if now > fair.ends_at:
        return _("Check-in closed when the fair ended at %(when)s.") % {
            "when": local_minute(fair.ends_at)
        }
    return ""


# --- Desks ----------------------------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@functools.cache
def _desk_sql(vendor: str) -> tuple[str, str]:
    """The staff desk's and the kiosk's statement: the fair, and for staff whether they may
    check tickets in there (can_manage_fair's rule: an officer, or staff of the organiser or a
    co-organiser; tests hold the two to the same answers)."""
    fair = _q(Fair._meta.db_table)
    co = _q(Fair.co_organisers.through._meta.db_table)
    staff = _q(AssociationStaff._meta.db_table)
    officer = _q(DepartmentOfficer._meta.db_table)
    user = _q(User._meta.db_table)
    kiosk = _q(Kiosk._meta.db_table)
    columns = "f.id, f.title, f.status, f.starts_at, f.ends_at"
    staff_sql = (
        f"SELECT {columns}, "  # noqa: S608 (quoted table names from the models; values are params)
        f"EXISTS (SELECT 1 FROM {user} u WHERE u.id = %s AND u.is_active) AND ("
        f"EXISTS (SELECT 1 FROM {officer} o WHERE o.user_id = %s) "
        f"OR EXISTS (SELECT 1 FROM {staff} s WHERE s.user_id = %s AND (s.association_id = "
        f"f.organiser_id OR s.association_id IN "
        f"(SELECT c.association_id FROM {co} c WHERE c.fair_id = f.id)))) "
        f"FROM {fair} f WHERE f.id = %s"
    )
    kiosk_sql = (
        f"SELECT {columns}, k.id, k.name FROM {kiosk} k "  # noqa: S608
        f"JOIN {fair} f ON f.id = k.fair_id WHERE k.key_digest = %s AND k.revoked_at IS NULL"
    )
    return staff_sql, kiosk_sql


def _moment(value) -> datetime | None:
    """A timestamp column as an aware datetime (SQLite hands back text)."""
    if value is None or isinstance(value, datetime):
        if isinstance(value, datetime) and timezone.is_naive(value):
            return timezone.make_aware(value, UTC)
        return value
    moment = parse_datetime(value)
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


_desks: dict[tuple, tuple[float, Desk | None]] = {}


def _remembered(key: tuple, load) -> Desk | None:
    """The desk `load()` gives, kept for DESK_CACHE_SECONDS in this process ("roles and fair
    cached per token"): a busy door reads it every few seconds instead of on every scan."""
    now = time.time()
    kept = _desks.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    desk = load()
    if len(_desks) >= _DESK_CACHE_SIZE:
        _desks.clear()
    _desks[key] = (now + DESK_CACHE_SECONDS, desk)
    return desk


def forget_desks() -> None:
    """Drop every desk this process keeps (a kiosk switched off here stops at once)."""
    _desks.clear()


def staff_desk(user_id: int | None, fair_id: int | None) -> Desk | None:
    """The desk of a user who may check tickets in at the fair, in one statement (or none, while
    this process keeps it); None when the fair does not exist or the user may not (the caller
    answers 404 alike)."""
    if not user_id or not fair_id:
        return None
    return _remembered(("staff", user_id, fair_id), lambda: _load_staff_desk(user_id, fair_id))


def _load_staff_desk(user_id: int, fair_id: int) -> Desk | None:
    with connection.cursor() as cursor:
        cursor.execute(_desk_sql(connection.vendor)[0], [user_id, user_id, user_id, fair_id])
        row = cursor.fetchone()
    if row is None or not row[5]:
        return None
    return Desk(row[0], row[1], row[2], _moment(row[3]), _moment(row[4]), user_id=user_id)


def kiosk_key_digest(key: str) -> str:
    return hashlib.sha256((key or "").encode()).hexdigest()


def kiosk_desk(key: str) -> Desk | None:
    """The desk of a kiosk that has not been switched off, by its key; None otherwise."""
    if not key or len(key) > 200:
        return None
    return _remembered(("kiosk", key), lambda: _load_kiosk_desk(key))


def _load_kiosk_desk(key: str) -> Desk | None:
    with connection.cursor() as cursor:
        cursor.execute(_desk_sql(connection.vendor)[1], [kiosk_key_digest(key)])
        row = cursor.fetchone()
    if row is None:
        return None
    return Desk(
        row[0], row[1], row[2], _moment(row[3]), _moment(row[4]), kiosk_id=row[5], door=row[6]
    )


def issue_door_pass(*, fair: Fair, by: User) -> str:
    """A signed pass the check-in page sends with each scan instead of the session: the scan
    then skips loading the session and the user, and the pass is no ambient credential (no
    cookie), so no CSRF token is needed. It names the user and the fair; each scan still checks
    that the user may check tickets in there. Valid for a day, renewed while the page is open."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers check tickets in."))
    return signing.dumps([by.pk, fair.pk], salt=DOOR_PASS_SALT, compress=False)


def renew_door_pass(desk: Desk) -> str:
    """A fresh pass for the staff desk a valid pass opened (the page asks while it is open)."""
    return signing.dumps([desk.user_id, desk.fair_id], salt=DOOR_PASS_SALT, compress=False)


def desk_for_pass(credential: str, fair_id: int) -> Desk | None:
    """The desk a door pass opens at the fair, or None (bad, expired, another fair's, or its
    user may no longer check tickets in)."""
    return _remembered(("pass", credential, fair_id), lambda: _load_pass_desk(credential, fair_id))


def _load_pass_desk(credential: str, fair_id: int) -> Desk | None:
    try:
        user_id, pass_fair_id = signing.loads(
            credential, salt=DOOR_PASS_SALT, max_age=DOOR_PASS_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if pass_fair_id != fair_id:
        return None
    return _load_staff_desk(user_id, fair_id)


# --- Scanning -------------------------------------------------------------------------------


@functools.cache
def _scan_sql(vendor: str) -> tuple[str, str]:
    """The scan's UPDATE (checks the ticket in if it is this fair's, active and not yet in,
    returning what the door shows) and the look-up that says why a scan admitted nobody."""
    ticket = _q(Ticket._meta.db_table)
    user = _q(User._meta.db_table)
    profile_model = User.graduate_profile.related.related_model  # candidates', above fairs
    profile = _q(profile_model._meta.db_table)
    window = _q(EntryWindow._meta.db_table)
    fair = _q(Fair._meta.db_table)
    t = ticket

    def of_profile(column: str) -> str:
        return f"(SELECT p.{column} FROM {profile} p WHERE p.user_id = {t}.graduate_id)"  # noqa: S608

    def of_window(column: str) -> str:
        return f"(SELECT w.{column} FROM {window} w WHERE w.id = {t}.entry_window_id)"  # noqa: S608

    shown = (
        f"{t}.id, "  # noqa: S608
        f"(SELECT u.full_name FROM {user} u WHERE u.id = {t}.graduate_id), "
        f"(SELECT u.email FROM {user} u WHERE u.id = {t}.graduate_id), "
        f"{of_profile('full_name')}, {of_profile('university')}, {of_profile('major')}, "
        f"{of_profile('degree')}, {of_profile('graduation_year')}, "
        f"{of_window('starts_at')}, {of_window('ends_at')}"
    )
    update = (
        f"UPDATE {t} SET checked_in_at = %s, checked_in_by_id = %s, checked_in_door = %s, "  # noqa: S608
        "checked_in_kiosk_id = %s, checked_in_scan = %s "
        "WHERE code = %s AND fair_id = %s AND status = 'active' AND checked_in_at IS NULL "
        f"RETURNING {shown}"
    )
    why = (
        f"SELECT {shown}, {t}.fair_id, {t}.status, {t}.checked_in_at, {t}.checked_in_door, "  # noqa: S608
        f"(SELECT f.title FROM {fair} f WHERE f.id = {t}.fair_id) "
        f"FROM {t} WHERE {t}.code = %s"
    )
    return update, why


def _shown(row) -> dict:
    """The columns every scan statement returns, as a Scan's fields."""
    (
        ticket_id,
        user_name,
        email,
        profile_name,
        university,
        major,
        degree,
        year,
        window_start,
        window_end,
    ) = row[:10]
    window = None
    if window_start is not None:
        window = (_moment(window_start), _moment(window_end))
    return {
        "ticket_id": ticket_id,
        "name": profile_name or user_name or email,
        "summary": graduate_summary(university, major, degree, year),
        "window": window,
    }


def graduate_summary(university: str, major: str, degree: str, year) -> str:
    """University, major, degree and year, as the door reads them (no photo, no phone)."""
    parts = [university or "", major or "", _degree_label(degree) if degree else ""]
    if year:
        parts.append(_("class of %(year)s") % {"year": year})
    return " · ".join(part for part in parts if part)


@functools.cache
def _degree_labels(language: str) -> dict[str, str]:
    profile_model = User.graduate_profile.related.related_model  # candidates', above fairs
    return {
        value: str(label) for value, label in profile_model._meta.get_field("degree").flatchoices
    }


def _degree_label(degree: str) -> str:
    return _degree_labels(get_language() or "").get(degree, "")


def check_in_at(
    desk: Desk, code: str, *, scan_id: uuid.UUID | None = None, now: datetime | None = None
) -> Scan:
    """Check a ticket in at the desk: this fair's active ticket not yet in is admitted (once,
    whoever scans it at once); any other scan admits nobody and says why (already in, when and
    at which door; another fair's; cancelled; on the waiting list; unknown; check-in closed).

    One statement for an admission; a refusal reads the ticket once more to say why.
    """
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": _("Enter or scan a ticket code.")})
    if not _CODE.fullmatch(code):
        return Scan(ScanOutcome.UNKNOWN, code[:24])
    now = now or timezone.now()
    update_sql, why_sql = _scan_sql(connection.vendor)
    refusal = check_in_refusal(desk, now)
    with connection.cursor() as cursor:
        if not refusal:
            cursor.execute(
                update_sql,
                [
                    now,
                    desk.user_id,
                    desk.door,
                    desk.kiosk_id,
                    scan_id.hex if scan_id and connection.vendor == "sqlite" else scan_id,
                    code,
                    desk.fair_id,
                ],
            )
            row = cursor.fetchone()
            if row is not None:
                shown = _shown(row)
                return Scan(
                    ScanOutcome.ACCEPTED,
                    code,
                    checked_in_at=now,
                    door=desk.door,
                    arrival=arrival(shown["window"], now),
                    **shown,
                )
        cursor.execute(why_sql, [code])
        row = cursor.fetchone()
    if row is None:
        return Scan(ScanOutcome.UNKNOWN, code)
    shown = _shown(row)
    fair_id, status, checked_in_at, door, fair_title = row[10:15]
    if fair_id != desk.fair_id:
        return Scan(ScanOutcome.OTHER_FAIR, code, fair_title=fair_title)
    if checked_in_at is not None:
        return Scan(
            ScanOutcome.DUPLICATE, code, checked_in_at=_moment(checked_in_at), door=door, **shown
        )
    if status == Ticket.Status.CANCELLED:
        return Scan(ScanOutcome.CANCELLED, code, **shown)
    if status == Ticket.Status.WAITLISTED:
        return Scan(ScanOutcome.WAITLISTED, code, **shown)
    return Scan(ScanOutcome.CLOSED, code, refusal=refusal or check_in_refusal(desk, now), **shown)


@dataclass(frozen=True)
class CheckIn:
    """A check-in as the staff's form and the older callers read it: the ticket, and whether
    this scan admitted it."""

    ticket: Ticket
    first_time: bool
    scan: Scan

    @property
    def message(self) -> str:
        return self.scan.message


def check_in(*, fair: Fair, code: str, by: User, door: str = "") -> CheckIn:
    """Check a ticket in as a member of the fair's staff (`check_in_at`): twice is harmless;
    another fair's, a cancelled or a waiting ticket is refused with a ValidationError."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers check tickets in."))
    desk = Desk(fair.pk, fair.title, fair.status, fair.starts_at, fair.ends_at, user_id=by.pk).at(
        door
    )
    scan = check_in_at(desk, code)
    if scan.outcome == ScanOutcome.CLOSED:
        raise ValidationError(scan.message, code="check_in_closed")
    if scan.outcome not in (ScanOutcome.ACCEPTED, ScanOutcome.DUPLICATE):
        raise ValidationError({"code": scan.message}, code=scan.outcome)
    ticket = Ticket.objects.select_related("graduate", "checked_in_by").get(pk=scan.ticket_id)
    return CheckIn(ticket=ticket, first_time=scan.first_time, scan=scan)


# --- Doors without network -------------------------------------------------------------------


@dataclass(frozen=True)
class OfflineAdmission:
    """A ticket a door admitted on its own list while it had no network."""

    scan_id: uuid.UUID
    code: str
    scanned_at: datetime
    door: str = ""


def sync_offline_admissions(*, desk: Desk, admissions: list[OfflineAdmission]) -> list[OfflineScan]:
    """Record what a door admitted without the network, each scan once: the ticket is checked in
    at the time the door admitted it unless it was in already (a double entry: another door, or
    the same ticket shown twice), cancelled meanwhile, or unknown here. A door that syncs again
    (its answer lost) is answered from the rows of its first sync; a scan the server had taken
    before the network failed is accepted, not called a double entry. Returns one row per
    admission, in the order given."""
    now = timezone.now()
    results = []
    for admission in admissions:
        with transaction.atomic():
            results.append(_sync_one(desk, admission, now))
    return results


def _sync_one(desk: Desk, admission: OfflineAdmission, now: datetime) -> OfflineScan:
    known = OfflineScan.objects.filter(scan_id=admission.scan_id).first()
    if known is not None:
        return known
    code = normalise_code(admission.code)
    scanned_at = min(admission.scanned_at, now)
    door = clean_door(admission.door) if desk.kiosk_id is None else desk.door
    ticket = (
        Ticket.objects.select_for_update().filter(code=code, fair_id=desk.fair_id).first()
        if _CODE.fullmatch(code)
        else None
    )
    if ticket is None:
        outcome = OfflineScan.Outcome.UNKNOWN
    elif ticket.checked_in_scan == admission.scan_id:
        outcome = OfflineScan.Outcome.ACCEPTED
    elif ticket.checked_in_at is not None:
        outcome = OfflineScan.Outcome.DUPLICATE
    elif ticket.status != Ticket.Status.ACTIVE:
        outcome = OfflineScan.Outcome.CANCELLED
    else:
        outcome = OfflineScan.Outcome.ACCEPTED
        ticket.checked_in_at = scanned_at
        ticket.checked_in_by_id = desk.user_id
        ticket.checked_in_kiosk_id = desk.kiosk_id
        ticket.checked_in_door = door
        ticket.checked_in_scan = admission.scan_id
        ticket.save(
            update_fields=[
                "checked_in_at",
                "checked_in_by",
                "checked_in_kiosk",
                "checked_in_door",
                "checked_in_scan",
            ]
        )
    row = OfflineScan(
        fair_id=desk.fair_id,
        scan_id=admission.scan_id,
        code=code[:16],
        ticket=ticket,
        door=door,
        scanned_at=scanned_at,
        outcome=outcome,
        synced_by_id=desk.user_id,
        kiosk_id=desk.kiosk_id,
    )
    if not insert_unless_exists(row, unique_fields=("scan_id",)):
        # The same scan synced at this moment by another request: its answer stands (and this
        # transaction's check-in, if any, is rolled back with it).
        transaction.set_rollback(True)
        return OfflineScan.objects.get(scan_id=admission.scan_id)
    return row


def offline_list_salt(fair_id: int) -> str:
    """The fair's salt of the hashed codes a door keeps for working without the network: the
    same for every door and refresh (derived from SECRET_KEY), another for each fair."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:fairs.offline:{fair_id}".encode())
    return digest.hexdigest()[:16]


def hashed_code(salt: str, code: str) -> str:
    """What the door's list keeps of a code: SHA-256 of salt and code, 80 bits of it (the door
    computes the same from what it scans; the codes themselves are not on the phone)."""
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()[:20]

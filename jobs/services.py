"""Every state change of a position: its lifecycle, duplication, import and moderation (举报).

Each service checks permission and rules, writes inside a transaction, records a PositionEvent
and, when what is indexed may have changed, schedules re-indexing once the transaction commits.
"""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from associations.services import require_verified
from jobs import importing, permissions
from jobs.models import Position, PositionEvent, PositionReport
from search.sync import schedule_position_index, schedule_positions_index

S = Position.Status
T = Position.TRANSITIONS

EDITABLE_FIELDS = (
    "title",
    "category",
    "description",
    "requirements",
    "city",
    "district",
    "salary_min",
    "salary_max",
    "education",
    "majors",
    "headcount",
    "job_type",
    "deadline",
)
# Relations the importer resolves itself from preloaded rows (no query per row).
FK_FIELDS = ("enterprise", "created_by", "city", "district")


def _record(
    position: Position,
    *,
    by: User | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> PositionEvent:
    return PositionEvent.objects.create(
        position=position,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status or position.status,
        note=note,
    )


# 、，,;； and line breaks separate majors; so does a space next to a Chinese character
# (计算机 软件工程), but not one between Latin words (Computer Science is one major).
_MAJOR_SEPARATORS = re.compile(r"[、，,;；\n\t]+|\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def clean_majors(value) -> list[str]:
    """Majors as a list of distinct tags (a string is split as _MAJOR_SEPARATORS says)."""
    if isinstance(value, str):
        value = _MAJOR_SEPARATORS.split(value)
    seen: list[str] = []
    for major in value or ():
        major = " ".join(str(major).split())
        if major and major not in seen:
            seen.append(major)
    return seen


def validate_position(position: Position, *, publishing: bool = False, check_fk=True) -> None:
    """The rules every position keeps; publishing adds a deadline not in the past.

    Raises one ValidationError naming each field at fault.
    """
    errors: dict[str, list[str]] = {}
    position.majors = clean_majors(position.majors)
    exclude = [] if check_fk else list(FK_FIELDS)
    try:
        position.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    low, high = position.salary_min, position.salary_max
    if low is not None and high is not None and low > high:
        errors.setdefault("salary_max", []).append(
            _("The maximum salary must not be lower than the minimum.")
        )
    if position.headcount is not None and position.headcount < 1:
        errors.setdefault("headcount", []).append(_("Recruit at least one person."))
    if (
        position.district_id
        and position.city_id
        and position.district.parent_id != position.city_id
    ):
        errors.setdefault("district", []).append(
            _("%(district)s is not in the chosen city.") % {"district": position.district}
        )
    if publishing and position.deadline and position.deadline < timezone.localdate():
        errors.setdefault("deadline", []).append(
            _("The application deadline has passed: choose a later date.")
        )
    if errors:
        raise ValidationError(errors)


def _require_manager(by: User, position: Position) -> None:
    if not permissions.can_manage_position(by, position):
        raise PermissionDenied(
            _("You can manage only the positions of enterprises you recruit for.")
        )


def _require_moderator(by: User, position: Position) -> None:
    if not permissions.can_moderate_position(by, position):
        raise PermissionDenied(
            _(
                "Only staff of an association the enterprise is a member of, or department "
                "officers, moderate this position."
            )
        )


def _set_fields(position: Position, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown position fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(position, name, value)


def _lock(position: Position) -> Position:
    return Position.objects.select_for_update().select_related("enterprise").get(pk=position.pk)


# --- the lifecycle ------------------------------------------------------------------------------


def create_position(*, enterprise, by: User, **fields) -> Position:
    """A recruiter of the enterprise writes a new position, as a draft."""
    if not permissions.can_recruit_for(by, enterprise):
        raise PermissionDenied(_("You can create positions only for enterprises you recruit for."))
    position = Position(enterprise=enterprise, created_by=by)
    _set_fields(position, fields)
    validate_position(position)
    with transaction.atomic():
        position.save()
        _record(position, by=by, action="created", to_status=S.DRAFT)
    return position


def update_position(*, position: Position, by: User, **fields) -> Position:
    """Recruiters edit a position in any status; a published one keeps a deadline ahead.

    Only the edited fields are written, to the locked row: a position closed, filled or suspended
    while the recruiter was typing stays so (saving the form's stale copy would undo that).
    """
    _require_manager(by, position)
    with transaction.atomic():
        position = _lock(position)
        _set_fields(position, fields)
        validate_position(position, publishing=position.status == S.PUBLISHED)
        position.save(update_fields=[*fields, "updated_at"])
        _record(position, by=by, action="edited", from_status=position.status)
        schedule_position_index(position.pk)
    return position


def publish_position(*, position: Position, by: User) -> Position:
    """A draft goes public; only verified enterprises publish, with a deadline not passed."""

    _require_manager(by, position)
    with transaction.atomic():
        position = _lock(position)
        T.require(
            "publish",
            position.status,
            _("Only drafts can be published; this position is %(status)s.")
            % {"status": position.get_status_display()},
        )
        require_verified(position.enterprise)
        validate_position(position, publishing=True)
        position.status = T.target("publish")
        position.published_at = timezone.now()
        position.closed_at = None
        position.save()
        _record(position, by=by, action="published", from_status=S.DRAFT)
        schedule_position_index(position.pk)
    return position


def close_position(*, position: Position, by: User) -> Position:
    """A published (or unlisted) position stops taking applications.

    Closed while its recruiters were asked whether it is still hiring, the event says so
    (note "hiring_check"): the answer "no longer hiring" is counted from it.
    """
    _require_manager(by, position)
    with transaction.atomic():
        position = _lock(position)
        T.require(
            "close",
            position.status,
            _("Only published positions can be closed; this position is %(status)s.")
            % {"status": position.get_status_display()},
        )
        answering_check = position.hiring_check_at is not None or position.status == S.UNLISTED
        from_status = position.status
        position.status = T.target("close")
        position.closed_at = timezone.now()
        position.hiring_check_at = None
        position.save()
        _record(
            position,
            by=by,
            action="closed",
            from_status=from_status,
            note=HIRING_CHECK if answering_check else "",
        )
        schedule_position_index(position.pk)
    return position


def reopen_position(*, position: Position, by: User) -> Position:
    """A closed, expired or filled position is published again (verified, deadline ahead)."""

    _require_manager(by, position)
    with transaction.atomic():
        position = _lock(position)
        T.require(
            "reopen",
            position.status,
            _("Only closed, expired or filled positions can be reopened; this one is %(status)s.")
            % {"status": position.get_status_display()},
        )
        require_verified(position.enterprise)
        validate_position(position, publishing=True)
        from_status = position.status
        position.status = T.target("reopen")
        position.closed_at = None
        position.save()
        _record(position, by=by, action="reopened", from_status=from_status)
        schedule_position_index(position.pk)
    return position


def duplicate_position(*, position: Position, by: User) -> Position:
    """A new draft with the same content; a deadline already passed is left empty."""
    _require_manager(by, position)
    fields = {name: getattr(position, name) for name in EDITABLE_FIELDS}
    fields["majors"] = list(position.majors or [])
    if fields["deadline"] and fields["deadline"] < timezone.localdate():
        fields["deadline"] = None
    copy = Position(enterprise=position.enterprise, created_by=by, **fields)
    with transaction.atomic():
        copy.save()
        _record(copy, by=by, action="duplicated", to_status=S.DRAFT, note=f"#{position.pk}")
    return copy


def delete_position(*, position: Position, by: User) -> None:
    """Recruiters delete drafts; a position that was ever public stays, closed, for the record."""
    _require_manager(by, position)
    T.require(
        "delete", position.status, _("Only drafts can be deleted: close the position instead.")
    )
    position.delete()


def mark_filled_if_complete(*, position: Position, hires: int) -> bool:
    """Called when a hire is recorded: a published position whose hires reached the headcount
    becomes filled. Takes the number of hires so that jobs never reads applications."""
    with transaction.atomic():
        position = _lock(position)
        if not T.allows("fill", position.status) or hires < position.headcount:
            return False
        position.status = T.target("fill")
        position.closed_at = timezone.now()
        position.save()
        _record(
            position,
            by=None,
            action="filled",
            from_status=S.PUBLISHED,
            note=_("%(hires)s of %(headcount)s hired")
            % {"hires": hires, "headcount": position.headcount},
        )
        schedule_position_index(position.pk)
    return True


def expire_positions(*, today: datetime.date | None = None) -> int:
    """Published positions whose deadline has passed become expired; returns how many.

    Safe to run twice: only rows still published with a passed deadline change.
    """
    today = today or timezone.localdate()
    expired = 0
    ids = list(
        Position.objects.filter(status__in=T.sources("expire"), deadline__lt=today).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            position = Position.objects.select_for_update().filter(pk=pk).first()
            if position is None or not T.allows("expire", position.status):
                continue
            if not position.deadline or position.deadline >= today:
                continue
            from_status = position.status
            position.status = T.target("expire")
            position.closed_at = timezone.now()
            position.save()
            _record(position, by=None, action="expired", from_status=from_status)
            schedule_position_index(position.pk)
            expired += 1
    return expired


# --- still hiring? (还在招吗？): no ghost jobs ------------------------------------------------

HIRING_CHECK = "hiring_check"  # the event of asking, and the note of a close that answers it
HIRING_CONFIRMED = "hiring_confirmed"
UNLISTED = "unlisted"
# Why recruiters are asked: no pipeline activity for a while, or applications left unanswered.
CHECK_REASONS = ("idle", "unanswered")


def ask_whether_still_hiring(*, position: Position, reason: str) -> bool:
    """The platform asks a published position's recruiters whether it is still hiring; True when
    it asked now (False: not published any more, suspended, or asked already, so safe to repeat).

    The caller (candidates, which reads the pipeline and sends the notifications) decides which
    positions to ask: see candidates.followups.
    """
    if reason not in CHECK_REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    with transaction.atomic():
        position = _lock(position)
        if (
            position.status != S.PUBLISHED
            or position.suspended_at is not None
            or position.hiring_check_at is not None
        ):
            return False
        position.hiring_check_at = timezone.now()
        position.save(update_fields=["hiring_check_at", "updated_at"])
        _record(position, by=None, action=HIRING_CHECK, from_status=position.status, note=reason)
    return True


def can_confirm_hiring(position: Position) -> bool:
    """Whether there is a question to answer: asked and pending, or unlisted for want of one."""
    return position.status == S.UNLISTED or (
        position.status == S.PUBLISHED and position.hiring_check_at is not None
    )


def confirm_still_hiring(*, position: Position, by: User) -> Position:
    """A recruiter answers "still hiring": the question is closed and an unlisted position is
    published again (a verified enterprise, a deadline not passed), back in search."""
    from associations.services import require_verified

    _require_manager(by, position)
    with transaction.atomic():
        position = _lock(position)
        if not can_confirm_hiring(position):
            raise ValidationError(
                _("Nobody asked whether this position is still hiring; it is %(status)s.")
                % {"status": position.get_status_display()},
                code="not_asked",
            )
        from_status = position.status
        if from_status == S.UNLISTED:
            require_verified(position.enterprise)
            validate_position(position, publishing=True)
            position.status = T.target("confirm_hiring")
        position.hiring_check_at = None
        position.save()
        _record(position, by=by, action=HIRING_CONFIRMED, from_status=from_status)
        schedule_position_index(position.pk)
    return position


def unlist_unconfirmed(*, position: Position) -> bool:
    """A position whose recruiters did not answer within STILL_HIRING_CONFIRM_DAYS leaves search
    (status unlisted, with the event); True when it was unlisted now (safe to repeat)."""
    limit = timezone.now() - datetime.timedelta(days=settings.STILL_HIRING_CONFIRM_DAYS)
    with transaction.atomic():
        position = _lock(position)
        if (
            position.status != S.PUBLISHED
            or position.hiring_check_at is None
            or position.hiring_check_at > limit
        ):
            return False
        position.status = T.target("unlist")
        position.save()
        _record(position, by=None, action=UNLISTED, from_status=S.PUBLISHED, note="no_confirmation")
        schedule_position_index(position.pk)
    return True


# --- moderation (举报) -------------------------------------------------------------------------


def report_position(*, position: Position, by: User, reason: str, details: str) -> PositionReport:
    """Anyone signed in reports a public position (fraud, discrimination, wrong information)."""
    if not permissions.can_report_position(by, position):
        raise PermissionDenied(_("You cannot report this position."))
    details = (details or "").strip()
    errors = {}
    if reason not in PositionReport.Reason.values:
        errors["reason"] = [_("Choose why you report this position.")]
    if not details:
        errors["details"] = [_("Say what is wrong, so that the moderators can check it.")]
    if errors:
        raise ValidationError(errors)
    already = ValidationError(
        _("You have reported this position already; the moderators will look at it.")
    )
    with transaction.atomic():
        if PositionReport.objects.filter(
            position=position, reporter=by, status=PositionReport.Status.OPEN
        ).exists():
            raise already
        try:
            with transaction.atomic():  # a double click's twin may insert first: same answer
                report = PositionReport.objects.create(
                    position=position, reporter=by, reason=reason, details=details
                )
        except IntegrityError:
            raise already from None
        _record(
            position,
            by=by,
            action="reported",
            from_status=position.status,
            note=str(report.get_reason_display()),
        )
    return report


def suspend_position(*, position: Position, by: User, reason: str) -> Position:
    """A moderator takes a position down with a reason the recruiter sees; it leaves search and
    its open reports are upheld."""
    _require_moderator(by, position)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason the recruiter will see.")]})
    with transaction.atomic():
        position = _lock(position)
        if position.suspended_at is not None:
            raise ValidationError(_("This position is suspended already."))
        now = timezone.now()
        position.suspended_at = now
        position.suspension_reason = reason
        position.save()
        position.reports.filter(status=PositionReport.Status.OPEN).update(
            status=PositionReport.Status.UPHELD, handled_by=by, handled_at=now, resolution=reason
        )
        _record(position, by=by, action="suspended", from_status=position.status, note=reason)
        schedule_position_index(position.pk)
    return position


def reinstate_position(*, position: Position, by: User, note: str = "") -> Position:
    """A moderator lifts a suspension; the position is back in its status as before."""
    _require_moderator(by, position)
    with transaction.atomic():
        position = _lock(position)
        if position.suspended_at is None:
            raise ValidationError(_("This position is not suspended."))
        position.suspended_at = None
        position.suspension_reason = ""
        position.save()
        _record(position, by=by, action="reinstated", from_status=position.status, note=note)
        schedule_position_index(position.pk)
    return position


def dismiss_report(*, report: PositionReport, by: User, note: str = "") -> PositionReport:
    """A moderator finds nothing wrong: the report closes, the position stays as it is."""
    _require_moderator(by, report.position)
    with transaction.atomic():
        report = PositionReport.objects.select_for_update().get(pk=report.pk)
        if report.status != PositionReport.Status.OPEN:
            raise ValidationError(_("This report has been handled already."))
        report.status = PositionReport.Status.DISMISSED
        report.handled_by = by
        report.handled_at = timezone.now()
        report.resolution = (note or "").strip()
        report.save()
        _record(
            report.position,
            by=by,
            action="report_dismissed",
            from_status=report.position.status,
            note=report.resolution,
        )
    return report


# --- bulk import --------------------------------------------------------------------------------


def import_positions(*, enterprise, by: User, rows: Iterable[dict], publish: bool) -> list[int]:
    """Write validated rows (see jobs.importing) all at once, as drafts or published.

    The caller has validated every row; this re-checks permission and verification, writes in one
    transaction, and schedules indexing of the published rows after commit.
    """

    if not permissions.can_recruit_for(by, enterprise):
        raise PermissionDenied(_("You can import positions only for enterprises you recruit for."))
    if publish:
        require_verified(enterprise)
    now = timezone.now()
    status = S.PUBLISHED if publish else S.DRAFT
    positions = [
        Position(
            enterprise=enterprise,
            created_by=by,
            status=status,
            published_at=now if publish else None,
            **row,
        )
        for row in rows
    ]
    with transaction.atomic():
        created = Position.objects.bulk_create(positions, batch_size=500)
        if any(p.pk is None for p in created):  # a database without RETURNING
            created = list(
                Position.objects.filter(enterprise=enterprise, created_by=by, created_at__gte=now)
            )
        PositionEvent.objects.bulk_create(
            [
                PositionEvent(position=p, actor=by, action="imported", to_status=status, note="")
                for p in created
            ],
            batch_size=500,
        )
        ids = [p.pk for p in created]
        if publish:
            _schedule_many(ids)
    return ids


def _schedule_many(ids: list[int]) -> None:
    """Index many positions after commit, in bulk."""
    schedule_positions_index(ids)


class ImportRefused(Exception):
    """A file that imports nothing: the whole file is unreadable, or rows are bad."""

    def __init__(self, message: str, errors: list | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []  # jobs.importing.RowError: row, column, message


def import_from_file(*, enterprise, by: User, name: str, data: bytes, publish: bool) -> list[int]:
    """Import a spreadsheet of positions all or nothing; returns the new positions' ids.

    Every row is validated first; with any bad row nothing is written and ImportRefused lists
    each problem by row and column.
    """

    if not permissions.can_recruit_for(by, enterprise):
        raise PermissionDenied(_("You can import positions only for enterprises you recruit for."))
    if publish:
        require_verified(enterprise)
    try:
        table = importing.read_table(name, data)
        result = importing.validate_rows(table, enterprise=enterprise, publish=publish)
    except importing.FileRefused as refused:
        raise ImportRefused(str(refused)) from None
    if result.errors:
        rows = len({error.row for error in result.errors})
        raise ImportRefused(
            _("%(rows)s rows have problems: nothing was imported. Correct them and upload again.")
            % {"rows": rows},
            result.errors,
        )
    return import_positions(enterprise=enterprise, by=by, rows=result.rows, publish=publish)

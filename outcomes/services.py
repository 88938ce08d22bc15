"""Use cases of placements: declaring a hire with its attribution, confirming, disputing,
attaching and accepting the contract, cancelling (解约); snapshots and reports of the figures."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import roles_for
from candidates import services as candidate_services
from candidates.models import Application, ApplicationStatus, GraduateProfile
from fairs import selectors as fair_selectors
from fairs.models import Campaign
from jobs import services as job_services
from jobs.models import JobType, Position
from outcomes import permissions, selectors
from outcomes import report as report_module
from outcomes.models import (
    Attribution,
    ContractType,
    Placement,
    PlacementEvent,
    PlacementTouch,
    Report,
    Snapshot,
)
from outcomes.tally import Scope, summary

S = Placement.Status
T = Placement.TRANSITIONS
MAX_CONTRACT_BYTES = 10 * 1024 * 1024


def _event(placement: Placement, *, by, action: str, before: str, note: str = "") -> None:
    PlacementEvent.objects.create(
        placement=placement,
        actor=by,
        action=action,
        from_status=before,
        to_status=placement.status,
        note=note,
    )


# --- Recording a hire ----------------------------------------------------------------------------


def record_hire(
    *,
    application: Application,
    by: User,
    hire_date: datetime.date | None,
    contract_type: str,
    monthly_salary: int | None = None,
    note: str = "",
) -> Application:
    """A recruiter records that the graduate was hired: the one way a hire happens.

    Needs a hire date and a contract type, and an offered application of the recruiter's
    enterprise. In one transaction the application moves to hired (its event row, the graduate
    told), the placement is declared with its attribution (not for internships), and the position
    is marked filled once its hires reach the headcount.
    """
    errors = {}
    if hire_date is None:
        errors["hire_date"] = _("Give the hire date.")
    if contract_type not in ContractType.values:
        errors["contract_type"] = _("Choose a contract type.")
    if monthly_salary is not None and monthly_salary < 0:
        errors["monthly_salary"] = _("The salary cannot be negative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hired = candidate_services.mark_hired(application=application, by=by, note=note)
        declare_placement(
            application=hired,
            by=by,
            hire_date=hire_date,
            contract_type=contract_type,
            monthly_salary=monthly_salary,
        )
        # Lock the position before counting: two recruiters hiring its last headcounts at once
        # would each count only their own hire, and neither would mark it filled.
        Position.objects.select_for_update().filter(pk=hired.position_id).first()
        hires = Application.objects.filter(
            position_id=hired.position_id, status=ApplicationStatus.HIRED
        ).count()
        job_services.mark_filled_if_complete(position=hired.position, hires=hires)
    return hired


# --- Declaring and attributing ------------------------------------------------------------------


def declare_placement(
    *,
    application,
    by: User,
    hire_date: datetime.date,
    contract_type: str,
    monthly_salary: int | None = None,
) -> Placement | None:
    """Record the hire behind `application` as a *declared* placement; internships never count.

    Called by `record_hire` when an application moves to hired (it checked the recruiter's
    permission). Idempotent: a second call returns the existing placement. A graduate
    has one live placement: an earlier live one (another job) is recorded as cancelled. The
    attribution (primary fair and its organisers, secondary touches) is stored with it.
    """
    position = application.position
    if position.job_type == JobType.INTERNSHIP:
        return None
    if contract_type not in ContractType.values:
        raise ValidationError({"contract_type": _("Choose a contract type.")})
    if monthly_salary is not None and monthly_salary < 0:
        raise ValidationError({"monthly_salary": _("The salary cannot be negative.")})
    with transaction.atomic():
        # Lock the graduate: two enterprises hiring them at once must see each other's placement
        # (the later supersedes the earlier), not both insert a live one.
        GraduateProfile.objects.select_for_update().filter(pk=application.graduate_id).first()
        existing = Placement.objects.filter(application=application).first()
        if existing is not None:
            return existing
        earlier = (
            Placement.objects.select_for_update()
            .filter(graduate_id=application.graduate_id, status__in=T.sources("supersede"))
            .select_related("enterprise")
        )
        for old in earlier:
            before = old.status
            old.status = T.target("supersede")
            old.cancelled_at = timezone.now()
            old.cancellation_reason = _("Ended by a later hire at %(name)s.") % {
                "name": position.enterprise.name
            }
            old.save(update_fields=["status", "cancelled_at", "cancellation_reason", "updated_at"])
            _event(old, by=by, action="superseded", before=before, note=old.cancellation_reason)
        placement = Placement(
            application=application,
            graduate_id=application.graduate_id,
            enterprise_id=position.enterprise_id,
            position=position,
            hire_date=hire_date,
            contract_type=contract_type,
            monthly_salary=monthly_salary,
            declared_by=by,
            community_assistant=(
                position.job_type == JobType.COMMUNITY_ASSISTANT
                or contract_type == ContractType.COMMUNITY_ASSISTANT
            ),
        )
        attribute_placement(placement)  # saves it, with its attribution rows
        _event(placement, by=by, action="declared", before="")
    return placement


def attribute_placement(placement: Placement) -> None:
    """Store the attribution rows: primary fair × its organisers, secondary fairs × theirs."""
    primary = fair_selectors.fair_an_application_came_through(placement.application)
    placement.source_fair = primary
    rows = []
    if primary is not None:
        for association_id in primary.organiser_ids():
            rows.append((primary.pk, association_id, PlacementTouch.Role.PRIMARY))
    for fair in selectors.secondary_fairs_for(placement, primary=primary):
        for association_id in fair.organiser_ids():
            rows.append((fair.pk, association_id, PlacementTouch.Role.SECONDARY))
    placement.attribution = Attribution.FAIR if rows else Attribution.DIRECT
    if placement.pk is None:  # a new placement is inserted once, with its attribution
        placement.save()
    else:
        placement.save(update_fields=["source_fair", "attribution"])
    if rows:
        PlacementTouch.objects.bulk_create(
            [
                PlacementTouch(placement=placement, fair_id=f, association_id=a, role=r)
                for f, a, r in rows
            ],
            ignore_conflicts=True,
        )


# --- Verification tiers -------------------------------------------------------------------------


def _locked(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().select_related("graduate").get(pk=placement.pk)


def confirm_placement(*, placement: Placement, by: User, reason: str = "") -> Placement:
    """The graduate confirms the hire; association staff may confirm on the graduate's behalf,
    giving a reason. A declared (or disputed, by the graduate only) placement becomes confirmed."""
    own = permissions.is_placed_graduate(by, placement)
    if not own and not permissions.can_verify_placement(by, placement):
        raise PermissionDenied(_("Only the graduate or the association's staff can confirm this."))
    reason = (reason or "").strip()
    if not own and not reason:
        raise ValidationError({"reason": _("Say why you confirm on the graduate's behalf.")})
    with transaction.atomic():
        locked = _locked(placement)
        action = "confirm" if own else "confirm_on_behalf"
        T.require(
            action,
            locked.status,
            _("A placement that is “%(status)s” cannot be confirmed.")
            % {"status": locked.get_status_display()},
        )
        if (
            locked.status == S.DISPUTED
            and Placement.objects.filter(
                graduate_id=locked.graduate_id, status__in=Placement.LIVE_STATUSES
            ).exists()
        ):
            raise ValidationError(_("You have another live placement: this one cannot return."))
        before = locked.status
        locked.status = T.target(action)
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = by
        locked.confirmation_reason = "" if own else reason
        locked.save()
        _event(
            locked,
            by=by,
            action="confirmed" if own else "confirmed_on_behalf",
            before=before,
            note=locked.confirmation_reason,
        )
    return locked


def dispute_placement(*, placement: Placement, by: User, reason: str) -> Placement:
    """The graduate says the declared hire is wrong; a disputed placement is not verified."""
    if not permissions.is_placed_graduate(by, placement):
        raise PermissionDenied(_("Only the graduate can dispute a placement."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with this placement.")})
    with transaction.atomic():
        locked = _locked(placement)
        T.require(
            "dispute",
            locked.status,
            _("A placement that is “%(status)s” cannot be disputed.")
            % {"status": locked.get_status_display()},
        )
        locked.status = T.target("dispute")
        locked.disputed_at = timezone.now()
        locked.dispute_reason = reason
        locked.save()
        _event(locked, by=by, action="disputed", before=S.DECLARED, note=reason)
    return locked


def check_contract_pdf(upload) -> None:
    if upload is None:
        raise ValidationError({"contract": _("Choose the signed contract (a PDF file).")})
    if upload.size > MAX_CONTRACT_BYTES:
        raise ValidationError({"contract": _("The contract file is larger than 10 MB.")})
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"contract": _("The contract must be a PDF file.")})


def attach_contract(*, placement: Placement, by: User, upload) -> Placement:
    """The graduate, the enterprise or staff attach the signed agreement or contract (PDF)."""

    if not (
        permissions.is_placed_graduate(by, placement)
        or roles_for(by).is_recruiter_of(placement.enterprise_id)
        or permissions.can_verify_placement(by, placement)
    ):
        raise PermissionDenied(_("You cannot attach a contract to this placement."))
    check_contract_pdf(upload)
    with transaction.atomic():
        locked = _locked(placement)
        T.require(
            "attach_contract",
            locked.status,
            _("A contract can be attached to a declared or confirmed hire."),
        )
        locked.contract.save(f"{locked.pk}.pdf", upload, save=False)
        locked.contract_uploaded_at = timezone.now()
        locked.save()
        _event(locked, by=by, action="contract_attached", before=locked.status)
    return locked


def accept_evidence(*, placement: Placement, by: User) -> Placement:
    """Association staff accept the attached contract: the placement becomes evidenced."""
    if not permissions.can_verify_placement(by, placement):
        raise PermissionDenied(_("Only the association's staff can accept a contract."))
    with transaction.atomic():
        locked = _locked(placement)
        if not locked.contract:
            raise ValidationError(_("No contract is attached to this placement yet."))
        T.require(
            "accept_evidence",
            locked.status,
            _("A placement that is “%(status)s” cannot be evidenced.")
            % {"status": locked.get_status_display()},
        )
        before = locked.status
        locked.status = T.target("accept_evidence")
        locked.evidenced_at = timezone.now()
        locked.evidenced_by = by
        locked.save()
        _event(locked, by=by, action="evidence_accepted", before=before)
    return locked


def cancel_placement(*, placement: Placement, by: User, reason: str) -> Placement:
    """A contract ended (解约): kept as a cancellation, never deleted."""
    if not permissions.can_cancel_placement(by, placement):
        raise PermissionDenied(_("You cannot cancel this placement."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the contract ended.")})
    with transaction.atomic():
        locked = _locked(placement)
        T.require("cancel", locked.status, _("Only a live placement can be cancelled."))
        before = locked.status
        locked.status = T.target("cancel")
        locked.cancelled_at = timezone.now()
        locked.cancellation_reason = reason
        locked.save()
        _event(locked, by=by, action="cancelled", before=before, note=reason)
    return locked


# --- Snapshots and reports ----------------------------------------------------------------------


def take_snapshot(*, day: datetime.date | None = None) -> list[Snapshot]:
    """Store the day's figures (all campaigns together, and each running campaign); idempotent:
    a second run the same day replaces that day's daily rows, never a frozen one."""

    day = day or timezone.localdate()
    made = []
    campaigns = [None, *Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day)]
    with transaction.atomic():
        for campaign in campaigns:
            scope = Scope.for_campaign(campaign, date_to=day) if campaign else Scope(date_to=day)
            snapshot, _created = Snapshot.objects.update_or_create(
                kind=Snapshot.Kind.DAILY,
                day=day,
                campaign=campaign,
                defaults={"figures": summary(scope)},
            )
            made.append(snapshot)
    return made


def freeze_campaign(*, campaign, cut_off: datetime.date, by: User) -> Snapshot:
    """An officer freezes a campaign's figures at a cut-off date: the row never changes again."""

    if not permissions.can_export(by):
        raise PermissionDenied(_("Only department officers can freeze a campaign's figures."))
    if cut_off < campaign.starts_on:
        raise ValidationError({"cut_off": _("The cut-off date is before the campaign starts.")})
    with transaction.atomic():
        return Snapshot.objects.create(
            kind=Snapshot.Kind.FROZEN,
            campaign=campaign,
            day=timezone.localdate(),
            cut_off=cut_off,
            figures=summary(Scope.for_campaign(campaign, date_to=cut_off)),
            created_by=by,
        )


def request_report(*, by: User, params: dict) -> Report:
    """Queue a PDF report of the figures with these parameters; a task generates it."""
    from outcomes.tasks import generate_report  # outcomes.tasks imports the services

    if not permissions.can_see_department_figures(by):
        raise PermissionDenied(_("You cannot see the department's figures."))
    with transaction.atomic():
        report = Report.objects.create(params=params, requested_by=by)
        generate_report.delay(report.pk)
    report.refresh_from_db()  # without a broker it was generated (or failed) on commit
    return report


def build_report(*, report_id: int) -> Report | None:
    """Generate the PDF of a queued report, updating its progress; safe to run twice."""

    report = Report.objects.filter(pk=report_id).first()
    if report is None or report.status == Report.Status.DONE:
        return report

    def progress(value: int) -> None:
        Report.objects.filter(pk=report_id).update(progress=value, status=Report.Status.RUNNING)

    progress(5)
    try:
        scope = Scope.from_params(report.params)
        pdf = report_module.render_report_pdf(scope, progress=progress)
    except Exception as error:
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED, error=str(error)[:2000]
        )
        raise
    report.refresh_from_db()
    report.file.save(f"report-{report.pk}.pdf", ContentFile(pdf), save=False)
    report.status = Report.Status.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.save()
    return report

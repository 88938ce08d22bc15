"""Use cases of graduates and applications: profile, resumes, applying, the recruiters' pipeline,
notifications. Every state change of the app goes through a function here.
"""

import datetime
import hashlib
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import sms
from accounts.models import SmsKind, User
from accounts.roles import forget_roles
from associations.models import AssociationStaff, EnterpriseRecruiter, Membership, Region
from candidates import permissions, selectors
from candidates.models import (
    RECRUITER_ACTIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    GraduateProfile,
    Notification,
    RecruiterNote,
    Resume,
    ResumeAccess,
    Source,
)
from core.db import RowQuery, insert, insert_unless_exists
from core.mail import email_language, send_templated_email_on_commit
from core.pdf import render_pdf
from fairs.models import Lead
from fairs.selectors import fair_offers_enterprise, running_fair_id_for_position

logger = logging.getLogger(__name__)

MAX_RESUME_BYTES = 5 * 1024 * 1024

S = ApplicationStatus
T = Application.TRANSITIONS


def next_statuses(status: str) -> frozenset[str]:
    """The statuses a recruiter may move an application in `status` to (the transition table;
    withdrawal is the graduate's)."""
    return frozenset(
        T.target(action)
        for action in RECRUITER_ACTIONS
        if T.allows(action, status) and T.target(action) is not None
    )


class AlreadyApplied(ValidationError):
    """The graduate has applied to this position already; `application` is that application."""

    def __init__(self, message, application: Application):
        super().__init__(message, code="already_applied")
        self.application = application


# --- Profile ----------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "full_name",
    "university",
    "college",
    "major",
    "degree",
    "graduation_year",
    "expected_salary",
    "skills",
    "self_introduction",
)


def ensure_graduate_profile(*, user: User) -> GraduateProfile:
    """The user's graduate profile, created empty if the user has none yet."""
    profile, _created = GraduateProfile.objects.get_or_create(
        user=user, defaults={"full_name": user.full_name}
    )
    forget_roles(user)
    return profile


def update_profile(
    *, profile: GraduateProfile, by: User, data: dict, cities=None
) -> GraduateProfile:
    """Change the graduate's own profile; `data` holds some of PROFILE_FIELDS, `cities` Regions."""
    if profile.user_id != by.pk:
        raise PermissionDenied(_("Only the graduate can change their profile."))
    for name, value in data.items():
        if name not in PROFILE_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        if isinstance(value, str):
            value = value.strip()
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    with transaction.atomic():
        profile.save()
        if cities is not None:
            if any(city.level != Region.Level.CITY for city in cities):
                raise ValidationError({"expected_cities": _("Choose cities, not districts.")})
            profile.expected_cities.set(cities)
            profile.__dict__.pop("has_expected_cities", None)  # a stale annotation, if any
    return profile


def set_matching_preferences(
    *,
    profile: GraduateProfile,
    by: User,
    discoverable: bool | None = None,
    daily_digest: bool | None = None,
) -> GraduateProfile:
    """The graduate's own switches, both off until they turn them on: discoverable (enterprises
    recruiting for a fitting position see a masked card and may invite them, 人才推荐) and the
    daily e-mail of new matching positions. None leaves a switch as it is."""
    if profile.user_id != by.pk:
        raise PermissionDenied(_("Only the graduate can change their profile."))
    fields = []
    for name, value in (("discoverable", discoverable), ("daily_digest", daily_digest)):
        if value is not None and getattr(profile, name) != bool(value):
            setattr(profile, name, bool(value))
            fields.append(name)
    if fields:
        profile.save(update_fields=[*fields, "updated_at"])
    return profile


# --- Resumes ----------------------------------------------------------------------------------


def check_resume_pdf(upload) -> int:
    """Refuse anything but a readable, unencrypted PDF of at most 5 MB; returns its page count.

    Judged by content (magic bytes, then a real parse), never by the file's name or type.
    """
    # Imported when used: loading pypdf takes about 0.2 s, which every process would pay.
    from pypdf import PdfReader

    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty. Choose your resume's PDF file."), code="empty")
    if size > MAX_RESUME_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; a resume can be at most 5 MB.") % {"size": size / 2**20},
            code="too_large",
        )
    upload.seek(0)
    if not upload.read(5) == b"%PDF-":
        raise ValidationError(
            _("This file is not a PDF. Save or export your resume as PDF and upload that file."),
            code="not_pdf",
        )
    upload.seek(0)
    damaged = ValidationError(
        _("This PDF cannot be read; it may be damaged. Export it again and upload the new file."),
        code="damaged",
    )
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "This PDF is protected by a password, so recruiters could not open it. "
                    "Upload a copy without a password."
                ),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise damaged from exc
    finally:
        upload.seek(0)
    if pages == 0:
        raise damaged
    return pages


def _store_resume(
    *, graduate: GraduateProfile, content, kind: str, name: str, pages: int
) -> Resume:
    content.seek(0)
    digest = hashlib.sha256(content.read()).hexdigest()
    content.seek(0)
    resume = Resume(
        graduate=graduate,
        kind=kind,
        original_name=Path(name).name[:255],
        size=content.size,
        pages=pages,
        sha256=digest,
    )
    resume.file.save("resume.pdf", content, save=False)
    resume.save()
    if hasattr(graduate, "current_resume_id"):  # keep the annotation of with_readiness true
        graduate.current_resume_id = resume.pk
    return resume


def upload_resume(*, graduate: GraduateProfile, upload, by: User) -> Resume:
    """Store a new version of the graduate's resume; earlier versions are kept."""
    if graduate.user_id != by.pk:
        raise PermissionDenied(_("Only the graduate can upload their resume."))
    pages = check_resume_pdf(upload)
    name = upload.name or "resume.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    with transaction.atomic():
        return _store_resume(
            graduate=graduate, content=upload, kind=Resume.Kind.UPLOADED, name=name, pages=pages
        )


def render_resume_pdf(graduate: GraduateProfile) -> bytes:
    """The profile as a one- or two-page PDF, with the project's Chinese font embedded."""
    html = render_to_string(
        "candidates/resume_pdf.html",
        {"profile": graduate, "cities": list(graduate.expected_cities.all())},
    )
    return render_pdf(html)


def generate_resume(*, graduate: GraduateProfile, by: User) -> Resume:
    """Make a resume from the profile and keep it as the newest version."""
    if graduate.user_id != by.pk:
        raise PermissionDenied(_("Only the graduate can generate their resume."))
    if not graduate.full_name:
        raise ValidationError(_("Fill in your name before generating a resume."))
    data = render_resume_pdf(graduate)
    content = ContentFile(data, name="resume.pdf")
    # Imported when used: loading pypdf takes about 0.2 s, which every process would pay.
    from pypdf import PdfReader

    pages = len(PdfReader(ContentFile(data)).pages)
    filename = f"{graduate.full_name}-{timezone.localdate():%Y%m%d}.pdf"
    with transaction.atomic():
        return _store_resume(
            graduate=graduate,
            content=content,
            kind=Resume.Kind.GENERATED,
            name=filename,
            pages=pages,
        )


def open_own_resume(*, resume: Resume, by: User) -> Resume:
    """The graduate opens one of their own resume versions (logged like any other view)."""
    if resume.graduate.user_id != by.pk:
        raise PermissionDenied(_("This is not your resume."))
    ResumeAccess.objects.create(resume=resume, viewer=by)
    return resume


def open_resume(*, application: Application, by: User) -> Resume:
    """A recruiter opens the resume attached to an application; every view is logged.

    Bulk downloading is how resumes leak: a recruiter who opened RESUME_VIEWS_PER_HOUR resumes in
    the last hour is refused, and the enterprise's owners and its associations' staff are told
    (once per hour of refusals).
    """
    if permissions.is_applicant(by, application):
        resume = application.resume or application.graduate.resumes.first()
        if resume is None:
            raise ValidationError(_("There is no resume on this application."))
        ResumeAccess.objects.create(resume=resume, application=application, viewer=by)
        return resume
    if not permissions.can_view_resume(by, application):
        raise PermissionDenied(_("You cannot see this resume."))
    resume = application.resume or application.graduate.resumes.first()
    if resume is None:
        raise ValidationError(_("There is no resume on this application."))
    with transaction.atomic():
        # Lock the viewer's row: concurrent downloads by one recruiter count one after another,
        # or each would see the same count below the limit and all would pass.
        User.objects.select_for_update().filter(pk=by.pk).first()
        since = timezone.now() - timedelta(hours=1)
        recent = ResumeAccess.objects.filter(viewer=by, refused=False, created_at__gte=since)
        if recent.count() >= settings.RESUME_VIEWS_PER_HOUR:
            already_refused = ResumeAccess.objects.filter(
                viewer=by, refused=True, created_at__gte=since
            ).exists()
            ResumeAccess.objects.create(
                resume=resume, application=application, viewer=by, refused=True
            )
            if not already_refused:
                _alert_resume_throttle(recruiter=by, application=application)
        else:
            ResumeAccess.objects.create(resume=resume, application=application, viewer=by)
            return resume
    raise PermissionDenied(
        _(
            "You opened %(limit)s resumes in the last hour, the most allowed. Try again later; "
            "your enterprise's owner has been told."
        )
        % {"limit": settings.RESUME_VIEWS_PER_HOUR}
    )


def _alert_resume_throttle(*, recruiter: User, application: Application) -> None:

    enterprise = application.position.enterprise
    owners = User.objects.filter(
        enterprise_recruiters__enterprise=enterprise,
        enterprise_recruiters__role=EnterpriseRecruiter.Role.OWNER,
        enterprise_recruiters__status=EnterpriseRecruiter.Status.ACTIVE,
    )
    association_ids = (
        Membership.objects.approved().filter(enterprise=enterprise).values("association_id")
    )
    staff = User.objects.filter(
        association_staff__association_id__in=association_ids,
        association_staff__role__in=AssociationStaff.Role.values,
    )
    owners = set(owners)
    for user in owners | set(staff):
        with translation.override(email_language(user)):
            message = _(
                "%(recruiter)s of %(enterprise)s opened more than %(limit)s resumes within an "
                "hour; further downloads are refused for the hour."
            ) % {
                "recruiter": recruiter.email,
                "enterprise": enterprise.name,
                "limit": settings.RESUME_VIEWS_PER_HOUR,
            }
        # Owners manage the enterprise's recruiters; association staff see their members.
        url = reverse(
            "associations:enterprise_workspace"
            if user in owners
            else "associations:staff_workspace"
        )
        notify(
            user=user,
            kind=Notification.Kind.RESUME_THROTTLED,
            message=message,
            url=url,
            email_template="candidates/email/resume_throttled",
            context={
                "recruiter": recruiter,
                "enterprise": enterprise,
                "message": message,
                "url": url,
            },
        )


# --- Applying ---------------------------------------------------------------------------------


def apply(
    *,
    graduate: GraduateProfile,
    position,
    source: str,
    fair=None,
    by: User,
) -> Application:
    """Apply to a position: once per graduate and position, with a complete profile, while open.

    A second attempt (a double click, two tabs, a retried request) raises AlreadyApplied carrying
    the existing application; the database's unique constraint settles concurrent attempts. A
    withdrawn application is final: no second try at the same position.
    """
    if graduate.user_id != by.pk:
        raise PermissionDenied(_("You can only apply for yourself."))
    if source not in Source.values:
        raise ValidationError({"source": _("Unknown source channel.")})
    refusal = _refusal_to_apply(graduate, position)
    if refusal is not None:
        # An existing application is the better answer to "why not?" than a closed position.
        refuse_repeated_application(by=by, position_id=position.pk)
        raise refusal
    if fair is None:
        # Applying to a position listed at a fair that is running now counts as through that fair.
        fair = running_fair_id_for_position(position)
    elif not fair_offers_enterprise(getattr(fair, "pk", fair), position.enterprise_id):
        raise ValidationError(
            {
                "fair": _(
                    "%(enterprise)s did not take part in that fair: apply from the position's "
                    "page, or from the page of a fair it takes part in."
                )
                % {"enterprise": position.enterprise.name}
            },
            code="fair",
        )
    resume_id = (
        graduate.current_resume_id
        if hasattr(graduate, "current_resume_id")
        else graduate.resumes.values_list("pk", flat=True).first()
    )
    application = Application(
        graduate=graduate,
        position=position,
        resume_id=resume_id,
        source=source,
        source_fair_id=getattr(fair, "pk", fair),
    )
    with transaction.atomic():
        # No look-up first: the insert itself finds an earlier application (or waits for a
        # concurrent one to commit) and then writes nothing.
        while not insert_unless_exists(application, unique_fields=("graduate", "position")):
            refuse_repeated_application(by=by, position_id=position.pk)
            # The application it collided with was deleted meanwhile: insert again.
        insert(
            ApplicationEvent(
                application=application, actor=by, from_status="", to_status=S.SUBMITTED
            )
        )
        _notify_recruiters_of_application(application)
    return application


def _refusal_to_apply(graduate: GraduateProfile, position) -> ValidationError | None:
    if not position.is_open:
        return ValidationError(
            _("“%(title)s” is not open for applications any more.") % {"title": position.title},
            code="closed",
        )
    state = selectors.completeness(graduate)
    if not state.is_complete:
        return ValidationError(
            _("Complete your profile before applying. Missing: %(missing)s.")
            % {"missing": "、".join(state.labels)},
            code="incomplete",
        )
    return None


def refuse_repeated_application(*, by: User, position_id: int) -> None:
    """Answer a repeated application before anything else is loaded: raise AlreadyApplied with
    the application it repeats (or the refusal of a withdrawn one) when `by` has applied to the
    position already. Most repeats (a double click, a retried request) arrive after the first
    committed; `apply` settles the rest at its insert."""
    existing = selectors.application_to_position(user_id=by.pk, position_id=position_id)
    if existing is not None:
        raise _refusal_for_existing(existing)


def _refusal_for_existing(existing: Application) -> ValidationError:
    if existing.status == S.WITHDRAWN:
        return ValidationError(
            _(
                "You withdrew your application to this position; "
                "an application cannot be made twice."
            ),
            code="withdrawn",
        )
    return AlreadyApplied(
        _("You have already applied to this position (status: %(status)s).")
        % {"status": existing.get_status_display()},
        application=existing,
    )


# The enterprise's active recruiters, told of every application to its positions: plain SQL,
# as for the other reads on the apply path. bench/sql.py (PostgreSQL 15, 2026-12-06): 4.4 times
# the CPU with the ORM (1,062 against 241 µs a call, machine loaded).
_ACTIVE_RECRUITERS = RowQuery(
    User,
    """
    SELECT {fields} FROM {User} u
    JOIN {Recruiter} r ON r.{Recruiter.user} = u.{User.pk}
    WHERE r.{Recruiter.enterprise} = %s AND r.{Recruiter.status} = %s
    ORDER BY u.{User.pk}
    """,
    alias="u",
    tables={"User": User, "Recruiter": EnterpriseRecruiter},
)


def _notify_recruiters_of_application(application: Application) -> None:

    position = application.position
    recruiters = _ACTIVE_RECRUITERS.all([position.enterprise_id, EnterpriseRecruiter.Status.ACTIVE])
    url = reverse("candidates:pipeline_application", args=[application.pk])
    messages: dict[str, str] = {}  # by language: each recruiter reads it in their own
    notifications = []
    for user in recruiters:
        language = email_language(user)
        if language not in messages:
            with translation.override(language):
                messages[language] = _("%(name)s applied to %(title)s.") % {
                    "name": application.graduate.full_name,
                    "title": position.title,
                }
        notifications.append(
            Notification(
                user=user,
                kind=Notification.Kind.NEW_APPLICATION,
                message=messages[language],
                url=url,
            )
        )
    # One INSERT for all of the enterprise's recruiters, then each one's e-mail after commit.
    Notification.objects.bulk_create(notifications)
    context = {"application": application, "position": position, "url": url}
    for user in recruiters:
        _email_after_commit(
            user=user, email_template="candidates/email/new_application", context=context
        )


def withdraw_application(*, application: Application, by: User, note: str = "") -> Application:
    """The graduate withdraws an application; allowed until an offer is made."""
    if not permissions.is_applicant(by, application):
        raise PermissionDenied(_("Only the applicant can withdraw an application."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not T.allows("withdraw", application.status):
            raise ValidationError(
                _("An application that is “%(status)s” cannot be withdrawn any more.")
                % {"status": application.get_status_display()},
                code="invalid_transition",
            )
        _change_status(application, to=S.WITHDRAWN, by=by, note=note)
    return application


# --- The recruiters' pipeline -----------------------------------------------------------------


def mark_viewed(*, application: Application, by: User) -> Application:
    """A recruiter opened the application: submitted becomes viewed, once."""
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied(_("You cannot manage this application."))
    if not T.allows("view", application.status):
        return application
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if T.allows("view", locked.status):
            _change_status(locked, to=T.target("view"), by=by)
            application.status, application.viewed_at = locked.status, locked.viewed_at
    return application


def move_application(
    *,
    application: Application,
    to: str,
    by: User,
    note: str = "",
    interview_at: datetime.datetime | None = None,
    interview_place: str = "",
    interview_link: str = "",
) -> Application:
    """Move an application along the pipeline; only valid transitions, each an event row.

    An interview needs a time and a place or an online link. A hire is not a move: it has its own
    date, contract and placement, recorded by `outcomes.services.record_hire`.
    """
    if to == S.HIRED:
        raise ValidationError(
            _("Record a hire with its date and contract type (the hire form)."),
            code="hire_elsewhere",
        )
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied(_("You cannot manage this application."))
    if to == S.INTERVIEW:
        errors = {}
        if interview_at is None:
            errors["interview_at"] = _("Give the interview's date and time.")
        if not (interview_place or "").strip() and not (interview_link or "").strip():
            errors["interview_place"] = _("Give a place or an online meeting link.")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        application = _lock_for_move(application, to=to)
        if to == S.INTERVIEW:
            application.interview_at = interview_at
            application.interview_place = (interview_place or "").strip()
            application.interview_link = (interview_link or "").strip()
        _change_status(application, to=to, by=by, note=note)
    return Application.objects.select_related("graduate__user", "position__enterprise").get(
        pk=application.pk
    )


def mark_hired(*, application: Application, by: User, note: str = "") -> Application:
    """The application's step to hired, with its event row and the graduate told.

    Only `outcomes.services.record_hire` calls this, in its transaction: a hire is recorded with
    its placement there (one owner), never as a bare status change.
    """
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied(_("You cannot manage this application."))
    with transaction.atomic():
        application = _lock_for_move(application, to=S.HIRED)
        _change_status(application, to=S.HIRED, by=by, note=note)
    return Application.objects.select_related("graduate__user", "position__enterprise").get(
        pk=application.pk
    )


def _lock_for_move(application: Application, *, to: str) -> Application:
    """The application, locked, if the recruiter may move it from its status to `to`."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to not in next_statuses(application.status):
        raise ValidationError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": application.get_status_display(),
                "to": S(to).label if to in S.values else to,
            },
            code="invalid_transition",
        )
    return application


def bulk_reject(*, applications: QuerySet | list, by: User, message: str = "") -> int:
    """Reject several applications at once with one message to the graduates.

    Applications the user cannot manage, or that cannot be rejected any more (hired, withdrawn,
    rejected), are left as they are; returns how many were rejected.
    """
    ids = [a.pk for a in applications]
    rejected = 0
    with transaction.atomic():
        rows = (
            Application.objects.select_for_update()
            .select_related("position__enterprise", "graduate__user")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        for application in rows:
            if not permissions.can_manage_application(by, application):
                continue
            if not T.allows("reject", application.status):
                continue
            _change_status(application, to=S.REJECTED, by=by, note=message)
            rejected += 1
    return rejected


def add_recruiter_note(*, application: Application, body: str, by: User) -> RecruiterNote:
    """A private note of the enterprise's recruiters; the graduate never sees it."""
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied(_("You cannot manage this application."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note first.")})
    return RecruiterNote.objects.create(application=application, author=by, body=body)


def _change_status(application: Application, *, to: str, by: User, note: str = "") -> None:
    """Write the new status and its event, and tell the graduate (in the caller's transaction)."""
    now = timezone.now()
    from_status = application.status
    application.status = to
    fields = ["status", "updated_at"]
    if to == S.VIEWED and application.viewed_at is None:
        application.viewed_at = now
        fields.append("viewed_at")
    if to == S.INTERVIEW:
        fields += ["interview_at", "interview_place", "interview_link"]
        if application.interview_reached_at is None:
            application.interview_reached_at = now
            fields.append("interview_reached_at")
    application.save(update_fields=fields)
    ApplicationEvent.objects.create(
        application=application, actor=by, from_status=from_status, to_status=to, note=note
    )
    _notify_graduate_of_status(application, note=note)


def _notify_graduate_of_status(application: Application, *, note: str) -> None:
    graduate_user = application.graduate.user
    url = reverse("candidates:application", args=[application.pk])
    with translation.override(email_language(graduate_user)):
        message = _("Your application to %(title)s at %(enterprise)s is now: %(status)s.") % {
            "title": application.position.title,
            "enterprise": application.position.enterprise.name,
            "status": application.get_status_display(),
        }
    notify(
        user=graduate_user,
        kind=Notification.Kind.STATUS_CHANGED,
        message=message,
        url=url,
        email_template="candidates/email/status_changed",
        context={"application": application, "message": message, "note": note, "url": url},
    )
    _sms_graduate_of_status(application, graduate_user)


def _sms_graduate_of_status(application: Application, user: User) -> None:
    """An interview invitation (time and place) or an offer by SMS too, when the graduate opted
    in (accounts.sms: only to a verified number, in their language)."""
    position = application.position
    if application.status == S.INTERVIEW:
        with translation.override(email_language(user)):
            place = application.interview_place or (
                _("online") if application.interview_link else _("to be agreed")
            )
            when = application.interview_at or _("a time to be agreed")
        sms.notify_by_sms(
            user=user,
            kind=SmsKind.INTERVIEW,
            params={
                "enterprise": position.enterprise.name,
                "position": position.title,
                "time": when,
                "place": place,
            },
        )
    elif application.status == S.OFFERED:
        sms.notify_by_sms(
            user=user,
            kind=SmsKind.OFFER,
            params={"enterprise": position.enterprise.name, "position": position.title},
        )


# --- Notifications ----------------------------------------------------------------------------


def notify(
    *, user: User, kind: str, message: str, url: str, email_template: str = "", context=None
) -> Notification:
    """An in-app notification now and, when `email_template` is given, an e-mail (in the
    recipient's language) after commit: how this app, its follow-ups and the apps above (fair
    feedback) reach people."""
    notification = Notification.objects.create(user=user, kind=kind, message=message, url=url)
    if email_template:
        _email_after_commit(user=user, email_template=email_template, context=context or {})
    return notification


def active_recruiters(enterprise_id: int) -> list[User]:
    """The enterprise's active recruiters, who are told of what concerns it."""
    from associations.models import EnterpriseRecruiter

    return _ACTIVE_RECRUITERS.all([enterprise_id, EnterpriseRecruiter.Status.ACTIVE])


def _email_after_commit(*, user: User, email_template: str, context: dict) -> None:
    if user.email:
        send_templated_email_on_commit(
            to=[user.email],
            template=email_template,
            context={**context, "user": user},  # send_templated_email_on_commit adds site_url
            language=email_language(user),
        )


def mark_notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all of them, or those in `ids`)."""
    qs = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def confirm_lead(*, lead: Lead, by: User) -> Lead:
    """The graduate consents, on their own phone, to the position a booth proposed: an
    application from that booth and fair is made (or the existing one is linked)."""
    if lead.graduate_id != by.pk:
        raise PermissionDenied(_("Only the graduate concerned can confirm."))
    if lead.position_id is None:
        raise ValidationError(_("The enterprise has not proposed a position yet."))
    if lead.consented_at is not None:
        return lead
    with transaction.atomic():
        try:
            application = apply(
                graduate=by.graduate_profile,
                position=lead.position,
                source=Source.BOOTH_SCAN,
                fair=lead.fair,
                by=by,
            )
        except AlreadyApplied as already:
            application = already.application
        lead.application_id = application.pk
        lead.consented_at = timezone.now()
        lead.save(update_fields=["application_id", "consented_at", "updated_at"])
    return lead

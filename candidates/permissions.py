"""Who may see and act on graduates' profiles, resumes and applications.

Privacy rule: a graduate's application, profile and resume are seen by the graduate and by the
recruiters of enterprises the graduate applied to, by nobody else (not association staff, not
officers); the resume only while that application is not withdrawn. Everyone else gets 404,
alike for "does not exist" and "not yours".
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import roles_for
from associations.selectors import is_verified
from candidates.models import (
    Application,
    ApplicationStatus,
    GraduateProfile,
    Invitation,
    Resume,
)
from core.db import RowQuery
from core.params import int_param
from jobs.models import Position

# The profile and what applying needs besides its own columns (an expected city, the current
# resume) in one query. Written out in SQL because it runs on every graduate request, the apply
# endpoint included, where building it with the ORM (Exists and a Subquery) cost about three times
# as much CPU as running it. Portable SQL: SQLite and PostgreSQL. bench/sql.py (PostgreSQL 15,
# 2026-12-06): 10.5 times the CPU with the ORM (1,925 against 184 µs a call, machine loaded).
_PROFILE_WITH_READINESS = RowQuery(
    GraduateProfile,
    """
    SELECT {fields},
        EXISTS (
            SELECT 1 FROM {Cities} c WHERE c.{Cities.graduateprofile} = p.{Profile.pk}
        ) AS has_expected_cities,
        (
            SELECT r.{Resume.pk} FROM {Resume} r WHERE r.{Resume.graduate} = p.{Profile.pk}
            ORDER BY r.{Resume.created_at} DESC, r.{Resume.pk} DESC LIMIT 1
        ) AS current_resume_id
    FROM {Profile} p
    WHERE p.{Profile.user} = %s
    """,
    alias="p",
    extra=("has_expected_cities", "current_resume_id"),
    tables={
        "Profile": GraduateProfile,
        "Cities": GraduateProfile.expected_cities.through,
        "Resume": Resume,
    },
)


def graduate_of(user) -> GraduateProfile | None:
    """The user's graduate profile, or None (having a profile is what makes one a graduate).

    It carries `has_expected_cities` and `current_resume_id` for the completeness check.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    profile = _PROFILE_WITH_READINESS.get([user.pk])
    if profile is not None:
        profile.has_expected_cities = bool(profile.has_expected_cities)
        profile.user = user  # its mobile number is the account's: no second query for it
    return profile


def require_graduate(user) -> GraduateProfile:
    profile = graduate_of(user)
    if profile is None:
        raise Http404
    return profile


def is_applicant(user, application: Application) -> bool:
    return user.is_authenticated and application.graduate.user_id == user.pk


def can_manage_application(user, application: Application) -> bool:
    """Recruiters of the position's enterprise run the pipeline."""
    return roles_for(user).is_recruiter_of(application.position.enterprise_id)


def can_view_resume(user, application: Application) -> bool:
    if is_applicant(user, application):
        return True
    return (
        can_manage_application(user, application)
        and application.status != ApplicationStatus.WITHDRAWN
    )


def _applications():
    return Application.objects.select_related(
        "graduate__user", "position__enterprise", "position__city", "resume"
    )


def access_own_application(user, pk: int) -> Application:
    """The graduate's own application, or 404."""
    return get_object_or_404(_applications(), pk=pk, graduate__user_id=user.pk)


def access_recruited_application(user, pk: int) -> Application:
    """An application to one of the user's enterprises, or 404."""
    enterprise_ids = roles_for(user).enterprise_ids
    if not enterprise_ids:
        raise Http404
    return get_object_or_404(_applications(), pk=pk, position__enterprise_id__in=enterprise_ids)


def access_applicant_profile(user, pk: int) -> tuple[GraduateProfile, Application]:
    """A graduate's profile as a recruiter sees it, with the most advanced live application to
    one of the recruiter's enterprises (it decides whether the phone number shows); else 404.
    """
    enterprise_ids = roles_for(user).enterprise_ids
    applications = list(
        _applications()
        .filter(graduate_id=pk, position__enterprise_id__in=enterprise_ids)
        .exclude(status=ApplicationStatus.WITHDRAWN)
    )
    if not applications:
        raise Http404
    best = next((a for a in applications if a.phone_visible), applications[0])
    return best.graduate, best


# --- Talent suggestions and invitations (人才推荐) ---------------------------------------------


def can_suggest_talent(user, position) -> bool:
    """Active recruiters of the position's enterprise, once an association has verified it, see
    the position's talent suggestions and invite them, while the position is open."""
    return (
        roles_for(user).is_recruiter_of(position.enterprise_id)
        and position.is_open
        and is_verified(position.enterprise)
    )


def access_talent_position(user, pk) -> Position:
    """An open position of a verified enterprise the user recruits for, or 404 (for missing,
    closed and not-yours alike)."""
    enterprise_ids = roles_for(user).enterprise_ids
    position = (
        Position.objects.select_related("enterprise", "city")
        .filter(pk=_as_int(pk), enterprise_id__in=enterprise_ids)
        .first()
    )
    if position is None or not can_suggest_talent(user, position):
        raise Http404
    return position


def _invitations():
    return Invitation.objects.select_related(
        "position__enterprise", "position__city", "graduate__user", "invited_by", "application"
    )


def access_own_invitation(user, pk) -> Invitation:
    """An invitation to the signed-in graduate, or 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(_invitations(), pk=_as_int(pk), graduate__user_id=user.pk)


def access_sent_invitation(user, pk) -> Invitation:
    """An invitation to a position of one of the user's enterprises, or 404."""
    enterprise_ids = roles_for(user).enterprise_ids
    if not enterprise_ids:
        raise Http404
    return get_object_or_404(
        _invitations(), pk=_as_int(pk), position__enterprise_id__in=enterprise_ids
    )


def _as_int(pk) -> int:
    """An id from a path or a body: ASCII digits within an id column's range, else 404 (an
    overflowing id is not found, never a database error)."""
    number = int_param(pk)
    if number is None:
        raise Http404
    return number

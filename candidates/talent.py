"""Talent suggestions (人才推荐): for a published position, the graduates who chose to be
discoverable, ranked by the same fit as 为你推荐, shown masked.

A recruiter sees a suggested graduate as a masked card: surname + 同学, university, major,
degree, graduation year, skills and expected cities; never the full name, phone, e-mail,
self-introduction or resume. Those come with an application, as for anyone who applies: by
accepting an invitation the graduate applies.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from candidates.matching import RECRUITER, Fit, Opening, Reason, Seeker, fit
from candidates.models import Degree, GraduateProfile, Invitation, InvitationStatus

PAGE = 20
# Two-character surnames (复姓) that a masked name keeps whole.
_COMPOUND = (
    "欧阳司马上官诸葛东方皇甫尉迟公孙慕容长孙宇文司徒夏侯轩辕令狐端木"
    "独孤南宫西门百里呼延万俟单于闻人澹台公冶宗政濮阳太史申屠钟离"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND[i : i + 2] for i in range(0, len(_COMPOUND), 2))


def masked_name(full_name: str) -> str:
    """李明 → 李同学 (Student Li in English: the surname only)."""
    name = (full_name or "").strip()
    if not name:
        return _("A graduate")
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return _("%(surname)s (graduate)") % {"surname": surname}


@dataclass(frozen=True)
class MaskedGraduate:
    """What a recruiter may see of a graduate who has not applied: nothing that identifies them
    beyond their surname."""

    id: int
    name: str
    university: str
    major: str
    degree: str
    degree_label: str
    graduation_year: int | None
    skills: tuple[str, ...]
    cities: tuple[str, ...]

    @classmethod
    def of(cls, profile: GraduateProfile, cities) -> "MaskedGraduate":
        return cls(
            id=profile.pk,
            name=masked_name(profile.full_name),
            university=profile.university,
            major=profile.major,
            degree=profile.degree,
            degree_label=str(Degree(profile.degree).label) if profile.degree else "",
            graduation_year=profile.graduation_year,
            skills=tuple(profile.skill_list[:8]),
            cities=tuple(str(c) for c in cities),
        )


@dataclass(frozen=True)
class TalentSuggestion:
    graduate: MaskedGraduate
    fit: Fit
    invitation: Invitation | None  # the open one, if the graduate was invited already

    @property
    def score(self) -> int:
        return self.fit.score

    @property
    def reasons(self) -> list[Reason]:
        return self.fit.reasons(RECRUITER)


def _discoverable_for(position):
    """Discoverable graduates who may be suggested for the position: active accounts, a degree
    meeting the requirement (or none given), not applied to it, not having declined it."""
    from candidates.recommendations import qualifying_educations

    degrees = [d for d in Degree.values if position.education in qualifying_educations(d)]
    declined = Invitation.objects.filter(position=position, status=InvitationStatus.DECLINED)
    return (
        GraduateProfile.objects.filter(discoverable=True, user__is_active=True)
        .filter(degree__in=[*degrees, ""])
        .exclude(applications__position=position)
        .exclude(pk__in=declined.values("graduate_id"))
        .prefetch_related("expected_cities")
        .order_by("-updated_at", "-pk")
    )


def suggest_graduates(position, *, limit: int = PAGE) -> list[TalentSuggestion]:
    """The discoverable graduates who fit the position best (their major or skills match)."""
    opening = Opening.of(position)
    open_invitations = {
        i.graduate_id: i
        for i in Invitation.objects.filter(position=position, status=InvitationStatus.OPEN)
    }
    suggestions = []
    for profile in _discoverable_for(position):
        cities = list(profile.expected_cities.all())
        result = fit(Seeker.of(profile, cities=cities), opening)
        if result is None or not result.fits:
            continue
        suggestions.append(
            TalentSuggestion(
                graduate=MaskedGraduate.of(profile, cities),
                fit=result,
                invitation=open_invitations.get(profile.pk),
            )
        )
    suggestions.sort(key=lambda s: s.score, reverse=True)  # stable: newest profiles first on ties
    return suggestions[:limit]


def not_suggested() -> ValidationError:
    """The refusal to invite a graduate who is not (or no longer) among the suggestions; the same
    for one who does not exist, so ids reveal nothing."""
    return ValidationError(
        _("This graduate is not among the position's suggestions any more."),
        code="not_suggested",
    )


def suggested_graduate(position, graduate_id: int) -> GraduateProfile | None:
    """The graduate with this id if they are among the position's suggestions, else None."""
    graduate = GraduateProfile.objects.filter(pk=graduate_id).first()
    if graduate is None or not is_suggestible(graduate, position):
        return None
    return graduate


def is_suggestible(graduate: GraduateProfile, position) -> bool:
    """Whether the graduate is among the position's suggestions (discoverable, not applied, not
    having declined it, fitting): the only graduates a recruiter may invite."""
    if not _discoverable_for(position).filter(pk=graduate.pk).exists():
        return False
    result = fit(Seeker.of(graduate), Opening.of(position))
    return result is not None and result.fits

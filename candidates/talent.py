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

from candidates.matching import (
    RECRUITER,
    SEEKER_FIELDS,
    Fit,
    Opening,
    Place,
    Reason,
    Seeker,
    fit,
)
from candidates.models import Degree, GraduateProfile, Invitation, InvitationStatus, split_skills
from candidates.recommendations import qualifying_educations

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
    def from_row(cls, row: dict, cities) -> "MaskedGraduate":
        """From a `values(*CARD_FIELDS)` row of a profile and its cities (Places)."""
        return cls(
            id=row["id"],
            name=masked_name(row["full_name"]),
            university=row["university"],
            major=row["major"],
            degree=row["degree"],
            degree_label=str(Degree(row["degree"]).label) if row["degree"] else "",
            graduation_year=row["graduation_year"],
            skills=tuple(split_skills(row["skills"])[:8]),
            cities=tuple(str(c) for c in cities),
        )


# What a masked card and the fit read of a profile: nothing that identifies the graduate but
# the full name, which only `masked_name` reads.
CARD_FIELDS = (*SEEKER_FIELDS, "full_name", "university", "graduation_year")


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
    degrees = [d for d in Degree.values if position.education in qualifying_educations(d)]
    declined = Invitation.objects.filter(position=position, status=InvitationStatus.DECLINED)
    return (
        GraduateProfile.objects.filter(discoverable=True, user__is_active=True)
        .filter(degree__in=[*degrees, ""])
        .exclude(applications__position=position)
        .exclude(pk__in=declined.values("graduate_id"))
        .order_by("-updated_at", "-pk")
    )


def _cities_of(profiles) -> dict[int, dict[int, Place]]:
    """Each profile's expected cities, in one query."""
    through = GraduateProfile.expected_cities.through
    cities: dict[int, dict[int, Place]] = {}
    rows = through.objects.filter(graduateprofile_id__in=profiles.values("pk")).values_list(
        "graduateprofile_id", "region_id", "region__name", "region__name_en"
    )
    for profile_id, region_id, name, name_en in rows:
        cities.setdefault(profile_id, {})[region_id] = Place(name, name_en)
    return cities


def suggest_graduates(position, *, limit: int = PAGE) -> list[TalentSuggestion]:
    """The discoverable graduates who fit the position best (their major or skills match)."""
    opening = Opening.of(position)
    open_invitations = {
        i.graduate_id: i
        for i in Invitation.objects.filter(position=position, status=InvitationStatus.OPEN)
    }
    profiles = _discoverable_for(position)
    cities = _cities_of(profiles)
    scored = []
    for row in profiles.values(*CARD_FIELDS):
        places = cities.get(row["id"], {})
        result = fit(Seeker.from_row(row, places), opening)
        if result is not None and result.fits:
            scored.append((row, places, result))
    scored.sort(key=lambda item: item[2].score, reverse=True)  # stable: newest profiles first
    return [
        TalentSuggestion(
            graduate=MaskedGraduate.from_row(row, places.values()),
            fit=result,
            invitation=open_invitations.get(row["id"]),
        )
        for row, places, result in scored[:limit]
    ]


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

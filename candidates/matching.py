"""The fit of a graduate and a position (人岗匹配): one scoring function, used both ways.

为你推荐 ranks open positions for a graduate and 人才推荐 ranks discoverable graduates for a
position with `fit(seeker, opening)`; each fit carries the reasons a card shows, worded for
whoever reads it (the graduate or the recruiter), in the active language.

Points, out of 100:
- major (up to 40): the position lists the graduate's major (40); the position's category is one
  the major's class fits (40 for the best fit, 30 for the second, 20 after); the major's words in
  the title (25) or asked for in the description (10: the major's name, or a word of it followed
  by 专业, as in 计算机相关专业); the enterprise's industry is one of the class's (+5, no
  fit by itself). A position or graduate *fits* when the major or the skills match.
- city (25): the position is in one of the graduate's expected cities.
- degree (5): the graduate's degree meets the requirement; one that does not is no match at all.
- skills (5 each, up to 15): the graduate's skills found in the position's text.
- salary (up to 10): the range reaches the expected salary (10; 7 if only its maximum does),
  negotiable (3).
- freshness (up to 5): published in the last 3 days (5), 14 days (3), 30 days (1).
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from associations.models import Industry
from candidates.majors import MajorMatch, match_major
from candidates.models import split_skills
from jobs.models import EDUCATION_RANK, Category, Education
from jobs.templatetags.jobs_tags import salary

MAJOR_LISTED = 40
MAJOR_CATEGORY = (40, 30, 20)
MAJOR_IN_TITLE = 25
MAJOR_IN_TEXT = 10
MAJOR_CAP = 40
INDUSTRY_BONUS = 5
CITY = 25
DEGREE = 5
SKILL, SKILLS_CAP = 5, 15
SALARY_MET, SALARY_REACHED, SALARY_NEGOTIABLE = 10, 7, 3
FRESH = ((3, 5), (14, 3), (30, 1))  # (days since publication, points)

GRADUATE, RECRUITER = "graduate", "recruiter"  # who reads the reasons


# A word asked for as a major: 计算机相关专业, 会计等专业 (the database runs it too).
AS_MAJOR = r"[^，。；、,;.\n]{0,6}专业"


def asked_as_major(words) -> str:
    """A regular expression finding any of `words` asked for as a major."""
    return "(" + "|".join(re.escape(w) for w in words) + ")" + AS_MAJOR


_ASCII_WORD = re.compile(r"^[a-z0-9+#.\- ]+$")


# What `Seeker.from_row` reads of a graduate's profile.
SEEKER_FIELDS = ("id", "major", "degree", "skills", "expected_salary")


@dataclass(frozen=True)
class Place:
    """A city as both languages name it."""

    name: str
    name_en: str = ""

    def __str__(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


@dataclass(frozen=True)
class Seeker:
    """What a graduate's profile says for matching."""

    graduate_id: int | None
    major_text: str
    major: MajorMatch | None
    degree: str
    cities: dict[int, Place]
    skills: tuple[str, ...]
    expected_salary: int | None

    @classmethod
    def of(cls, profile) -> "Seeker":
        """From a GraduateProfile."""
        cities = profile.expected_cities.all() if profile.pk else []
        return cls.from_row(
            {name: getattr(profile, name) for name in SEEKER_FIELDS},
            {c.pk: Place(c.name, c.name_en) for c in cities},
        )

    @classmethod
    def from_row(cls, row: dict, cities: dict[int, Place]) -> "Seeker":
        """From a `values(*SEEKER_FIELDS)` row of a profile and its expected cities."""
        return cls(
            graduate_id=row["id"],
            major_text=row["major"] or "",
            major=match_major(row["major"] or ""),
            degree=row["degree"] or "",
            cities=cities,
            skills=tuple(dict.fromkeys(split_skills(row["skills"]))),
            expected_salary=row["expected_salary"],
        )

    # Derived once per seeker (a ranking scores it against thousands of positions); cached in
    # the instance's __dict__, which a frozen dataclass allows.
    @cached_property
    def words(self) -> tuple[str, ...]:
        """The major's words to look for in positions (the typed major when not recognised)."""
        if self.major is not None:
            return self.major.words
        typed = self.major_text.strip().lower()
        return (typed,) if len(typed) >= 2 else ()

    @cached_property
    def major_names(self) -> tuple[str, ...]:
        """The major as typed and as the catalogue names it: what a position's list may name."""
        names = [self.major_text.strip()]
        if self.major is not None and self.major.major:
            names.append(self.major.major)
        return tuple(dict.fromkeys(n for n in names if n))

    @cached_property
    def listed_names(self) -> frozenset[str]:
        return frozenset(n.lower() for n in self.major_names)

    @cached_property
    def asked_words(self) -> tuple[tuple[str, re.Pattern | None], ...]:
        """Each word with how a description asks for it: anywhere for the major's own names,
        as a major (计算机相关专业) for the shorter words, since 熟练使用办公软件 asks for no
        软件工程."""
        return tuple(
            (w, None if w in self.listed_names else re.compile(asked_as_major([w])))
            for w in self.words
        )

    @cached_property
    def skill_patterns(self) -> tuple[tuple[str, re.Pattern | None], ...]:
        """Each skill with its whole-word pattern when it is Latin (C is not in CAD)."""
        out = []
        for skill in self.skills:
            word = skill.strip().lower()
            pattern = None
            if _ASCII_WORD.match(word):
                pattern = re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9+#])")
            out.append((word, pattern))
        return tuple(out)

    @property
    def can_fit(self) -> bool:
        """Whether anything in the profile can make a position fit (a major or skills)."""
        return bool(self.words or self.skills)


@dataclass(frozen=True)
class Opening:
    """What a position says for matching."""

    position_id: int
    title: str
    category: str
    industry: str
    education: str
    city_id: int
    city: Place
    salary_min: int | None
    salary_max: int | None
    published_at: datetime.datetime | None
    majors: tuple[str, ...]
    text: str  # title, description and requirements, lower case

    @classmethod
    def of(cls, position) -> "Opening":
        """From a Position with its enterprise and city loaded."""
        return cls(
            position_id=position.pk,
            title=position.title.lower(),
            category=position.category,
            industry=position.enterprise.industry,
            education=position.education,
            city_id=position.city_id,
            city=Place(position.city.name, position.city.name_en),
            salary_min=position.salary_min,
            salary_max=position.salary_max,
            published_at=position.published_at,
            majors=tuple(position.majors or ()),
            text=" ".join((position.title, position.description, position.requirements)).lower(),
        )

    @classmethod
    def from_row(cls, row: dict) -> "Opening":
        """From a `values(*ROW_FIELDS)` row: rankings score thousands without making models."""
        return cls(
            position_id=row["id"],
            title=row["title"].lower(),
            category=row["category"],
            industry=row["enterprise__industry"],
            education=row["education"],
            city_id=row["city_id"],
            city=Place(row["city__name"], row["city__name_en"]),
            salary_min=row["salary_min"],
            salary_max=row["salary_max"],
            published_at=row["published_at"],
            majors=tuple(row["majors"] or ()),
            text=" ".join((row["title"], row["description"], row["requirements"])).lower(),
        )


# What `Opening.from_row` reads of a position.
ROW_FIELDS = (
    "id",
    "title",
    "category",
    "enterprise__industry",
    "education",
    "city_id",
    "city__name",
    "city__name_en",
    "salary_min",
    "salary_max",
    "published_at",
    "majors",
    "description",
    "requirements",
)


@dataclass(frozen=True)
class Reason:
    """Why a card was suggested; `text` is worded for its reader, in the active language."""

    code: str
    audience: str
    params: tuple = ()

    @property
    def text(self) -> str:
        return _reason_text(self.code, self.audience, self.params)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Fit:
    score: int  # 0..100
    fits: bool  # the major or the skills match
    parts: tuple[tuple[str, tuple], ...] = field(default=())  # (reason code, params), best first

    def reasons(self, audience: str = GRADUATE) -> list[Reason]:
        codes = self.parts if audience == GRADUATE else [p for p in self.parts if p[0] != "fresh"]
        return [Reason(code, audience, params) for code, params in codes]


def degree_meets(degree: str, education: str) -> bool:
    """Whether a graduate's degree meets a position's education requirement (unknown: yes)."""
    if not degree or degree not in EDUCATION_RANK or education not in EDUCATION_RANK:
        return True
    return EDUCATION_RANK[degree] >= EDUCATION_RANK[education]


def fit(seeker: Seeker, opening: Opening, *, now: datetime.datetime | None = None) -> Fit | None:
    """How well the graduate and the position fit; None when the degree does not meet the
    requirement (no match whatever else fits)."""
    if not degree_meets(seeker.degree, opening.education):
        return None
    parts: list[tuple[str, tuple]] = []
    major = _major_points(seeker, opening, parts)
    score = major
    fits_major = major > INDUSTRY_BONUS
    if opening.city_id in seeker.cities:
        score += CITY
        parts.append(("city", (seeker.cities[opening.city_id],)))
    skills = [
        skill
        for skill, (word, pattern) in zip(seeker.skills, seeker.skill_patterns, strict=True)
        if (pattern.search(opening.text) if pattern else word in opening.text)
    ]
    if skills:
        score += min(SKILLS_CAP, SKILL * len(skills))
        parts.append(("skills", (tuple(skills[:4]),)))
    if seeker.degree:
        score += DEGREE
        parts.append(("degree", (opening.education, seeker.degree)))
    score += _salary_points(seeker, opening, parts)
    score += _fresh_points(opening, now or timezone.now(), parts)
    return Fit(score=min(100, score), fits=fits_major or bool(skills), parts=tuple(parts))


def _major_points(seeker: Seeker, opening: Opening, parts: list) -> int:
    match = seeker.major
    points = 0
    reason = None
    if seeker.major_names and opening.majors:
        listed = {m.strip().lower() for m in opening.majors}
        if listed & seeker.listed_names:
            points, reason = MAJOR_LISTED, ("major_listed", (seeker.major_text,))
    if match is not None and opening.category in match.categories:
        rank = match.categories.index(opening.category)
        category_points = MAJOR_CATEGORY[min(rank, len(MAJOR_CATEGORY) - 1)]
        if category_points > points:
            points = category_points
            reason = ("major_category", (match.major_class, opening.category))
    if points < MAJOR_IN_TITLE:
        word = next((w for w in seeker.words if w in opening.title), None)
        if word is not None:
            points, reason = MAJOR_IN_TITLE, ("major_words", (word,))
        elif points < MAJOR_IN_TEXT:
            word = next(
                (
                    w
                    for w, pattern in seeker.asked_words
                    if (pattern.search(opening.text) if pattern else w in opening.text)
                ),
                None,
            )
            if word is not None:
                points, reason = MAJOR_IN_TEXT, ("major_words", (word,))
    if match is not None and opening.industry and opening.industry in match.industries:
        # The enterprise's industry adds to a fit; alone it is no fit (a nurse at a software
        # company is no job for a programmer).
        points += INDUSTRY_BONUS
        if reason is None:
            reason = ("industry", (opening.industry,))
    if reason is not None:
        parts.append(reason)
    return min(MAJOR_CAP, points)


def _salary_points(seeker: Seeker, opening: Opening, parts: list) -> int:
    expected = seeker.expected_salary
    if not expected:
        return 0
    low, high = opening.salary_min, opening.salary_max
    if low is None and high is None:
        return SALARY_NEGOTIABLE
    if low is not None and low >= expected:
        parts.append(("salary", (low, high)))
        return SALARY_MET
    if high is not None and high >= expected:
        parts.append(("salary", (low, high)))
        return SALARY_REACHED
    return 0


def _fresh_points(opening: Opening, now: datetime.datetime, parts: list) -> int:
    if opening.published_at is None:
        return 0
    days = (now - opening.published_at).days
    for within, points in FRESH:
        if days < within:
            if within == FRESH[0][0]:
                parts.append(("fresh", ()))
            return points
    return 0


# --- Wording --------------------------------------------------------------------------------------


def _salary_text(low: int | None, high: int | None) -> str:
    return str(salary(_Range(low, high)))


@dataclass(frozen=True)
class _Range:
    salary_min: int | None
    salary_max: int | None


def _names(values) -> str:
    separator = ", " if (get_language() or "").startswith("en") else "、"
    return separator.join(str(v) for v in values)


def _reason_text(code: str, audience: str, params: tuple) -> str:
    for_graduate = audience == GRADUATE
    if code == "major_category":
        major_class, category = params
        return _("Major fits: %(major)s → %(category)s") % {
            "major": major_class.label,
            "category": Category(category).label,
        }
    if code == "major_listed":
        if for_graduate:
            return _("The position asks for your major: %(major)s") % {"major": params[0]}
        return _("Studied a major the position asks for: %(major)s") % {"major": params[0]}
    if code == "major_words":
        if for_graduate:
            return _("The position mentions your major: %(word)s") % {"word": params[0]}
        return _("The major matches the position: %(word)s") % {"word": params[0]}
    if code == "industry":
        return _("Related industry: %(industry)s") % {"industry": Industry(params[0]).label}
    if code == "city":
        if for_graduate:
            return _("In a city you chose: %(city)s") % {"city": params[0]}
        return _("Wants to work in %(city)s") % {"city": params[0]}
    if code == "skills":
        return _("Skills match: %(skills)s") % {"skills": _names(params[0])}
    if code == "degree":
        education, degree = params
        if education == Education.ANY:
            return _("Any degree accepted")
        return _("Degree meets the requirement: %(degree)s") % {"degree": Education(degree).label}
    if code == "salary":
        if for_graduate:
            return _("Pays what you expect: %(salary)s") % {"salary": _salary_text(*params)}
        return _("Expects a salary within the position's range")
    if code == "fresh":
        return _("Just published")
    return code

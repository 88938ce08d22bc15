"""Majors (专业) and the jobs they lead to: a graduate's free-text major read as a class (专业类)
of the national catalogues, with the job categories (jobs.Category) and industries (GB/T 4754
sections) that class fits.

The data ships in candidates/data/majors.json: the classes of 普通高等学校本科专业目录 (2024) and
职业教育专业目录 (2021), each with its majors, the categories it fits in order of fit (a major can
have its own, e.g. 会计学 in 工商管理类 fits finance only), its industries, keywords that find
it from a partial name (计算机, 会计), and other names (English, abbreviations such as 计科, 软工).

Reading a major, best first: the exact name of a major or class; an abbreviation or another name;
a major's name inside the text (计算机科学与技术（师范）); a keyword as the whole text; a major's
name beginning with the text (电气工程 → 电气工程及其自动化); a keyword inside the text (矿业工程 →
矿业类); the text inside a major's name; a name within a small edit of the text (a typo).
"""

import difflib
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "majors.json"

# Closest name at least this similar (difflib ratio) counts as the same major: one wrong
# character in six or more.
SIMILARITY = 0.8
# Words that name no major by themselves (工程 is part of hundreds of names).
GENERIC = frozenset(
    {"工程", "管理", "技术", "科学", "应用", "工学", "理学", "学", "信息", "系统", "专业", "本科"}
)


@dataclass(frozen=True)
class MajorClass:
    """A class (专业类) of a national catalogue of majors."""

    code: str
    name: str
    name_en: str
    catalogue: str  # "undergraduate" | "vocational"
    discipline: str  # 门类 (undergraduate) or 大类 (vocational)
    categories: tuple[str, ...]  # jobs.Category values, best fit first
    industries: str  # GB/T 4754 section letters
    keywords: tuple[str, ...]
    majors: tuple[str, ...]
    overrides: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def label(self) -> str:
        """The class's name in the active language."""
        return self.name_en if (get_language() or "").startswith("en") else self.name

    def categories_of(self, major: str) -> tuple[str, ...]:
        return dict(self.overrides).get(major, self.categories)


@dataclass(frozen=True)
class MajorMatch:
    """What a graduate's major was read as."""

    text: str  # as the graduate wrote it
    major: str  # the catalogue's major it was read as; "" when only its class was recognised
    major_class: MajorClass
    how: str  # exact | abbreviation | contains | keyword | partial | similar

    @property
    def categories(self) -> tuple[str, ...]:
        return self.major_class.categories_of(self.major)

    @property
    def industries(self) -> str:
        return self.major_class.industries

    @property
    def words(self) -> tuple[str, ...]:
        """Words of the major to look for in a position's title and description.

        The major's name and the class's keywords it contains (会计学 → 会计学, 会计); for a
        class recognised from a partial name, the class's keywords.
        """
        keywords = self.major_class.keywords
        if self.major:
            words = [self.major, *(k for k in keywords if k in self.major)]
        else:
            words = list(keywords)
        typed = normalize(self.text)
        if _is_chinese(typed) and len(typed) >= 2:
            words.append(typed)
        return tuple(dict.fromkeys(w.lower() for w in words if len(w) >= 2))


@dataclass(frozen=True)
class Catalogue:
    classes: tuple[MajorClass, ...]
    by_major: dict[str, MajorClass]  # the first class listing the name (undergraduate first)
    by_class_name: dict[str, MajorClass]
    by_code: dict[str, MajorClass]
    other_names: dict[str, str]  # abbreviation or English name → a major's name
    aliases: dict[str, MajorClass]  # another name of a whole class
    by_keyword: dict[str, MajorClass]


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, no spaces or bracketed notes, no 专业/方向 suffix."""
    text = unicodedata.normalize("NFKC", text or "").strip().lower()
    text = re.sub(r"[(\[【].*?[)\]】]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if _is_chinese(text):
        text = text.replace(" ", "")
        text = re.sub(r"(专业|方向)$", "", text)
    return text


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@functools.cache
def catalogue() -> Catalogue:
    """The catalogue, read once per process from candidates/data/majors.json."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    classes = []
    by_major: dict[str, MajorClass] = {}
    aliases: dict[str, MajorClass] = {}
    by_keyword: dict[str, MajorClass] = {}
    for item in data["classes"]:
        major_class = MajorClass(
            code=item["code"],
            name=item["name"],
            name_en=item["name_en"],
            catalogue=item["catalogue"],
            discipline=item["discipline"],
            categories=tuple(item["categories"]),
            industries=item["industries"],
            keywords=tuple(item["keywords"]),
            majors=tuple(item["majors"]),
            overrides=tuple((k, tuple(v)) for k, v in item.get("overrides", {}).items()),
        )
        classes.append(major_class)
        for name in major_class.majors:
            by_major.setdefault(name, major_class)
        for alias in item.get("aliases", ()):
            aliases.setdefault(normalize(alias), major_class)
        for keyword in major_class.keywords:
            by_keyword.setdefault(keyword.lower(), major_class)
    return Catalogue(
        classes=tuple(classes),
        by_major=by_major,
        by_class_name={c.name: c for c in classes},
        by_code={c.code: c for c in classes},
        other_names={normalize(k): v for k, v in data["abbreviations"].items()},
        aliases=aliases,
        by_keyword=by_keyword,
    )


@functools.lru_cache(maxsize=4096)
def match_major(text: str) -> MajorMatch | None:
    """The class (and major, when recognised) of a graduate's free-text major; None if unknown."""
    wanted = normalize(text)
    if not wanted:
        return None
    found = _read(wanted)
    if found is None:
        return None
    major, major_class, how = found
    return MajorMatch(text=text, major=major, major_class=major_class, how=how)


def _read(wanted: str) -> tuple[str, MajorClass, str] | None:
    cat = catalogue()
    if wanted in cat.by_major:
        return wanted, cat.by_major[wanted], "exact"
    if wanted in cat.by_class_name:
        return "", cat.by_class_name[wanted], "exact"
    if wanted in cat.other_names:
        name = cat.other_names[wanted]
        return name, cat.by_major[name], "abbreviation"
    if wanted in cat.aliases:
        return "", cat.aliases[wanted], "abbreviation"
    if not _is_chinese(wanted):
        return _similar(wanted, cat.aliases.keys(), lambda n: ("", cat.aliases[n]))
    # A major's name inside the text, the longest: 计算机科学与技术师范 → 计算机科学与技术.
    inside = [name for name in cat.by_major if len(name) >= 3 and name in wanted]
    if inside:
        name = max(inside, key=len)
        return name, cat.by_major[name], "contains"
    if wanted in cat.by_keyword:
        return _by_keyword(wanted, cat.by_keyword[wanted])
    if wanted in GENERIC:
        return None
    # A major's name beginning with the text, the shortest: 电气工程 → 电气工程及其自动化.
    starting = [name for name in cat.by_major if name.startswith(wanted)]
    if starting:
        name = min(starting, key=len)
        return name, cat.by_major[name], "partial"
    keywords = [k for k in cat.by_keyword if len(k) >= 2 and k in wanted]
    if keywords:
        keyword = max(keywords, key=len)
        return _by_keyword(keyword, cat.by_keyword[keyword])
    around = [name for name in cat.by_major if wanted in name]
    if around:
        name = min(around, key=len)
        return name, cat.by_major[name], "partial"
    if len(wanted) >= 4:
        return _similar(wanted, cat.by_major.keys(), lambda n: (n, cat.by_major[n]))
    return None


def _by_keyword(keyword: str, major_class: MajorClass) -> tuple[str, MajorClass, str]:
    """The class of a keyword, read as its closest major naming the keyword (会计 in 工商管理类 is
    会计学, which fits finance, not the class's first category)."""
    naming = [name for name in major_class.majors if keyword in name]
    return (min(naming, key=len) if naming else ""), major_class, "keyword"


def _similar(wanted: str, names, resolve) -> tuple[str, MajorClass, str] | None:
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=SIMILARITY)
    if not close:
        return None
    major, major_class = resolve(close[0])
    return major, major_class, "similar"

"""The index's vocabulary: its words with their pinyin, for typos, pinyin queries and completion.

Chinese typed through a pinyin keyboard goes wrong by sound (会记 for 会计, 软建 for 软件, 数椐 for
数据), so a word the index does not know is looked up by its toneless pinyin, trying every reading
of characters with several (会 is hui or kuai). Latin letters that are not a word the index knows
are read as pinyin (kuaiji) or initials (kj). Edit distance on characters catches the rest.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from django.db import transaction
from pypinyin import Style, lazy_pinyin, pinyin

from search.analyzer import index_tokens
from search.lexicon import GENERIC_WORDS

MAX_READINGS = 16
_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_LATIN_WORD = re.compile(r"^[a-z][a-z0-9+#.]*$")
# Toneless pinyin syllables, longest first, for reading "kuaiji" as kuai + ji.
_INITIALS = [
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "zh",
    "ch",
    "sh",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
]
_FINALS = [
    "a",
    "o",
    "e",
    "i",
    "u",
    "v",
    "ai",
    "ei",
    "ui",
    "ao",
    "ou",
    "iu",
    "ie",
    "ve",
    "er",
    "an",
    "en",
    "in",
    "un",
    "vn",
    "ang",
    "eng",
    "ing",
    "ong",
    "ia",
    "iao",
    "ian",
    "iang",
    "iong",
    "ua",
    "uo",
    "uai",
    "uan",
    "uang",
    "ue",
]
_SYLLABLES = sorted({i + f for i in ["", *_INITIALS] for f in _FINALS}, key=lambda s: (-len(s), s))


def is_chinese(word: str) -> bool:
    return bool(_CJK.match(word))


@lru_cache(maxsize=50_000)
def pinyin_of(word: str) -> str:
    """The most likely toneless pinyin of a word, syllables run together (会计 → kuaiji)."""
    return "".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore")).lower()


@lru_cache(maxsize=50_000)
def initials_of(word: str) -> str:
    return "".join(s[0] for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if s)


@lru_cache(maxsize=10_000)
def readings(word: str) -> tuple[str, ...]:
    """Every toneless reading of a word (会记 → huiji, kuaiji), at most MAX_READINGS."""
    per_char = pinyin(word, style=Style.NORMAL, heteronym=True, errors="ignore")
    options = [sorted({s.lower() for s in syllables}) for syllables in per_char if syllables]
    found = []
    for combination in itertools.product(*options):
        found.append("".join(combination))
        if len(found) >= MAX_READINGS:
            break
    return tuple(dict.fromkeys([pinyin_of(word), *found]))


def is_pinyin(text: str) -> bool:
    """Whether Latin text reads as whole toneless pinyin syllables (kuaiji, shujufenxi)."""
    return bool(text) and text.isascii() and text.isalpha() and _full_parse(text)


@lru_cache(maxsize=10_000)
def _full_parse(text: str) -> bool:
    if not text:
        return True
    return any(text.startswith(s) and _full_parse(text[len(s) :]) for s in _SYLLABLES)


def is_vocabulary_word(word: str) -> bool:
    """Words worth keeping: Chinese of two characters or more, Latin of two letters or more."""
    if is_chinese(word):
        return 2 <= len(word) <= 12
    return bool(_LATIN_WORD.match(word)) and 2 <= len(word) <= 30 and not word.isdigit()


def count_words(documents: Iterable) -> tuple[Counter, Counter]:
    """How many documents use each word anywhere, and in their title."""
    anywhere: Counter = Counter()
    titles: Counter = Counter()
    for doc in documents:
        title = {t for t in index_tokens(doc.title) if is_vocabulary_word(t)}
        words = title | {
            t for t in index_tokens(f"{doc.body}\n{doc.enterprise_name}") if is_vocabulary_word(t)
        }
        anywhere.update(words)
        titles.update(title)
    return anywhere, titles


def replace_vocabulary(anywhere: Counter, titles: Counter) -> int:
    """Store the vocabulary counted from every searchable document (one transaction)."""
    from search.models import Term  # search/__init__ imports this module before models load

    rows = [
        Term(
            word=word,
            pinyin=pinyin_of(word) if is_chinese(word) else word,
            initials=initials_of(word) if is_chinese(word) else "",
            length=len(word),
            documents=count,
            in_titles=titles.get(word, 0),
        )
        for word, count in anywhere.items()
    ]
    with transaction.atomic():
        Term.objects.all().delete()
        Term.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """One character replaced, inserted, deleted, or two neighbours swapped."""
    if a == b:
        return False
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def sound_alike(word: str, *, limit: int = 5) -> list[tuple[str, int]]:
    """Known words read like `word` (its pinyin under any reading), most used first."""
    from search.models import Term  # search/__init__ imports this module before models load

    found = Term.objects.filter(pinyin__in=readings(word), length=len(word)).exclude(word=word)
    return list(found.order_by("-in_titles", "-documents").values_list("word", "documents")[:limit])


def spelled_alike(word: str, *, limit: int = 5) -> list[tuple[str, int]]:
    """Known words one edit away from `word` that share its first or last character."""
    from search.models import Term  # search/__init__ imports this module before models load

    candidates = Term.objects.filter(length__in=(len(word) - 1, len(word), len(word) + 1)).filter(
        word__startswith=word[0]
    ) | Term.objects.filter(
        length__in=(len(word) - 1, len(word), len(word) + 1), word__endswith=word[-1]
    )
    ranked = [
        (w, n)
        for w, n in candidates.order_by("-in_titles", "-documents").values_list(
            "word", "documents"
        )[:500]
        if edit_distance_at_most_one(word, w)
    ]
    return ranked[:limit]


def words_for_pinyin(text: str, *, limit: int = 3) -> list[tuple[str, int]]:
    """Chinese words of the vocabulary spelled by Latin `text`: whole pinyin, else initials.
    Never a generic role word (gj is 钢筋 or 工具 before 高级)."""
    from search.models import Term  # search/__init__ imports this module before models load

    if is_pinyin(text):
        found = Term.objects.filter(pinyin=text).order_by("-in_titles", "-documents")
        result = list(found.values_list("word", "documents")[:limit])
        if result:
            return result
    if 2 <= len(text) <= 6 and text.isalpha():
        found = (
            Term.objects.filter(initials=text, in_titles__gt=0)
            .exclude(word__in=GENERIC_WORDS)
            .order_by("-in_titles", "-documents")
        )
        return list(found.values_list("word", "documents")[:limit])
    return []


# The role characters a single syllable or initial most likely stands for at the end of a name.
ROLE_SYLLABLES = {"yuan": "员", "shi": "师", "gong": "工", "shou": "手", "zhang": "长"}
ROLE_INITIALS = {"y": "员", "s": "师", "g": "工"}


def _syllable_splits(text: str) -> list[list[str]]:
    """Ways to read `text` as toneless pinyin syllables (kuaiji → [kuai, ji]), fewest first."""
    found: list[list[str]] = []

    def walk(rest: str, so_far: list[str]) -> None:
        if len(found) >= 8:
            return
        if not rest:
            found.append(so_far)
            return
        for syllable in _SYLLABLES:
            if rest.startswith(syllable):
                walk(rest[len(syllable) :], [*so_far, syllable])

    walk(text, [])
    return sorted(found, key=len)


def words_for_pinyin_sequence(text: str) -> list[str]:
    """Words of the vocabulary that spell `text` together, in pinyin or initials, ending perhaps
    with a role character (chayishi, cys → 茶艺 师; gjg → 钢筋 工); [] when nothing spells it."""
    from search.models import Term  # search/__init__ imports this module before models load

    if is_pinyin(text):
        for syllables in _syllable_splits(text)[:3]:
            chunks = {
                "".join(syllables[i:j])
                for i in range(len(syllables))
                for j in range(i + 2, len(syllables) + 1)
            } | {"".join(syllables[i : i + 2]) for i in range(len(syllables))}
            terms = Term.objects.filter(pinyin__in=chunks).exclude(word__in=GENERIC_WORDS)
            words = _best_cover(syllables, terms, ROLE_SYLLABLES, "pinyin")
            if words:
                return words
    if 3 <= len(text) <= 8 and text.isalpha():
        letters = list(text)
        chunks = {
            "".join(letters[i:j])
            for i in range(len(letters))
            for j in range(i + 2, len(letters) + 1)
        }
        found = Term.objects.filter(initials__in=chunks, in_titles__gt=0).exclude(
            word__in=GENERIC_WORDS
        )
        return _best_cover(letters, found, ROLE_INITIALS, "initials")
    return []


def _best_cover(units: list[str], terms, roles: dict[str, str], key: str) -> list[str]:
    """Fewest words covering the units (syllables or initials) in order; a role character may
    stand for the last unit. Among equals, the words most used in titles."""
    best_word: dict[str, tuple[int, str]] = {}
    for word, spelled, in_titles in terms.values_list("word", key, "in_titles"):
        if spelled not in best_word or in_titles > best_word[spelled][0]:
            best_word[spelled] = (in_titles, word)
    n = len(units)
    best: dict[int, tuple[int, int, list[str]]] = {0: (0, 0, [])}  # end → (pieces, -use, words)
    for end in range(1, n + 1):
        for start in range(end):
            if start not in best:
                continue
            spelled = "".join(units[start:end])
            if spelled in best_word:
                use, word = best_word[spelled]
            elif end == n and end - start == 1 and units[start] in roles:
                use, word = 0, roles[units[start]]
            else:
                continue
            pieces, minus_use, words = best[start]
            candidate = (pieces + 1, minus_use - use, [*words, word])
            if end not in best or candidate[:2] < best[end][:2]:
                best[end] = candidate
    found = best.get(n)
    if not found or len(found[2]) < 2 or all(len(w) == 1 for w in found[2]):
        return []
    return found[2]


def complete_pinyin(prefix: str, *, limit: int = 8) -> list[str]:
    """Words whose pinyin or initials begin with the Latin `prefix` (kuai → 会计, kj → 会计)."""
    from search.models import Term  # search/__init__ imports this module before models load

    prefix = prefix.lower()
    if not prefix.isalpha() or len(prefix) < 2:
        return []
    found = Term.objects.filter(pinyin__startswith=prefix) | Term.objects.filter(initials=prefix)
    found = found.filter(in_titles__gt=0, initials__gt="").order_by("-in_titles", "-documents")
    return list(found.values_list("word", flat=True)[:limit])

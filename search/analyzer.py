"""The one Chinese analyzer shared by every search backend.

Text is segmented in Python with rjieba (jieba-rs): search mode when indexing (a word and the
dictionary words inside it), precise mode for queries, and every query word is required. Both
backends then index the same pre-segmented words with a plain whitespace tokenizer, so they agree on
what matches. Segmentation rather than character n-grams is the point: 社会计划生育 is
社会 / 计划生育 and does not contain the word 会计.

rjieba has no `load_userdict`: the shipped user dictionary (search/data/userdict.txt, jieba's format
`word [freq] [tag]`) is read here and each line goes through `Jieba.add_word`, which computes a
frequency when none is given (the same thing jieba's `load_userdict` does).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import rjieba
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

USERDICT_PATH = Path(__file__).resolve().parent / "data" / "userdict.txt"

# A token worth indexing: a letter, digit or CJK character in it (drops spaces and punctuation).
_WORD = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[0-9a-z]")
_RUNS = re.compile(r"[0-9a-z]+|[^0-9a-z]+")
_CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """The process-wide segmenter with the user dictionary loaded (built once, on first use)."""
    jieba = rjieba.Jieba()
    for word, freq, tag in read_userdict():
        jieba.add_word(word, freq, tag)
    return jieba


def read_userdict(path: Path = USERDICT_PATH) -> list[tuple[str, int | None, str | None]]:
    """The user dictionary's entries as (word, frequency or None, tag or None)."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((word, freq, tag))
    return entries


def _keep(token: str) -> bool:
    return bool(_WORD.search(token))


# Characters that end the name of an occupation: 报关员, 茶艺师, 钢筋工, 舵手, 店长.
ROLE_SUFFIXES = frozenset("员师工手长生家者官")


def role_stem(word: str) -> str:
    """The work an occupation's name is made of, without its role character (跟单员 → 跟单);
    "" when the word does not end with one or too little is left."""
    if len(word) >= 3 and word[-1] in ROLE_SUFFIXES and _CJK_ONLY.match(word):
        return word[:-1]
    return ""


@lru_cache(maxsize=50_000)
def _inner_words(word: str) -> tuple[str, ...]:
    """Dictionary words of four or more characters inside a longer word.

    Search mode adds the two- and three-character dictionary words inside a word; this adds the
    longer ones (数据分析 inside 数据分析师, 土木工程 inside 土木工程师), still within one word.
    """
    jieba = segmenter()
    found = []
    for size in range(4, len(word)):
        for start in range(len(word) - size + 1):
            piece = word[start : start + size]
            if jieba.has_word(piece):
                found.append(piece)
    return tuple(found)


def index_tokens(text: str) -> list[str]:
    """Words to index for `text`: search mode plus longer inner words, lowercased."""
    if not text:
        return []
    jieba = segmenter()
    tokens = [t.lower() for t in jieba.cut_for_search(text) if _keep(t)]
    extra = []
    for token in tokens:
        if token.isascii():
            continue
        if len(token) >= 5:
            extra.extend(_inner_words(token))
        # A word the dictionary does not know, glued to its role character (跟单员, 收派员):
        # its stem is indexed too, or 跟单 would never find it.
        if (stem := role_stem(token)) and not jieba.has_word(token):
            extra.append(stem)
        if _LATIN.search(token):
            extra.extend(_mixed_parts(token))
    return tokens + extra


@lru_cache(maxsize=10_000)
def _mixed_parts(word: str) -> tuple[str, ...]:
    """The Latin and Chinese parts of a mixed dictionary word (ui设计师: ui, 设计师, 设计)."""
    parts = []
    for run in _RUNS.findall(word):
        if run.isascii():
            parts.append(run)
        else:
            parts.extend(t for t in segmenter().cut_for_search(run) if _keep(t))
    return tuple(parts)


def segment_for_index(*texts: str) -> str:
    """The pre-segmented, whitespace-joined form of `texts` that both backends index."""
    return " ".join(token for text in texts for token in index_tokens(text))


def query_tokens(text: str) -> list[str]:
    """The words of a query (precise mode, lowercased, in order, without repeats); all required."""
    if not text:
        return []
    seen: dict[str, None] = {}
    for token in segmenter().cut(text):
        if _keep(token):
            seen.setdefault(token.lower(), None)
    return list(seen)


def _spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of `text` whose words (as indexed) are query terms, merged."""
    spans = []
    for word, start, end in segmenter().tokenize(text, mode="search"):
        lowered = word.lower()
        if lowered in terms:
            spans.append((start, end))
        elif not word.isascii():
            # Inner words and Latin/Chinese parts, as index_tokens adds them.
            inner = (
                (_inner_words(word) if len(word) >= 5 else ())
                + (_mixed_parts(lowered) if _LATIN.search(lowered) else ())
                + ((stem,) if (stem := role_stem(word)) else ())
            )
            for piece in inner:
                if piece in terms:
                    offset = lowered.find(piece)
                    spans.append((start + offset, start + offset + len(piece)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str] | set[str], *, fragment: int | None = None) -> SafeString:
    """`text`, escaped, with the words matching `terms` in <mark>.

    Highlighting works on the original text with the same segmentation as the index (so 会计 is not
    marked inside 社会计划生育). With `fragment`, only about that many characters around the first
    match are returned (with ellipses), or the start of the text when nothing matches.
    """
    text = text or ""
    spans = _spans(text, set(terms)) if terms else []
    begin, end = 0, len(text)
    if fragment and len(text) > fragment:
        first = spans[0][0] if spans else 0
        begin = max(0, first - fragment // 4)
        end = min(len(text), begin + fragment)
        begin = max(0, min(begin, end - fragment))
    out = ["…" if begin > 0 else ""]
    cursor = begin
    for start, stop in spans:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)

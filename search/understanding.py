"""Query understanding: from what a graduate typed to the plan every engine runs.

Done in Python, before any engine sees the query, so the embedded engine and Elasticsearch
answer the same. For each word of the query (precise segmentation):

- a dictionary compound also matches as its parts: 电气工程师 is 电气工程师, or 电气 and 工程师
  (documents written 电气设备工程师 or 电气 工程师 say both parts, not the compound);
- related terms of the job domain (search/lexicon.py) also match, ranked below the word: 出纳
  finds 会计 and 财务, accountant finds 会计;
- a word no position uses is read as a typo or as pinyin and replaced by the known word it most
  likely means (会记 → 会计, 软建 → 软件, kuaiji and kj → 会计), which the page says;
- generic role words (开发, 工程师, 专员) rank but are not required next to a specific word.
"""

from __future__ import annotations

from collections.abc import Callable

from search.analyzer import query_tokens, segmenter
from search.lexicon import GENERIC_WORDS, Lexicon, lexicon
from search.plan import Alternative, Group, QueryPlan, Understanding
from search.vocabulary import is_chinese, sound_alike, spelled_alike, words_for_pinyin

PARTS_WEIGHT = 0.9
MAX_ALTERNATIVES = 12

DocFreq = Callable[[list[str]], dict[str, int]]


def understand(text: str, *, doc_freq: DocFreq, correct: bool = True) -> Understanding:
    """The plan for `text`; `doc_freq` tells how many positions use each of some words.

    With `correct`, a word no position uses is replaced by the known word it most likely means.
    """
    lex = lexicon()
    items = _items(_merge_single_characters(query_tokens(text)), lex)
    counts = doc_freq(sorted({t for _word, tokens in items for t in tokens}))
    groups: list[Group] = []
    corrections: list[tuple[str, str]] = []
    for word, tokens in items:
        if len(tokens) == 1 and correct and not counts.get(word) and word not in lex.words:
            meant = _correct(word, doc_freq)
            if meant and meant != word:
                corrections.append((word, meant))
                word, tokens = meant, (meant,)
        groups.append(_group(word, tokens, lex))
    return Understanding(
        text=text, plan=QueryPlan(groups=tuple(groups)), corrections=tuple(corrections)
    )


def _merge_single_characters(words: list[str]) -> list[str]:
    """Adjacent single Chinese characters are one mis-typed word (数 椐 → 数椐), not two words."""
    merged: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1 and is_chinese(word):
            run += word
            continue
        if run:
            merged.append(run)
            run = ""
        if word:
            merged.append(word)
    return list(dict.fromkeys(merged))


def _items(words: list[str], lex: Lexicon) -> list[tuple[str, tuple[str, ...]]]:
    """The query's words as (word, its tokens): neighbours that spell a dictionary entry together
    are one word (理疗 师 → 理疗师; tour guide, an English phrase of the dictionary)."""
    items: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            tokens = tuple(words[i : i + size])
            if len(tokens) < size:
                continue
            joined = "_".join(tokens) if all(t.isascii() for t in tokens) else "".join(tokens)
            if joined in lex.related or tokens in lex.phrases:
                items.append((joined.replace("_", " "), tokens))
                i += size
                break
        else:
            items.append((words[i], (words[i],)))
            i += 1
    return items


def _as_tokens(entry: str) -> tuple[str, ...]:
    """A dictionary entry as the index's words (推拿师 → 推拿 师; tour_guide → tour guide)."""
    return tuple(query_tokens(entry.replace("_", " ")))


def _group(word: str, tokens: tuple[str, ...], lex: Lexicon) -> Group:
    alternatives: dict[tuple[str, ...], float] = {tokens: 1.0}

    def add(terms: tuple[str, ...], weight: float) -> None:
        if terms and weight > alternatives.get(terms, 0.0):
            alternatives[terms] = weight

    key = word.replace(" ", "_")
    related = lex.related_to(key) or lex.phrases.get(tokens, [])
    parts = compound_parts(word) if len(tokens) == 1 else ()
    if parts:
        add(parts, PARTS_WEIGHT)
    for entry, weight in related:
        add(_as_tokens(entry), weight)
    if parts and not related:
        # 仓库管理员 is not in the dictionary but 仓库 is: its related words with the other parts.
        for i, part in enumerate(parts):
            for entry, weight in lex.related_to(part)[:4]:
                replaced = [*parts[:i], *_as_tokens(entry), *parts[i + 1 :]]
                add(tuple(replaced), weight * 0.9)
    ranked = sorted(alternatives.items(), key=lambda item: -item[1])[:MAX_ALTERNATIVES]
    return Group(
        word=word,
        alternatives=tuple(Alternative(terms=t, weight=w) for t, w in ranked),
        required=word not in GENERIC_WORDS,
    )


def compound_parts(word: str) -> tuple[str, ...]:
    """The dictionary words of two or more characters that make up `word` exactly, fewest first.

    电气工程师 → 电气 工程师; 煤矿安全 → 煤矿 安全; 会计 → () (no smaller words cover it).
    """
    if len(word) < 3 or not is_chinese(word):
        return ()
    spans = {
        (start, end)
        for piece, start, end in segmenter().tokenize(word, mode="search")
        if end - start >= 2 and (start, end) != (0, len(word))
    }
    # Fewest pieces covering 0..len(word), by dynamic programming over end positions.
    best: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(1, len(word) + 1):
        for start in range(end):
            if (start, end) in spans and start in best:
                candidate = (*best[start], word[start:end])
                if end not in best or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best.get(len(word), ())


def _correct(word: str, doc_freq: DocFreq) -> str | None:
    """The known word `word` most likely means, or None (it is then searched as typed).

    Sound decides first: a pinyin keyboard's typos sound right and are often real words
    themselves (前段 for 前端, 电器 for 电气). Spelling only corrects what is not a word at all
    and has three characters or more, where one wrong character leaves most of it (数椐分析 →
    数据分析); a real word no position uses (区块, 飞行员) is a search with no answer, not a typo.
    """
    if word.isascii():
        candidates = [w for w, _n in words_for_pinyin(word)] if word.isalpha() else []
    elif is_chinese(word) and len(word) >= 2:
        candidates = [w for w, _n in sound_alike(word)]
        if not candidates and len(word) >= 3 and not segmenter().has_word(word):
            candidates = [w for w, _n in spelled_alike(word)]
    else:
        candidates = []
    if not candidates:
        return None
    counts = doc_freq(candidates)
    found = [c for c in candidates if counts.get(c)]
    return found[0] if found else None

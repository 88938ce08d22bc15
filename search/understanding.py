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

from search.analyzer import query_tokens, role_stem, segmenter
from search.lexicon import GENERIC_WORDS, Lexicon, english_stems, lexicon
from search.plan import Alternative, Group, QueryPlan, Understanding
from search.vocabulary import (
    is_chinese,
    is_pinyin,
    sound_alike,
    spelled_alike,
    words_for_pinyin,
    words_for_pinyin_sequence,
)

PARTS_WEIGHT = 0.9
STEM_WEIGHT = 0.8
MAX_ALTERNATIVES = 12

DocFreq = Callable[[list[str]], dict[str, int]]


def understand(text: str, *, doc_freq: DocFreq, correct: bool = True) -> Understanding:
    """The plan for `text`; `doc_freq` tells how many positions use each of some words.

    With `correct`, a word no position uses is replaced by the known word it most likely means.
    """
    lex = lexicon()
    words = _merge_single_characters(query_tokens(text))
    corrections: list[tuple[str, str]] = []
    if correct:
        words = _join_spaced_pinyin(words, doc_freq)
        words = _repair_split_words(words, doc_freq, corrections)
    items = _items(words, lex)
    counts = doc_freq(sorted({t for _word, tokens in items for t in tokens}))
    groups: list[Group] = []
    for word, tokens in items:
        if len(tokens) == 1 and correct and not counts.get(word) and not lex.knows(word):
            meant = _correct(word, doc_freq)
            if meant and meant != word:
                corrections.append((word, meant))
                word, tokens = meant, tuple(query_tokens(meant)) or (meant,)
        groups.append(_group(word, tokens, lex))
    return Understanding(
        text=text, plan=QueryPlan(groups=tuple(groups)), corrections=tuple(corrections)
    )


def _join_spaced_pinyin(words: list[str], doc_freq: DocFreq) -> list[str]:
    """Latin words that only make sense together as pinyin are one word (cha yi shi → chayishi)."""
    if len(words) < 2 or not all(w.isascii() and w.isalpha() for w in words):
        return words
    joined = "".join(words)
    if not is_pinyin(joined) or any(doc_freq(words).values()):
        return words
    return [joined]


def _repair_split_words(
    words: list[str], doc_freq: DocFreq, corrections: list[tuple[str, str]]
) -> list[str]:
    """A typo the segmenter split around a single character (茶 义师, 测 会员): the pieces read
    together sound like a known occupation (茶艺师, 测绘员), which replaces them."""
    repaired: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            window = words[i : i + size]
            if len(window) < size or not all(is_chinese(w) and len(w) <= 2 for w in window):
                continue
            if not any(len(w) == 1 for w in window):
                continue
            joined = "".join(window)
            stem = role_stem(joined) or joined
            if len(stem) < 2 or doc_freq([stem]).get(stem):
                continue
            meant = _sounds_like(stem, doc_freq)
            if meant:
                meant += joined[len(stem) :]
                corrections.append((joined, meant))
                repaired.append(meant)
                i += size
                break
        else:
            repaired.append(words[i])
            i += 1
    return repaired


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
    elif (stem := role_stem(word)) and len(tokens) <= 2:
        # 报关员 also as 报关: ads say 报关专员, 报关报检员.
        add(compound_parts(stem) or (stem,), STEM_WEIGHT)
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
        required=word not in GENERIC_WORDS
        and not (word.isascii() and any(stem in GENERIC_WORDS for stem in english_stems(word))),
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
    An occupation's name is corrected by its stem (钢巾工 → 钢筋工). Latin letters are read as
    pinyin or initials, of one word (kuaiji → 会计) or of several (chayishi → 茶艺师).
    """
    if word.isascii():
        if not word.isalpha():
            return None
        found = _known(words_for_pinyin(word), doc_freq)
        return found or "".join(words_for_pinyin_sequence(word)) or None
    if not is_chinese(word) or len(word) < 2:
        return None
    found = _sounds_like(word, doc_freq)
    if not found and (stem := role_stem(word)) and not segmenter().has_word(word):
        # An occupation's stem, by sound or (an unknown word only) by one character: 烘培师.
        meant = _sounds_like(stem, doc_freq) or _known(spelled_alike(stem), doc_freq)
        found = meant + word[-1] if meant else None
    if not found and len(word) >= 3 and not segmenter().has_word(word):
        found = _known(spelled_alike(word), doc_freq)
    return found


def _sounds_like(word: str, doc_freq: DocFreq) -> str | None:
    return _known(sound_alike(word), doc_freq)


def _known(candidates: list[tuple[str, int]], doc_freq: DocFreq) -> str | None:
    """The first candidate some position uses."""
    words = [w for w, _n in candidates]
    if not words:
        return None
    counts = doc_freq(words)
    return next((w for w in words if counts.get(w)), None)

"""The job domain's words the query understanding relies on: related terms, generic role words,
the words of each job category.

Related terms are rows of `search.RelatedTerms` (shipped in search/data/synonyms.txt, loaded by a
migration, edited by department officers); a process reloads them when their version in the cache
changes, so an edit reaches every web node at once. An empty table (a test database flushed
between tests) falls back to the shipped file.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache

SYNONYMS_PATH = Path(__file__).resolve().parent / "data" / "synonyms.txt"
VERSION_KEY = "search:lexicon:version"

# Weight of a word found through a related term, against 1 for the word as typed.
RELATED_WEIGHT = 0.7
TRANSLATION_WEIGHT = 0.9


# Role words that name no occupation by themselves: in a query with a more specific word they
# rank the hits (Python开发: Python positions, those that also say 开发 first) but are not required.
def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


GENERIC_WORDS = _word_set(
    # Chinese role and level words
    "开发 工程师 专员 助理 经理 主管 人员 岗位 岗 职位 招聘 储备 管理 管理员 负责人 主任 技术员 "
    "工作 兼职 全职 高级 初级 中级 资深 实习生 实习 应届 应届生 毕业生 诚聘 急聘 师 员 工 手 "
    # verbs and nouns that say how, not what (视频制作: the video work, whatever it is called)
    "制作 操作 维护 技术 支持 服务 顾问 代表 相关 方向 "
    # the same in English
    "engineer engineers manager managers assistant assistants specialist specialists staff "
    "officer officers worker workers senior junior intern trainee"
)

# English word endings, for finding a word of the dictionary from its plural or -ing form.
_ENGLISH_ENDINGS = (("ies", "y"), ("ves", "f"), ("ses", "s"), ("es", ""), ("s", ""), ("ing", ""))


def english_stems(word: str) -> list[str]:
    """The forms a dictionary may list an English word under (photographers → photographer)."""
    if not word.isascii() or not word.isalpha() or len(word) < 4:
        return []
    stems = []
    for ending, replacement in _ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stems.append(word[: -len(ending)] + replacement)
    if word.endswith("ing") and len(word) > 6:
        stems.append(word[:-3] + "e")  # editing → edit, driving → drive
    return stems


# Words of each job category (jobs.Category codes) indexed with a position as a low-weight field,
# so a query naming the field of work (财务, 物流, 护理) finds the positions filed under it.
CATEGORY_TERMS: dict[str, str] = {
    "software": "软件 互联网 it 计算机 程序 软件开发 信息技术",
    "data": "数据 大数据 数据分析",
    "engineering": "工程技术 研发 技术研发",
    "manufacturing": "制造 生产 工厂 车间",
    "mining_energy": "煤矿 矿山 能源 采矿 煤炭 电力",
    "construction": "建筑 土木 施工 建筑工程",
    "sales": "销售 营销 业务",
    "marketing": "市场 营销 推广 媒体 新媒体 市场营销",
    "finance": "财务 会计 金融 出纳 审计",
    "admin": "行政 人事 人力资源 文员",
    "logistics": "物流 仓储 仓库 供应链 运输",
    "hospitality": "餐饮 酒店 旅游",
    "healthcare": "医疗 医护 护理 医院 卫生 医药",
    "education": "教育 培训 教学",
    "agriculture": "农业 农村 环境 环保 林业",
    "community": "社区 社会工作 社工 公益",
    "legal": "法律 法务",
    "design": "设计 文化 艺术 创意",
    "other": "",
}


@dataclass(frozen=True)
class RelatedGroup:
    """One line of the dictionary: `words` find each other, or (one-way) find `targets`."""

    words: tuple[str, ...]
    targets: tuple[str, ...] = ()

    @property
    def one_way(self) -> bool:
        return bool(self.targets)


def parse_line(line: str) -> RelatedGroup | None:
    """A group from one line of the shipped file's format; None for blanks and comments."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    if "=>" in line:
        left, right = line.split("=>", 1)
        words, targets = _words(left), _words(right)
        if words and targets:
            return RelatedGroup(words=words, targets=targets)
        return None
    words = _words(line)
    return RelatedGroup(words=words) if len(words) > 1 else None


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.lower() for w in text.split() if w))


def shipped_groups() -> list[RelatedGroup]:
    groups = []
    for line in SYNONYMS_PATH.read_text(encoding="utf-8").splitlines():
        group = parse_line(line)
        if group is not None:
            groups.append(group)
    return groups


@dataclass
class Lexicon:
    """Related terms by word: word → [(related word, weight)]; multi-word English keys."""

    related: dict[str, list[tuple[str, float]]]
    phrases: dict[tuple[str, ...], list[tuple[str, float]]]
    words: frozenset[str]

    @classmethod
    def build(cls, groups: list[RelatedGroup]) -> Lexicon:
        related: dict[str, dict[str, float]] = {}
        phrases: dict[tuple[str, ...], dict[str, float]] = {}
        known: set[str] = set()

        def add(key: str, target: str, weight: float) -> None:
            if key == target:
                return
            parts = tuple(key.split("_"))  # tour_guide: the query words "tour guide"
            table = phrases.setdefault(parts, {}) if len(parts) > 1 else None
            if table is None:
                table = related.setdefault(key, {})
            table[target] = max(table.get(target, 0.0), weight)

        for group in groups:
            known.update(group.words)
            known.update(group.targets)
            if group.one_way:
                for word in group.words:
                    for target in group.targets:
                        add(word, target, TRANSLATION_WEIGHT)
            else:
                for word in group.words:
                    for other in group.words:
                        add(word, other, RELATED_WEIGHT)
        return cls(
            related={k: sorted(v.items()) for k, v in related.items()},
            phrases={k: sorted(v.items()) for k, v in phrases.items()},
            words=frozenset(known),
        )

    def related_to(self, word: str) -> list[tuple[str, float]]:
        found = self.related.get(word)
        if found is None:
            for stem in english_stems(word):
                if stem in self.related:
                    return [(stem, 1.0), *self.related[stem]]
            return []
        return found

    def knows(self, word: str) -> bool:
        return word in self.words or any(stem in self.words for stem in english_stems(word))


_cache_lock = threading.Lock()
_cached: tuple[object, Lexicon] | None = None


def lexicon() -> Lexicon:
    """The current lexicon (rebuilt in this process when an officer's edit bumped the version)."""
    global _cached
    version = cache.get(VERSION_KEY, 0)
    with _cache_lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, Lexicon.build(current_groups()))
        return _cached[1]


def current_groups() -> list[RelatedGroup]:
    from search.models import RelatedTerms  # the app registry is ready by the first query

    rows = list(RelatedTerms.objects.values_list("words", "targets", "active"))
    if not rows:
        return shipped_groups()
    groups = []
    for words, targets, active in rows:
        if active:
            group = RelatedGroup(words=_words(words), targets=_words(targets))
            if group.one_way or len(group.words) > 1:
                groups.append(group)
    return groups


def lexicon_changed() -> None:
    """Tell every process to reload the lexicon (called by the services that edit it)."""
    global _cached
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)
    with _cache_lock:
        _cached = None

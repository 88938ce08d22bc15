"""Benchmark: how well position search finds what a graduate means, on a judged corpus.

Builds a corpus whose relevance is known by construction: N positions (default 3,000) generated
with a seeded random from occupations ("intents", bench/relevance_data.py) written the many ways
recruiters write them, over every job category, with distractors that share characters or words
but not the intent. Each query's relevant positions are those of its intents that pass its
filters; positions a fair judge could call either way ("neutral") are dropped from the ranking
before scoring (condensed lists).

The product's ranked list: the corpus loaded into a throwaway SQLite database under a temporary
VAR_DIR, `search.rebuild_index()`, then every page of `search.search_positions` (page size 50) and,
after them, the "also found" block (`result.related`) when the product has one
(`product_ranking`). The baseline: plain BM25 over character bigrams, in this script, over the
same text and with the same filters.

Metrics, averaged over queries:
- P@10: relevant positions among the first ten / min(10, relevant positions);
- recall: relevant positions anywhere in the ranked list / relevant positions;
- nDCG@10: binary gains, log2 discount, ideal = all relevant first.
A query with no relevant position (kind "empty") is answered best by nothing: its P@10 and nDCG@10
are 1 - (positions shown among the first ten) / 10, and it has no recall (left out of that mean).

    .venv/bin/python bench/relevance.py [--backend embedded|elasticsearch] [--seed 16]
        [--positions 3000] [--queries] [--show QUERY]

The last line printed is one JSON object: {"queries", "p_at_10", "recall", "ndcg_at_10",
"baseline_recall", "baseline_p_at_10", "baseline_ndcg_at_10", "backend", "positions", "seed",
"degraded", "by_kind"}.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import relevance_data as data

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from associations.data.shanxi_regions import SHANXI  # noqa: E402  (plain data, no Django)

PAGE_SIZE = 50
MAX_PAGES = 200  # search.query.MAX_RESULTS // PAGE_SIZE
K = 10

# Shanxi's cities by short name ("太原"): (division code, full name, [(district code, name)]).
CITIES = {
    name.removesuffix("市"): (code, name, [(d_code, d_name) for d_code, d_name, _e in districts])
    for code, name, _en, districts in SHANXI
}


# --- the corpus ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgedEnterprise:
    name: str
    industry: str
    city: str  # short name
    kind: str


@dataclass(frozen=True)
class JudgedPosition:
    """A position and what it is (its intent), as generated."""

    intent: str
    category: str
    title: str
    description: str
    requirements: str
    majors: tuple[str, ...]
    enterprise: int  # index in Corpus.enterprises
    enterprise_name: str
    city: str  # short name
    district: str  # division code, "" for none
    salary_min: int | None
    salary_max: int | None
    education: str
    job_type: str
    minutes_ago: int

    @property
    def text(self) -> str:
        """Everything a search engine may look at, as the product's document has it."""
        district = next((n for c, n in CITIES[self.city][2] if c == self.district), "")
        return "\n".join(
            [
                self.title,
                self.enterprise_name,
                self.description,
                self.requirements,
                " ".join(self.majors),
                CITIES[self.city][1],
                district,
            ]
        )


@dataclass(frozen=True)
class Corpus:
    seed: int
    enterprises: list[JudgedEnterprise]
    positions: list[JudgedPosition]


def has_core(text: str, core: Iterable) -> bool:
    """Whether `text` holds one of the alternatives (a word, or a tuple of words all present)."""
    return any(
        all(word in text for word in ((alt,) if isinstance(alt, str) else alt)) for alt in core
    )


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Writer:
    """Writes ads the many ways recruiters do: dressed titles, Markdown or plain descriptions."""

    HEADINGS_DUTIES = ["岗位职责", "工作职责", "职位描述", "工作内容", "岗位描述"]
    HEADINGS_REQUIREMENTS = ["任职要求", "任职资格", "岗位要求", "职位要求"]
    HEADINGS_BENEFITS = ["福利待遇", "薪资福利", "我们提供", "薪酬福利"]

    def __init__(self, rng: random.Random):
        self.rng = rng

    def title(self, intent: data.Intent, city: str, job_type: str) -> tuple[str, str]:
        """The dressed title and the plain one it was made from."""
        rng = self.rng
        plain = rng.choice(intent.titles)
        if job_type == "internship":
            forms = ["{t}实习生", "{t}（实习）", "实习{t}", "{t}-实习生（可转正）", "【实习】{t}"]
            return rng.choice(forms).format(t=plain), plain
        if rng.random() < 0.45:
            return plain, plain
        forms = [
            "{t}（{c}）", "{t}-{c}", "【急招】{t}", "{t}（应届生可投）", "{t}（校招）", "诚聘{t}",
            "{t}（五险一金）", "{t}（双休）", "{t}{n}名", "{t}【{c}】", "{t} / {c}",
        ]  # fmt: skip
        if intent.levels:
            forms += ["{l}{t}"] * 4
        if intent.departments:
            forms += ["{d}-{t}", "{d}{t}"]
        dressed = rng.choice(forms).format(
            t=plain,
            c=city,
            n=rng.randint(1, 5),
            l=rng.choice(intent.levels or ("",)),
            d=rng.choice(intent.departments or ("",)),
        )
        return dressed, plain

    def salary(self, intent: data.Intent, low: int | None, high: int | None) -> str:
        rng = self.rng
        if low is None and high is None:
            return rng.choice(["薪资面议", "待遇面议", "薪资面议，详谈"])
        if high is None:
            return rng.choice([f"{low}元以上", f"月薪{low}+", f"{low}元起"])
        forms = [f"{low}-{high}元/月", f"{low / 1000:g}-{high / 1000:g}K", f"月薪{low}～{high}元"]
        if intent.category == "sales":
            forms.append(f"底薪{low}+提成，综合收入{high}以上")
        return rng.choice(forms)

    def ad(
        self,
        intent: data.Intent,
        kind: data.EmployerKind,
        *,
        city: str,
        district_name: str,
        plain_title: str,
        education: str,
        salary_text: str,
        job_type: str,
    ) -> tuple[str, str]:
        """(description, requirements) of one ad."""
        rng = self.rng
        product = rng.choice(kind.products)
        duties = [
            d.replace("{product}", product)
            for d in rng.sample(intent.duties, min(len(intent.duties), rng.randint(2, 5)))
        ]
        requirements = [rng.choice(data.EDUCATION_TEXT[education])]
        requirements += rng.sample(
            intent.requirements, min(len(intent.requirements), rng.randint(1, 3))
        )
        requirements += rng.sample(data.GENERAL_REQUIREMENTS, rng.randint(0, 2))
        if rng.random() < 0.5:
            requirements.append(rng.choice(data.EXPERIENCE))
        benefits = rng.sample(data.BENEFITS, rng.randint(2, 5))
        if "单休" in benefits and {"双休", "周末双休"} & set(benefits):
            benefits.remove("单休")
        intro = ""
        if kind.intros and rng.random() < 0.35:
            intro = rng.choice(kind.intros).format(c=city, k=rng.randint(2, 9))
            intro += rng.choice(
                ["。", f"。因业务发展需要，现诚聘{plain_title}。", "，诚邀您的加入！"]
            )
        location = f"工作地点：{CITIES[city][1]}{district_name}" if rng.random() < 0.5 else ""
        if job_type == "internship":
            duties.append("本岗位为实习岗位，实习期满表现优秀者可转正")
        write = rng.choice(
            [self._bold, self._bold, self._plain, self._headings, self._brackets, self._paragraph,
             self._bilingual]
        )  # fmt: skip
        separate = write != self._paragraph and rng.random() < 0.45
        description = write(
            duties=duties,
            requirements=[] if separate else requirements,
            benefits=benefits,
            salary=salary_text,
            title=plain_title,
        )
        parts = [p for p in (intro, description, location) if p]
        return "\n\n".join(parts), self._numbered(requirements) if separate else ""

    def _numbered(self, items: list[str]) -> str:
        sep = self.rng.choice(["；\n", "\n"])
        style = self.rng.choice(["{i}. {x}", "{i}、{x}", "（{i}）{x}"])
        return sep.join(style.format(i=i, x=x) for i, x in enumerate(items, 1)) + "。"

    def _bold(self, *, duties, requirements, benefits, salary, title):
        rng = self.rng
        lines = [f"**{rng.choice(self.HEADINGS_DUTIES)}：**"]
        lines += [f"{i}. {d}；" for i, d in enumerate(duties, 1)]
        if requirements:
            lines += ["", f"**{rng.choice(self.HEADINGS_REQUIREMENTS)}：**"]
            lines += [f"- {r}" for r in requirements]
        lines += ["", f"**{rng.choice(self.HEADINGS_BENEFITS)}：**{salary}，{'、'.join(benefits)}"]
        return "\n".join(lines)

    def _plain(self, *, duties, requirements, benefits, salary, title):
        rng = self.rng
        text = f"{rng.choice(self.HEADINGS_DUTIES)}：" + "；".join(
            f"{i}、{d}" for i, d in enumerate(duties, 1)
        )
        text += "。"
        if requirements:
            text += f"{rng.choice(self.HEADINGS_REQUIREMENTS)}：" + "；".join(
                f"{i}、{r}" for i, r in enumerate(requirements, 1)
            )
            text += "。"
        return text + f"薪资待遇：{salary}，{'、'.join(benefits)}。"

    def _headings(self, *, duties, requirements, benefits, salary, title):
        lines = ["## 工作内容", *(f"- {d}" for d in duties)]
        if requirements:
            lines += ["", "## 我们希望你", *(f"- {r}" for r in requirements)]
        lines += ["", "## 你将获得", f"- {salary}", f"- {'、'.join(benefits)}"]
        return "\n".join(lines)

    def _brackets(self, *, duties, requirements, benefits, salary, title):
        rng = self.rng
        lines = [f"【{rng.choice(self.HEADINGS_DUTIES)}】"]
        lines += [f"{i}.{d}" for i, d in enumerate(duties, 1)]
        if requirements:
            lines += [f"【{rng.choice(self.HEADINGS_REQUIREMENTS)}】"]
            lines += [f"{i}.{r}" for i, r in enumerate(requirements, 1)]
        lines += ["【福利待遇】", f"{salary}；{'、'.join(benefits)}"]
        return "\n".join(lines)

    def _paragraph(self, *, duties, requirements, benefits, salary, title):
        text = f"现招聘{title}{self.rng.randint(1, 5)}名。工作内容：{'；'.join(duties)}。"
        text += f"任职要求：{'，'.join(requirements)}。待遇：{salary}，{'、'.join(benefits)}。"
        return text

    def _bilingual(self, *, duties, requirements, benefits, salary, title):
        lines = ["**Responsibilities 岗位职责**", *(f"* {d}" for d in duties)]
        if requirements:
            lines += ["", "**Requirements 任职要求**", *(f"* {r}" for r in requirements)]
        lines += ["", "**Benefits 福利**", f"* {salary}", *(f"* {b}" for b in benefits)]
        return "\n".join(lines)


def build_corpus(n: int = 3000, seed: int = 16) -> Corpus:
    """n positions drawn from the intents (by weight), deterministic for a seed."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    enterprises: list[JudgedEnterprise] = []
    by_kind: dict[str, list[int]] = defaultdict(list)
    names: set[str] = set()

    def employer(kind_key: str) -> int:
        pool = by_kind[kind_key]
        if len(pool) >= 2 and rng.random() > 0.25:
            return rng.choice(pool)
        kind = data.EMPLOYERS[kind_key]
        city = _weighted(rng, data.CITY_WEIGHTS)
        for attempt in range(20):
            name = rng.choice(kind.names).format(
                c=city,
                w=rng.choice(data.NAME_WORDS),
                d=rng.choice(CITIES[city][2])[1],
                n=rng.choice("一二三四五"),
                b=rng.choice(data.BANKS),
                s=rng.choice(data.STREETS),
            )
            if attempt == 19:
                name += f"（第{len(enterprises)}分部）"
            if name not in names:
                break
        names.add(name)
        enterprises.append(JudgedEnterprise(name, kind.industry, city, kind_key))
        pool.append(len(enterprises) - 1)
        return len(enterprises) - 1

    weights = [i.weight for i in data.INTENTS]
    positions = []
    for _ in range(n):
        intent = rng.choices(data.INTENTS, weights=weights)[0]
        kind_key = rng.choice(intent.employers)
        e = employer(kind_key)
        enterprise = enterprises[e]
        city = enterprise.city if rng.random() < 0.85 else _weighted(rng, data.CITY_WEIGHTS)
        district_code, district_name = "", ""
        if rng.random() < 0.6:
            district_code, district_name = rng.choice(CITIES[city][2])
        draw = rng.random()
        if draw < intent.community_share:
            job_type = "community_assistant"
        elif draw < intent.community_share + 0.09:
            job_type = "internship"
        elif draw < intent.community_share + 0.11:
            job_type = "other"
        else:
            job_type = "full_time"
        low, high = _salary(rng, intent, job_type)
        education = rng.choice(intent.education)
        title, plain = writer.title(intent, city, job_type)
        description, requirements = writer.ad(
            intent,
            data.EMPLOYERS[kind_key],
            city=city,
            district_name=district_name,
            plain_title=plain,
            education=education,
            salary_text=writer.salary(intent, low, high),
            job_type=job_type,
        )
        if not has_core(f"{title}\n{description}\n{requirements}", intent.core):
            # Real ads name the occupation somewhere: add a duty (or requirement) that does.
            naming = [d for d in intent.duties + intent.requirements if has_core(d, intent.core)]
            extra = rng.choice(naming).replace("{product}", "产品")
            description = f"{extra}。\n\n{description}"
        majors = ()
        if intent.majors and rng.random() < 0.5:
            majors = tuple(rng.sample(intent.majors, rng.randint(1, min(3, len(intent.majors)))))
        positions.append(
            JudgedPosition(
                intent=intent.key,
                category=intent.category,
                title=title,
                description=description,
                requirements=requirements,
                majors=majors,
                enterprise=e,
                enterprise_name=enterprise.name,
                city=city,
                district=district_code,
                salary_min=low,
                salary_max=high,
                education=education,
                job_type=job_type,
                minutes_ago=rng.randint(0, 60 * 24 * 60),
            )
        )
    return Corpus(seed, enterprises, positions)


def _salary(rng: random.Random, intent: data.Intent, job_type: str) -> tuple:
    if rng.random() < 0.12:
        return None, None  # 面议
    if job_type == "internship":
        low = rng.randrange(1500, 3001, 500)
        return low, low + rng.choice([500, 1000, 1500])
    low = rng.randrange(intent.salary[0], intent.salary[1] + 1, 500)
    if rng.random() < 0.06:
        return low, None  # "5000元以上"
    return low, low + rng.choice([1000, 1000, 2000, 2000, 3000, 5000])


# --- judging ------------------------------------------------------------------------------------


def filter_verdict(position: JudgedPosition, params: dict) -> bool | None:
    """Whether the position passes the query's filters; None when a fair judge could not say: a
    negotiable salary under a salary filter, a range that only touches the band's edge, an
    open range ("5000元以上") starting below what is asked."""
    verdict: bool | None = True
    for name, value in params.items():
        if name == "city" and position.city != value:
            return False
        if name in ("education", "job_type", "category") and getattr(position, name) != value:
            return False
        if name in ("salary", "salary_min"):
            pays = _pays(position.salary_min, position.salary_max, name, value)
            if pays is False:
                return False
            if pays is None:
                verdict = None
    return verdict


def _pays(low: int | None, high: int | None, name: str, value: str) -> bool | None:
    if low is None and high is None:
        return None  # 面议
    low = low or 0
    if name == "salary_min":
        wanted_low, wanted_high = int(value), math.inf
    else:
        wanted_low, wanted_high = data.SALARY_BANDS[value]
        wanted_high = math.inf if wanted_high is None else wanted_high
    if high is None:  # open-ended: pays at least `low`
        if low >= wanted_high:
            return None if low == wanted_high else False
        return True if low >= wanted_low else None
    if name == "salary_min":
        return high >= wanted_low
    if low > wanted_high or high < wanted_low:
        return False
    if low == wanted_high or high == wanted_low:
        return None  # touches the band's edge only
    return True


def judge(query: data.Judgement, corpus: Corpus) -> tuple[set[int], set[int]]:
    """Indexes of the positions relevant to the query, and of those left out of scoring."""
    relevant, neutral = set(), set()
    filters = {k: v for k, v in query.params.items() if k != "q"}
    for index, position in enumerate(corpus.positions):
        if query.relevant is None or position.intent in query.relevant:
            verdict: bool | None = True
        elif position.intent in query.neutral:
            verdict = None
        else:
            continue
        passes = filter_verdict(position, filters)
        if passes is False:
            continue
        if passes is None:
            verdict = None
        if query.place and position.city != query.place:
            if query.place not in position.text:
                continue
            verdict = None  # the place is named (an enterprise's name), the city differs
        (relevant if verdict else neutral).add(index)
    return relevant, neutral


# --- metrics ------------------------------------------------------------------------------------


def precision_at(ranked: list[int], relevant: set[int], k: int = K) -> float:
    """Relevant among the first k, out of as many as there could be (min(k, relevant))."""
    if not relevant:
        return 1.0 - min(len(ranked), k) / k
    return sum(1 for d in ranked[:k] if d in relevant) / min(k, len(relevant))


def recall(ranked: list[int], relevant: set[int]) -> float | None:
    """Relevant found anywhere in the list / relevant; None when nothing is relevant."""
    if not relevant:
        return None
    return len(relevant.intersection(ranked)) / len(relevant)


def ndcg_at(ranked: list[int], relevant: set[int], k: int = K) -> float:
    """nDCG@k with binary gains; an empty relevant set scores like precision_at."""
    if not relevant:
        return precision_at(ranked, relevant, k)
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


@dataclass(frozen=True)
class Score:
    relevant: int
    found: int
    returned: int
    p_at_10: float
    recall: float | None
    ndcg_at_10: float


def score(ranked: list[int], relevant: set[int], neutral: set[int]) -> Score:
    """The metrics of one ranked list, neutral positions dropped first (a condensed list)."""
    seen: set[int] = set()
    condensed = []
    for d in ranked:
        if d not in neutral and d not in seen:
            seen.add(d)
            condensed.append(d)
    return Score(
        relevant=len(relevant),
        found=len(relevant & seen),
        returned=len(condensed),
        p_at_10=precision_at(condensed, relevant),
        recall=recall(condensed, relevant),
        ndcg_at_10=ndcg_at(condensed, relevant),
    )


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are defined; None when none is."""
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --- the baseline: BM25 over character bigrams ---------------------------------------------

_RUNS = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z][A-Za-z0-9+#]*")


def bigrams(text: str) -> list[str]:
    """Chinese runs as overlapping character bigrams (a lone character as itself), Latin words
    lowercased."""
    tokens = []
    for run in _RUNS.findall(text):
        if run[0].isascii():
            tokens.append(run.lower())
        elif len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


class BigramBM25:
    """Okapi BM25 (k1 1.2, b 0.75) over one field; any query bigram matches."""

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths = []
        for doc, text in enumerate(texts):
            counts = Counter(bigrams(text))
            self.lengths.append(sum(counts.values()))
            for token, tf in counts.items():
                self.postings[token].append((doc, tf))
        self.average = sum(self.lengths) / len(self.lengths) if self.lengths else 0.0

    def idf(self, token: str) -> float:
        df = len(self.postings.get(token, ()))
        n = len(self.lengths)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> dict[int, float]:
        totals: dict[int, float] = defaultdict(float)
        for token in set(bigrams(query)):
            idf = self.idf(token)
            for doc, tf in self.postings.get(token, ()):
                norm = self.k1 * (1 - self.b + self.b * self.lengths[doc] / self.average)
                totals[doc] += idf * tf * (self.k1 + 1) / (tf + norm)
        return totals

    def rank(self, query: str, allowed: Callable[[int], bool] = lambda doc: True) -> list[int]:
        scores = self.scores(query)
        return sorted((d for d in scores if allowed(d)), key=lambda d: (-scores[d], d))


def baseline_ranking(query: data.Judgement, corpus: Corpus, index: BigramBM25) -> list[int]:
    """The baseline's ranked positions: BM25 on the words, filters applied strictly; with no
    words, every position that passes the filters, newest first."""
    filters = {k: v for k, v in query.params.items() if k != "q"}

    def allowed(doc: int) -> bool:
        return filter_verdict(corpus.positions[doc], filters) is True

    words = query.params.get("q", "")
    if bigrams(words):
        return index.rank(words, allowed)
    docs = [d for d in range(len(corpus.positions)) if allowed(d)]
    return sorted(docs, key=lambda d: (corpus.positions[d].minutes_ago, d))


# --- the product --------------------------------------------------------------------------------


def product_ranking(params: dict) -> list[int]:
    """Position ids the product shows for GET parameters `params`, best first: every page of the
    main hits, then the hits of the "also found" block (`result.related`) when there is one.

    The one place that knows the search interface: adapt it when that changes.
    """
    from search import SearchQuery, search_positions

    ids: list[int] = []
    related: list[int] = []
    degraded = False
    for page in range(1, MAX_PAGES + 1):
        query = SearchQuery.from_params({**params, "page_size": PAGE_SIZE, "page": page})
        result = search_positions(query)
        degraded |= result.degraded
        ids += [hit.id for hit in result.hits]
        extra = getattr(result, "related", None)
        if extra:
            hits = getattr(extra, "hits", extra)
            related += [getattr(hit, "id", hit) for hit in hits]
        if page >= result.num_pages or not result.hits:
            break
    if degraded:
        DEGRADED.add(json.dumps(params, ensure_ascii=False))
    seen = set(ids)
    return ids + [pk for pk in dict.fromkeys(related) if pk not in seen]


DEGRADED: set[str] = set()  # queries the database answered because the engine failed


def load_corpus(corpus: Corpus) -> tuple[dict[int, int], dict[str, int]]:
    """Create the corpus's enterprises and published positions (bulk_create, no factories).

    Returns position pk → corpus index, and city short name → Region pk.
    """
    from django.db import transaction
    from django.utils import timezone

    from associations.models import Enterprise, Region
    from jobs.models import Position

    regions = {r.code: r for r in Region.objects.all()}
    now = timezone.now()
    with transaction.atomic():
        start = Enterprise.objects.count()
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(
                name=e.name,
                credit_code=f"91149{start + i:013d}",
                industry=e.industry,
                city=regions[CITIES[e.city][0]],
            )
            for i, e in enumerate(corpus.enterprises)
        )
        positions = Position.objects.bulk_create(
            (
                Position(
                    enterprise=enterprises[p.enterprise],
                    title=p.title,
                    category=p.category,
                    description=p.description,
                    requirements=p.requirements,
                    city=regions[CITIES[p.city][0]],
                    district=regions.get(p.district),
                    salary_min=p.salary_min,
                    salary_max=p.salary_max,
                    education=p.education,
                    majors=list(p.majors),
                    job_type=p.job_type,
                    status=Position.Status.PUBLISHED,
                    published_at=now - timezone.timedelta(minutes=p.minutes_ago),
                )
                for p in corpus.positions
            ),
            batch_size=1000,
        )
    assert all(p.pk for p in positions), "the database must return the new rows' ids"
    cities = {short: regions[code].pk for short, (code, _n, _d) in CITIES.items()}
    return {p.pk: i for i, p in enumerate(positions)}, cities


def product_params(params: dict, cities: dict[str, int]) -> dict:
    """The query's parameters as the search page gets them (a city by its id)."""
    return {k: (str(cities[v]) if k == "city" else v) for k, v in params.items()}


# --- running ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    query: data.Judgement
    product: Score
    baseline: Score


def evaluate(
    corpus: Corpus,
    queries: list[data.Judgement],
    rank: Callable[[data.Judgement], list[int]],
    baseline: BigramBM25 | None = None,
) -> list[Row]:
    """Score `rank` (a query → corpus indexes, best first) and the baseline on every query."""
    baseline = baseline or BigramBM25([p.text for p in corpus.positions])
    rows = []
    for query in queries:
        relevant, neutral = judge(query, corpus)
        rows.append(
            Row(
                query,
                score(rank(query), relevant, neutral),
                score(baseline_ranking(query, corpus, baseline), relevant, neutral),
            )
        )
    return rows


def summary(rows: list[Row]) -> dict:
    """Mean figures, overall and by kind of query."""

    def figures(selected: list[Row]) -> dict:
        out = {}
        for prefix, pick in (("", lambda r: r.product), ("baseline_", lambda r: r.baseline)):
            out[f"{prefix}p_at_10"] = _rounded(mean(pick(r).p_at_10 for r in selected))
            out[f"{prefix}recall"] = _rounded(mean(pick(r).recall for r in selected))
            out[f"{prefix}ndcg_at_10"] = _rounded(mean(pick(r).ndcg_at_10 for r in selected))
        return out

    kinds = list(dict.fromkeys(r.query.kind for r in rows))
    return {
        "queries": len(rows),
        **figures(rows),
        "by_kind": {
            kind: {"queries": sum(1 for r in rows if r.query.kind == kind)}
            | figures([r for r in rows if r.query.kind == kind])
            for kind in kinds
        },
    }


def print_queries(rows: list[Row]) -> None:
    print(
        f"{'query':<34} {'kind':<9} {'rel':>4} {'found':>5} {'P@10':>5} {'recall':>6} "
        f"{'nDCG':>5} | {'b.found':>7} {'b.P@10':>6} {'b.rec':>5}"
    )
    for r in rows:
        p, b = r.product, r.baseline
        rec = "-" if p.recall is None else f"{p.recall:.2f}"
        brec = "-" if b.recall is None else f"{b.recall:.2f}"
        label = r.query.label + (f" ({r.query.note})" if r.query.note else "")
        pad = 34 - sum(2 if ord(c) > 0x2E80 else 1 for c in label)
        print(
            f"{label}{' ' * max(pad, 1)}{r.query.kind:<9} {p.relevant:>4} {p.found:>5} "
            f"{p.p_at_10:>5.2f} {rec:>6} {p.ndcg_at_10:>5.2f} | {b.found:>7} "
            f"{b.p_at_10:>6.2f} {brec:>5}"
        )


def print_kinds(figures: dict) -> None:
    print(
        f"{'kind':<9} {'n':>3} {'P@10':>6} {'recall':>6} {'nDCG':>6} | "
        f"{'b.P@10':>6} {'b.rec':>6} {'b.nDCG':>6}"
    )
    names = ["p_at_10", "recall", "ndcg_at_10"]
    for kind, f in [*figures["by_kind"].items(), ("all", figures)]:
        cells = [
            "-" if f[prefix + name] is None else f"{f[prefix + name]:.3f}"
            for prefix in ("", "baseline_")
            for name in names
        ]
        print(
            f"{kind:<9} {f['queries']:>3} {cells[0]:>6} {cells[1]:>6} {cells[2]:>6} | "
            f"{cells[3]:>6} {cells[4]:>6} {cells[5]:>6}"
        )


def show(query: data.Judgement, corpus: Corpus, ranked: list[int]) -> None:
    """The first ten the product shows for one query, judged, and some it missed."""
    relevant, neutral = judge(query, corpus)
    print(f"\n{query.label}: {len(relevant)} relevant, {len(neutral)} neutral")
    for i, d in enumerate(ranked[:K], 1):
        mark = "+" if d in relevant else ("~" if d in neutral else "-")
        p = corpus.positions[d]
        print(f"  {i:>2} {mark} {p.title}  [{p.intent}] {p.enterprise_name}")
    missed = [d for d in sorted(relevant) if d not in set(ranked)]
    for d in missed[:10]:
        print(f"  missed: {corpus.positions[d].title}  [{corpus.positions[d].intent}]")


def configure(backend: str, var_dir: Path) -> str:
    """Settings of a throwaway run: SQLite and the search index under var_dir. Returns the
    Elasticsearch index prefix (empty for the embedded backend)."""
    env = {
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "SEARCH_BACKEND": backend,
        "SEARCH_INDEX_DIR": str(var_dir / "search"),
        "DJANGO_ENV": "development",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    prefix = ""
    if backend == "elasticsearch":
        if not os.environ.get("ELASTICSEARCH_URL"):
            raise SystemExit("--backend elasticsearch needs ELASTICSEARCH_URL in the environment")
        prefix = f"jinpin-bench-relevance-{uuid.uuid4().hex[:8]}"
        env["ELASTICSEARCH_INDEX_PREFIX"] = prefix
    os.environ.update(env)
    return prefix


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--positions", type=int, default=3000)
    parser.add_argument("--queries", action="store_true", help="print a line per query")
    parser.add_argument(
        "--show", action="append", default=[], metavar="QUERY",
        help="print the product's first ten for the query with these words (repeatable)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary VAR_DIR")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    data.check()
    var_dir = Path(tempfile.mkdtemp(prefix="jinpin-bench-relevance-"))
    prefix = configure(args.backend, var_dir)
    import django

    django.setup()
    from django.core.management import call_command

    from search import get_backend, rebuild_index

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        corpus = build_corpus(args.positions, args.seed)
        index_of, cities = load_corpus(corpus)
        print(
            f"corpus: {len(corpus.positions)} positions of {len(data.INTENTS)} intents, "
            f"{len(corpus.enterprises)} enterprises (seed {args.seed}), "
            f"loaded in {time.perf_counter() - started:.1f} s"
        )
        counts = rebuild_index()
        print(f"indexed {counts['indexed']} positions ({args.backend}) in {counts['seconds']} s")

        def rank(query: data.Judgement) -> list[int]:
            pks = product_ranking(product_params(query.params, cities))
            return [index_of[pk] for pk in pks if pk in index_of]

        started = time.perf_counter()
        rows = evaluate(corpus, data.QUERIES, rank)
        print(f"{len(rows)} queries judged in {time.perf_counter() - started:.1f} s")
        if args.queries:
            print_queries(rows)
        for words in args.show:
            for query in data.QUERIES:
                if query.params.get("q", "") == words:
                    show(query, corpus, rank(query))
        figures = summary(rows)
        print_kinds(figures)
        if DEGRADED:
            print(f"WARNING: the database answered {len(DEGRADED)} queries")
        print(
            json.dumps(
                {
                    "queries": figures["queries"],
                    "p_at_10": figures["p_at_10"],
                    "recall": figures["recall"],
                    "ndcg_at_10": figures["ndcg_at_10"],
                    "baseline_recall": figures["baseline_recall"],
                    "baseline_p_at_10": figures["baseline_p_at_10"],
                    "baseline_ndcg_at_10": figures["baseline_ndcg_at_10"],
                    "backend": args.backend,
                    "positions": len(corpus.positions),
                    "seed": args.seed,
                    "degraded": len(DEGRADED),
                    "by_kind": figures["by_kind"],
                },
                ensure_ascii=False,
            )
        )
    finally:
        if prefix:
            backend = get_backend()
            backend.client.indices.delete(index=f"{backend.index_prefix}*", ignore_unavailable=True)
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

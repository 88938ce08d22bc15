"""The query plan: what a search asks of an engine, built in Python so all engines answer alike.

A plan is a list of groups, one per word of the query as understood. A group matches a position
when any of its alternatives does; an alternative matches when each of its terms is in some text
field (title, enterprise, body, category words). Every required group must match; optional groups
(generic role words such as 开发, 工程师) only rank. A relaxed plan (the "also found" block) needs
any one group. Each engine turns the plan into its own boolean query; the database fallback
applies the same rule with `icontains`.

Scores: the best alternative of a group counts (dis_max), its weight shared among its terms; a
term counts by its best field (times the field's boost, TEXT_FIELDS) plus a small share of the
others (FIELD_TIE_BREAKER).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Alternative:
    """Terms that must all appear (in any text field); `weight` ranks it against the others."""

    terms: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Group:
    """One word of the query and the ways a position may say it."""

    word: str
    alternatives: tuple[Alternative, ...]
    required: bool = True

    @property
    def terms(self) -> set[str]:
        return {term for alternative in self.alternatives for term in alternative.terms}


@dataclass(frozen=True)
class QueryPlan:
    groups: tuple[Group, ...] = ()
    relaxed: bool = False  # any one group suffices (the "also found" block)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> set[str]:
        """Every term of every group (what highlighting marks)."""
        return {term for group in self.groups for term in group.terms}

    @property
    def required_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.required and not self.relaxed)

    @property
    def optional_groups(self) -> tuple[Group, ...]:
        """Groups that only rank; relaxed, every group that means something on its own (a single
        character left over from a word, 链 of 区块链, finds nothing worth showing)."""
        if self.relaxed:
            return tuple(g for g in self.groups if len(g.word) > 1 or g.word.isascii())
        return tuple(g for g in self.groups if not g.required)

    @property
    def needs_one_optional(self) -> bool:
        """With no required group, at least one of the others must match."""
        return bool(self.groups) and not self.required_groups

    def relax(self) -> QueryPlan:
        return replace(self, relaxed=True)

    def can_relax(self) -> bool:
        """Relaxing finds more only when more than one group is required and some group means
        something on its own."""
        return len(self.required_groups) > 1 and bool(self.relax().optional_groups)


@dataclass(frozen=True)
class Understanding:
    """What the query understanding made of the text the user typed."""

    text: str
    plan: QueryPlan = field(default_factory=QueryPlan)
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, understood as): 会记 → 会计

    @property
    def corrected_text(self) -> str:
        """The query with its corrections applied ("" when nothing was corrected)."""
        if not self.corrections:
            return ""
        text = self.text
        for typed, meant in self.corrections:
            lowered = text.lower()
            at = lowered.find(typed.lower())
            if at >= 0:
                text = text[:at] + meant + text[at + len(typed) :]
        return text

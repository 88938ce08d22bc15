"""Department officers keep the related-terms dictionary the search understands queries with."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from listings.permissions import can_edit_related_terms
from search.lexicon import lexicon_changed
from search.models import RelatedTerms

MAX_WORD_LENGTH = 40


def _clean_words(text: str, field: str) -> str:
    words = list(dict.fromkeys(w.lower() for w in text.split() if w))
    for word in words:
        if len(word) > MAX_WORD_LENGTH:
            raise ValidationError(
                {
                    field: _("“%(word)s” is longer than %(n)d characters.")
                    % {"word": word[:50], "n": MAX_WORD_LENGTH}
                }
            )
        if "=>" in word or "<" in word or ">" in word:
            raise ValidationError({field: _("Write words only, without => or angle brackets.")})
    return " ".join(words)


@transaction.atomic
def save_related_terms(
    *,
    by: User,
    words: str,
    targets: str = "",
    active: bool = True,
    note: str = "",
    group: RelatedTerms | None = None,
) -> RelatedTerms:
    """Add or change a group of related terms; every search process uses it from the next query.

    A group needs two words or more; a one-way entry needs a word and what it also finds.
    """
    if not can_edit_related_terms(by):
        raise PermissionDenied(_("Only department officers edit the related terms."))
    words = _clean_words(words, "words")
    targets = _clean_words(targets, "targets")
    if not words:
        raise ValidationError({"words": _("Enter at least one word.")})
    if not targets and len(words.split()) < 2:
        raise ValidationError(
            {"words": _("A group needs two words or more, or fill in what the word also finds.")}
        )
    group = group or RelatedTerms()
    group.words, group.targets, group.active, group.note = words, targets, active, note.strip()
    group.updated_by = by
    group.save()
    transaction.on_commit(lambda: lexicon_changed())
    return group

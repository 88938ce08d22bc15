"""The search app's own rows: the related-terms dictionary and the index's vocabulary."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedTerms(models.Model):
    """One group of the related-terms dictionary (search/data/synonyms.txt's format).

    Without `targets`, every word of `words` also finds the others (出纳 会计 财务); with them,
    the words find the targets only (accountant → 会计 财务).
    """

    words = models.CharField(
        _("words"),
        max_length=500,
        help_text=_("Separated by spaces; an English phrase joins its words with _ (tour_guide)."),
    )
    targets = models.CharField(
        _("also finds"),
        max_length=500,
        blank=True,
        help_text=_(
            "Leave empty for a group whose words find each other; otherwise the words find these "
            "and not the other way round."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("related terms")
        verbose_name_plural = _("related terms")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.words} => {self.targets}" if self.targets else self.words


class Term(models.Model):
    """A word of the index's vocabulary: how many searchable positions use it, and its pinyin.

    Rebuilt from the documents with every full reindex and nightly reconcile; read to correct
    typos (会记 → 会计), to understand pinyin (kuaiji, kj → 会计) and to complete it.
    """

    word = models.CharField(_("word"), max_length=40, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=160, db_index=True)
    initials = models.CharField(_("initials"), max_length=40, db_index=True)
    length = models.PositiveSmallIntegerField(_("length"), db_index=True)
    documents = models.PositiveIntegerField(_("positions using it"))
    in_titles = models.PositiveIntegerField(_("positions with it in the title"))

    class Meta:
        verbose_name = _("vocabulary word")
        verbose_name_plural = _("vocabulary")

    def __str__(self) -> str:
        return self.word

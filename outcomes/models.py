"""Placements (a hire, with its verification tier) and their events.

Only the first tier exists so far: *declared*, when an enterprise moves an application to hired.
Confirmation, evidence, disputes and attribution to fairs come with the outcomes issue.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractType(models.TextChoices):
    LABOUR_CONTRACT = "labour_contract", _("Labour contract")  # 劳动合同
    EMPLOYMENT_AGREEMENT = "employment_agreement", _("Employment agreement")  # 就业协议（三方）
    COMMUNITY_ASSISTANT = "community_assistant", _("Community assistant agreement")  # 社区助理
    OTHER = "other", _("Other")


class Placement(models.Model):
    """A graduate hired by an enterprise for a position, through an application."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("Declared by the enterprise")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DECLARED, db_index=True
    )
    graduate = models.ForeignKey(
        "candidates.GraduateProfile",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("graduate"),
    )
    enterprise = models.ForeignKey(
        "associations.Enterprise",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("enterprise"),
    )
    position = models.ForeignKey(
        "jobs.Position",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("position"),
    )
    application = models.OneToOneField(
        "candidates.Application",
        on_delete=models.PROTECT,
        related_name="placement",
        verbose_name=_("application"),
    )
    hire_date = models.DateField(_("hire date"))
    contract_type = models.CharField(
        _("contract type"), max_length=30, choices=ContractType.choices
    )
    monthly_salary = models.PositiveIntegerField(_("monthly salary"), null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.graduate} @ {self.enterprise}"


class PlacementEvent(models.Model):
    """Each change of a placement: who, when, from, to, note."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="events", verbose_name=_("placement")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("placement event")
        verbose_name_plural = _("placement events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"

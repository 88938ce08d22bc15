"""Placements (a hire and its verification tier), their attribution to fairs, reports, snapshots.

A placement's tiers are separate states, never one flag: *declared* by the enterprise, *confirmed*
by the graduate (or by association staff on the graduate's behalf, with a reason), *evidenced*
once staff accept the signed contract; *disputed* by the graduate; *cancelled* (解约). A graduate
has at most one live placement (declared, confirmed or evidenced): a new hire ends the older one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import StateEvent
from candidates.models import private_storage
from core.transitions import Transition, Transitions


class ContractType(models.TextChoices):
    LABOUR_CONTRACT = "labour_contract", _("Labour contract")  # 劳动合同
    EMPLOYMENT_AGREEMENT = "employment_agreement", _("Employment agreement")  # 就业协议（三方）
    COMMUNITY_ASSISTANT = "community_assistant", _("Community assistant agreement")  # 社区助理
    OTHER = "other", _("Other")


class Attribution(models.TextChoices):
    FAIR = "fair", _("Through a fair")
    DIRECT = "direct", _("Direct")


def contract_path(instance: "Placement", filename: str) -> str:
    # The name a user gave the file never reaches the file system.
    return f"contracts/{instance.graduate_id}/{uuid.uuid4().hex}.pdf"


class Placement(models.Model):
    """A graduate hired by an enterprise for a position, through an application."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("Declared by the enterprise")
        CONFIRMED = "confirmed", _("Confirmed")
        EVIDENCED = "evidenced", _("Evidenced by a contract")
        DISPUTED = "disputed", _("Disputed by the graduate")
        CANCELLED = "cancelled", _("Cancelled (contract ended)")  # 解约

    LIVE_STATUSES = (Status.DECLARED, Status.CONFIRMED, Status.EVIDENCED)
    VERIFIED_STATUSES = (Status.CONFIRMED, Status.EVIDENCED)

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
    hire_date = models.DateField(_("hire date"), db_index=True)
    contract_type = models.CharField(
        _("contract type"), max_length=30, choices=ContractType.choices
    )
    monthly_salary = models.PositiveIntegerField(_("monthly salary"), null=True, blank=True)
    # Copied from the position at declaration: the campaign's separate line (社区助理).
    community_assistant = models.BooleanField(_("community assistant"), default=False)
    attribution = models.CharField(
        _("attribution"), max_length=10, choices=Attribution.choices, default=Attribution.DIRECT
    )
    source_fair = models.ForeignKey(
        "fairs.Fair",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fair"),
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmation_reason = models.TextField(_("reason for confirming on behalf"), blank=True)
    contract = models.FileField(
        _("contract"), upload_to=contract_path, storage=private_storage, blank=True
    )
    contract_uploaded_at = models.DateTimeField(_("contract uploaded at"), null=True, blank=True)
    evidenced_at = models.DateTimeField(_("evidence accepted at"), null=True, blank=True)
    evidenced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence accepted by"),
    )
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    dispute_reason = models.TextField(_("dispute reason"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate"],
                condition=Q(status__in=["declared", "confirmed", "evidenced"]),
                name="one_live_placement_per_graduate",
            )
        ]
        indexes = [
            models.Index(fields=["status", "hire_date"]),
            models.Index(fields=["community_assistant", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.graduate} @ {self.enterprise}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def is_verified(self) -> bool:
        return self.status in self.VERIFIED_STATUSES


# Which action leads a placement from which statuses to which (core.transitions): the graduate
# confirms (a disputed one too) or disputes a declared hire; staff confirm a declared one on the
# graduate's behalf and accept an attached contract as evidence; a live one is cancelled (解约) or
# ended by a later hire. Services, the API's `actions` and the placement page read it.
_S = Placement.Status
Placement.TRANSITIONS = Transitions(
    Transition("confirm", (_S.DECLARED, _S.DISPUTED), _S.CONFIRMED),
    Transition("confirm_on_behalf", (_S.DECLARED,), _S.CONFIRMED),
    Transition("dispute", (_S.DECLARED,), _S.DISPUTED),
    Transition("attach_contract", (_S.DECLARED, _S.CONFIRMED)),
    Transition("accept_evidence", (_S.DECLARED, _S.CONFIRMED), _S.EVIDENCED),
    Transition("cancel", Placement.LIVE_STATUSES, _S.CANCELLED),
    Transition("supersede", Placement.LIVE_STATUSES, _S.CANCELLED, automatic=True),
)


class PlacementEvent(StateEvent):
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
    action = models.CharField(_("action"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta(StateEvent.Meta):
        verbose_name = _("placement event")
        verbose_name_plural = _("placement events")


class PlacementTouch(models.Model):
    """One row of a placement's attribution, stored at declaration: a fair and one of its
    organising associations; primary for the fair the application came through, secondary for
    other fairs the graduate checked in at where the enterprise took part within the hire window."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="touches", verbose_name=_("placement")
    )
    fair = models.ForeignKey(
        "fairs.Fair", on_delete=models.CASCADE, related_name="+", verbose_name=_("fair")
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("association"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "fair", "association"], name="one_touch_per_fair_association"
            )
        ]
        indexes = [models.Index(fields=["association", "role"])]

    def __str__(self) -> str:
        return f"{self.placement_id} ← {self.fair_id}/{self.association_id} ({self.role})"


class Report(models.Model):
    """A PDF report generated in the background: its parameters, progress and file are kept."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    params = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", storage=private_storage, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.status})"


class Snapshot(models.Model):
    """The figures of one day (nightly) or a campaign frozen at a cut-off date (never changes)."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily")
        FROZEN = "frozen", _("Frozen at a cut-off date")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    campaign = models.ForeignKey(
        "fairs.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    day = models.DateField(_("date"))
    cut_off = models.DateField(_("cut-off date"), null=True, blank=True)
    figures = models.JSONField(_("figures"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "campaign"],
                condition=Q(kind="daily"),
                name="one_daily_snapshot_per_day_and_campaign",
            ),
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(kind="daily", campaign__isnull=True),
                name="one_daily_snapshot_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"

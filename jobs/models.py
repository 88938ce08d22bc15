"""Positions (职位) and their lifecycle events."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import ActionEvent
from associations.models import Enterprise, Region
from core.transitions import Transition, Transitions
from jobs.limits import MAX_HEADCOUNT, MAX_MONTHLY_SALARY


class Category(models.TextChoices):
    """Job categories (职位类别), a fixed list."""

    SOFTWARE = "software", _("Software and IT")
    DATA = "data", _("Data and analytics")
    ENGINEERING = "engineering", _("Engineering and technology")
    MANUFACTURING = "manufacturing", _("Manufacturing and production")
    MINING_ENERGY = "mining_energy", _("Mining and energy")
    CONSTRUCTION = "construction", _("Construction and civil engineering")
    SALES = "sales", _("Sales and business development")
    MARKETING = "marketing", _("Marketing and media")
    FINANCE = "finance", _("Finance and accounting")
    ADMIN = "admin", _("Administration and human resources")
    LOGISTICS = "logistics", _("Logistics and supply chain")
    HOSPITALITY = "hospitality", _("Catering, hotels and tourism")
    HEALTHCARE = "healthcare", _("Healthcare and nursing")
    EDUCATION = "education", _("Education and training")
    AGRICULTURE = "agriculture", _("Agriculture and environment")
    COMMUNITY = "community", _("Community and social work")
    LEGAL = "legal", _("Legal")
    DESIGN = "design", _("Design and culture")
    OTHER = "other", _("Other")


class Education(models.TextChoices):
    """Minimum education (学历要求), in ascending order."""

    ANY = "any", _("Any")
    SECONDARY = "secondary", _("Secondary vocational")  # 中专
    ASSOCIATE = "associate", _("Associate (college)")  # 大专
    BACHELOR = "bachelor", _("Bachelor")  # 本科
    MASTER = "master", _("Master")  # 硕士
    DOCTORATE = "doctorate", _("Doctorate")  # 博士


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}


class JobType(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")  # 全职
    INTERNSHIP = "internship", _("Internship")  # 实习
    COMMUNITY_ASSISTANT = "community_assistant", _("Community assistant")  # 社区助理
    OTHER = "other", _("Other")


class PositionQuerySet(models.QuerySet):
    def open(self) -> PositionQuerySet:
        """Open for applications (the rule of `Position.is_open`, in SQL): published, not
        suspended, and the deadline, if any, not passed (it is open all of its last day)."""
        return self.filter(status=Position.Status.PUBLISHED, suspended_at=None).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=timezone.localdate())
        )


class Position(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        FILLED = "filled", _("Filled")
        EXPIRED = "expired", _("Expired")
        # Taken out of search because its recruiters did not confirm it is still hiring (还在招吗？)
        # within STILL_HIRING_CONFIRM_DAYS; confirming publishes it again.
        UNLISTED = "unlisted", _("Unlisted: not confirmed")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="positions", verbose_name=_("enterprise")
    )
    title = models.CharField(pgettext_lazy("position", "title"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"))
    requirements = models.TextField(_("requirements"), blank=True)
    city = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.CITY},
        verbose_name=_("city"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Region.Level.DISTRICT},
        verbose_name=_("district"),
    )
    # Monthly salary in CNY; both empty means negotiable (面议).
    salary_min = models.PositiveIntegerField(
        _("minimum monthly salary"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONTHLY_SALARY)],
    )
    salary_max = models.PositiveIntegerField(
        _("maximum monthly salary"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONTHLY_SALARY)],
    )
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, default=Education.ANY
    )
    majors = models.JSONField(_("majors"), default=list, blank=True)
    headcount = models.PositiveIntegerField(
        _("headcount"), default=1, validators=[MaxValueValidator(MAX_HEADCOUNT)]
    )
    job_type = models.CharField(
        _("job type"), max_length=20, choices=JobType.choices, default=JobType.FULL_TIME
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Moderation (举报处理): a suspended position leaves search whatever its status.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)
    # When its recruiters were asked whether it is still hiring and have not answered yet
    # (cleared when they confirm or close it); the steps themselves are PositionEvents.
    hiring_check_at = models.DateTimeField(
        _("asked whether still hiring at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="position_salary_min_lte_max",
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="position_headcount_gte_1"),
        ]
        indexes = [models.Index(fields=["enterprise", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def salary_negotiable(self) -> bool:
        return self.salary_min is None and self.salary_max is None

    @property
    def is_open(self) -> bool:
        """Open for applications: published, not suspended, deadline not passed (the rule of
        `Position.objects.open()`, for a row at hand)."""
        if self.status != self.Status.PUBLISHED or self.suspended_at is not None:
            return False
        return self.deadline is None or self.deadline >= timezone.localdate()

    @property
    def is_searchable(self) -> bool:
        """Whether the position belongs in the search index."""
        return self.is_open


# Which action leads a position from which statuses to which (core.transitions): services, the
# API's `actions` and the buttons on the pages all read it.
Position.TRANSITIONS = Transitions(
    Transition("publish", (Position.Status.DRAFT,), Position.Status.PUBLISHED),
    Transition(
        "close", (Position.Status.PUBLISHED, Position.Status.UNLISTED), Position.Status.CLOSED
    ),
    # "Still hiring?" (还在招吗？): left unanswered, the platform unlists it; its recruiters
    # confirming lists it again (jobs.services.confirm_still_hiring).
    Transition("unlist", (Position.Status.PUBLISHED,), Position.Status.UNLISTED, automatic=True),
    Transition("confirm_hiring", (Position.Status.UNLISTED,), Position.Status.PUBLISHED),
    Transition(
        "reopen",
        (Position.Status.CLOSED, Position.Status.EXPIRED, Position.Status.FILLED),
        Position.Status.PUBLISHED,
    ),
    # The platform's: hires reach the headcount, the deadline passes (jobs.tasks).
    Transition("fill", (Position.Status.PUBLISHED,), Position.Status.FILLED, automatic=True),
    Transition("expire", (Position.Status.PUBLISHED,), Position.Status.EXPIRED, automatic=True),
    Transition("delete", (Position.Status.DRAFT,)),
)


class PositionEvent(ActionEvent):
    """Each step of a position's life and moderation: who, when, from, to, note."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="events", verbose_name=_("position")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(ActionEvent.Meta):
        verbose_name = _("position event")
        verbose_name_plural = _("position events")


class PositionReport(models.Model):
    """A report (举报) of a position by a signed-in user, queued for moderation."""

    class Reason(models.TextChoices):
        FRAUD = "fraud", _("Fraud or scam")  # 虚假招聘、诈骗
        DISCRIMINATION = "discrimination", _("Discrimination")  # 就业歧视
        WRONG_INFORMATION = "wrong_information", _("Wrong information")  # 信息不实

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: position suspended")
        DISMISSED = "dismissed", _("Dismissed")

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="reports", verbose_name=_("position")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("position report")
        verbose_name_plural = _("position reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "reporter"],
                condition=Q(status="open"),
                name="one_open_report_per_reporter_and_position",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.get_reason_display()}"

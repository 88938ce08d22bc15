"""Graduate profiles, resumes, applications and their pipeline, and in-app notifications."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import phone
from accounts.models import StateEvent
from associations.models import Region
from core.transitions import Transition, Transitions


class Degree(models.TextChoices):
    """A graduate's degree; the values match jobs.Education, so requirements compare directly."""

    ASSOCIATE = "associate", _("Associate (college)")  # 专科
    BACHELOR = "bachelor", _("Bachelor")  # 本科
    MASTER = "master", _("Master")  # 硕士
    DOCTORATE = "doctorate", _("Doctorate")  # 博士


class GraduateProfile(models.Model):
    """A graduate's profile: having one is what makes a user a graduate (毕业生)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="graduate_profile",
        verbose_name=_("user"),
    )
    full_name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    university = models.CharField(_("university"), max_length=100, blank=True)
    college = models.CharField(_("college or school"), max_length=100, blank=True)
    major = models.CharField(_("major"), max_length=100, blank=True)
    degree = models.CharField(_("degree"), max_length=20, choices=Degree.choices, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    expected_cities = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Region.Level.CITY},
        verbose_name=_("expected cities"),
    )
    # CNY per month; empty means open to offers.
    expected_salary = models.PositiveIntegerField(
        _("expected monthly salary"), null=True, blank=True
    )
    skills = models.TextField(_("skills"), blank=True)
    self_introduction = models.TextField(_("self-introduction"), blank=True)
    # 人才推荐: enterprises recruiting for a fitting position may see a masked card (surname,
    # university, major, degree, year, skills, cities) and invite the graduate. Off by default.
    discoverable = models.BooleanField(
        _("let enterprises find me"), default=False, db_default=False
    )
    # 推荐职位日报: one e-mail a day with the new positions that fit. Off by default.
    daily_digest = models.BooleanField(
        _("daily e-mail of new matching positions"), default=False, db_default=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("graduate profile")
        verbose_name_plural = _("graduate profiles")

    def __str__(self) -> str:
        return self.full_name or str(self.user)

    @property
    def mobile(self) -> str:
        """The graduate's mobile number (11 digits): the account's own (User.phone), one field
        for signing in, SMS and what recruiters are shown; "" when there is none."""
        return phone.national(self.user.phone)

    @property
    def masked_mobile(self) -> str:
        """The number as recruiters see it before an interview: 138****5678."""
        return phone.masked(self.user.phone)

    @property
    def skill_list(self) -> list[str]:
        return split_skills(self.skills)


def split_skills(text: str) -> list[str]:
    """Skills as a graduate types them, separated by commas (either width), 、 or lines."""
    text = (text or "").replace("，", ",").replace("、", ",").replace("\n", ",")
    return [s.strip() for s in text.split(",") if s.strip()]


def _private_location() -> str:
    return str(settings.PRIVATE_MEDIA_ROOT)


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT: never served by the web server, only through views.

    The location is read from the settings at each use, so tests (and deployments) can move it.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return _private_location()

    @property
    def location(self):
        return str(Path(_private_location()).resolve())

    def deconstruct(self):
        return ("candidates.models.PrivateStorage", (), {})


def private_storage():
    """The `private` storage of settings.STORAGES (config/storage.py): PrivateStorage on a
    shared volume, or the object store's private prefix."""
    return storages["private"]


def resume_path(instance: "Resume", filename: str) -> str:
    # The name a user gave the file never reaches the file system.
    return f"resumes/{instance.graduate_id}/{uuid.uuid4().hex}.pdf"


class Resume(models.Model):
    """One version of a graduate's resume; the newest is current, earlier ones are kept."""

    class Kind(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        GENERATED = "generated", _("Generated from the profile")

    graduate = models.ForeignKey(
        GraduateProfile,
        on_delete=models.CASCADE,
        related_name="resumes",
        verbose_name=_("graduate"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=resume_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), default=0)
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name or f"resume {self.pk}"

    @property
    def download_name(self) -> str:
        return self.original_name or f"resume-{self.pk}.pdf"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VIEWED = "viewed", _("Viewed")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Closed by the platform for the graduate when the enterprise never answered (no black hole):
    # its own status, not a rejection.
    NO_ANSWER = "no_answer", _("Closed without an answer")


class Source(models.TextChoices):
    """The channel an application came through (for attribution to fairs and associations)."""

    SEARCH = "search", _("Search results")
    POSITION_PAGE = "position_page", _("Position page")
    FAIR_PAGE = "fair_page", _("Fair page")
    BOOTH_SCAN = "booth_scan", _("Booth scan")  # 展位扫码
    CLOUD_BOOTH = "cloud_booth", _("Cloud-fair booth")  # 云聘展位
    PRESENTATION = "presentation", _("Presentation")  # 宣讲会
    RECOMMENDATION = "recommendation", _("Recommendation")  # 为你推荐
    INVITATION = "invitation", _("Invitation from the enterprise")  # 人才推荐 → 邀请投递


class Application(models.Model):
    """A graduate's application to a position; one per graduate and position, ever."""

    Status = ApplicationStatus

    graduate = models.ForeignKey(
        GraduateProfile,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("graduate"),
    )
    position = models.ForeignKey(
        "jobs.Position",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("position"),
    )
    resume = models.ForeignKey(
        Resume,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("resume"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.POSITION_PAGE
    )
    # The fair the application came through (DESIGN.md, Outcomes): the fair page it was made from,
    # a booth scan, or a fair listing the position that was running then. Placements are
    # attributed to it, so a fair with applications cannot be deleted.
    source_fair = models.ForeignKey(
        "fairs.Fair",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("fair"),
    )
    interview_at = models.DateTimeField(_("interview time"), null=True, blank=True)
    interview_place = models.CharField(_("interview place"), max_length=200, blank=True)
    interview_link = models.URLField(_("online interview link"), blank=True)
    # Set when the application first reaches the interview stage: the phone number shows from then.
    interview_reached_at = models.DateTimeField(null=True, blank=True, editable=False)
    viewed_at = models.DateTimeField(_("first viewed at"), null=True, blank=True)
    # When the recruiters were reminded that it waits for an answer (once per application).
    unanswered_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate", "position"], name="one_application_per_graduate_and_position"
            )
        ]
        indexes = [models.Index(fields=["position", "status"])]

    def __str__(self) -> str:
        return f"{self.graduate} → {self.position}"

    @property
    def phone_visible(self) -> bool:
        return self.interview_reached_at is not None and self.status != ApplicationStatus.WITHDRAWN

    @property
    def can_withdraw(self) -> bool:
        return self.status in WITHDRAWABLE

    @property
    def is_final(self) -> bool:
        return self.status in FINAL


_S = ApplicationStatus
# Which action leads an application from which statuses to which (core.transitions): the
# pipeline's services, its page and the API's `actions` read it. Withdrawing is the graduate's;
# the others are the recruiter's (a hire is recorded by outcomes.services.record_hire).
Application.TRANSITIONS = Transitions(
    Transition("view", (_S.SUBMITTED,), _S.VIEWED, automatic=True),  # opening it
    Transition("interview", (_S.SUBMITTED, _S.VIEWED), _S.INTERVIEW),
    Transition("offer", (_S.INTERVIEW,), _S.OFFERED),
    Transition("hire", (_S.OFFERED,), _S.HIRED),
    Transition("reject", (_S.SUBMITTED, _S.VIEWED, _S.INTERVIEW, _S.OFFERED), _S.REJECTED),
    Transition("withdraw", (_S.SUBMITTED, _S.VIEWED, _S.INTERVIEW), _S.WITHDRAWN),
    # The platform's (candidates.followups): an application the enterprise never answered is
    # closed for the graduate, "no answer", not a rejection.
    Transition("close_unanswered", (_S.SUBMITTED, _S.VIEWED), _S.NO_ANSWER, automatic=True),
)
RECRUITER_ACTIONS = ("view", "interview", "offer", "hire", "reject")
WITHDRAWABLE = frozenset(Application.TRANSITIONS.sources("withdraw"))
FINAL = frozenset(_S) - {s for t in Application.TRANSITIONS for s in t.sources}
# Waiting for the enterprise: "viewed" is not an answer.
UNANSWERED = frozenset(Application.TRANSITIONS.sources("close_unanswered"))
# The statuses that answer a graduate: an application moved past submitted and viewed by the
# enterprise. Responsiveness counts an application answered at its first event into one of these.
ANSWERS = frozenset({_S.INTERVIEW, _S.OFFERED, _S.HIRED, _S.REJECTED})


class ApplicationEvent(StateEvent):
    """Each step of an application: who, when, from, to, note."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(StateEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    @property
    def to_label(self) -> str:
        return ApplicationStatus(self.to_status).label


class RecruiterNote(models.Model):
    """A private note of the enterprise's recruiters on an application; never shown to graduates."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notes", verbose_name=_("application")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recruiter note")
        verbose_name_plural = _("recruiter notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:50]


class ResumeAccess(models.Model):
    """Every time someone opens a resume: who, when, through which application; refusals too."""

    resume = models.ForeignKey(
        Resume, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("resume")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resume_accesses",
        verbose_name=_("application"),
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("viewer"),
    )
    refused = models.BooleanField(_("refused"), default=False)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("resume access")
        verbose_name_plural = _("resume accesses")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["viewer", "created_at"])]

    def __str__(self) -> str:
        return f"{self.viewer} → {self.resume}"


class Notification(models.Model):
    """An in-app notification (消息); e-mail goes out alongside, after commit."""

    class Kind(models.TextChoices):
        NEW_APPLICATION = "new_application", _("New application")
        STATUS_CHANGED = "status_changed", _("Application status changed")
        RESUME_THROTTLED = "resume_throttled", _("Resume downloads stopped")
        UNANSWERED = "unanswered", _("Applications waiting for an answer")
        STILL_HIRING = "still_hiring", _("Still hiring?")
        UNLISTED = "unlisted", _("Position unlisted")
        FAIR_FEEDBACK = "fair_feedback", _("Rate a fair")
        INVITATION = "invitation", _("Invitation to apply")
        INVITATION_ANSWERED = "invitation_answered", _("Invitation answered")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message[:50]


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Invitation(models.Model):
    """A recruiter's invitation to a discoverable graduate to apply to a position (邀请投递).

    Accepting makes an application whose source is the invitation; declining may give a reason.
    """

    Status = InvitationStatus

    position = models.ForeignKey(
        "jobs.Position",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("position"),
    )
    graduate = models.ForeignKey(
        GraduateProfile,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("graduate"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.OPEN,
        db_index=True,
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("application"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate", "position"],
                condition=models.Q(status="open"),
                name="one_open_invitation_per_graduate_and_position",
            )
        ]
        indexes = [models.Index(fields=["position", "created_at"])]

    def __str__(self) -> str:
        return f"{self.position} → {self.graduate}"

    @property
    def next_statuses(self) -> frozenset[str]:
        """The statuses the graduate may answer with now (the transition table's)."""
        return frozenset(self.TRANSITIONS.target(a) for a in self.TRANSITIONS.actions(self.status))


# The moves of an invitation, read by the services, the API and the templates alike: only the
# invited graduate answers, once.
Invitation.TRANSITIONS = Transitions(
    Transition("accept", (InvitationStatus.OPEN,), InvitationStatus.ACCEPTED),
    Transition("decline", (InvitationStatus.OPEN,), InvitationStatus.DECLINED),
)


class InvitationEvent(StateEvent):
    """Each step of an invitation: who, when, from, to, and the message or reason."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="events", verbose_name=_("invitation")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(StateEvent.Meta):
        verbose_name = _("invitation event")
        verbose_name_plural = _("invitation events")


class RecommendationDigest(models.Model):
    """One day's e-mail of new matching positions to a graduate (推荐职位日报): at most one a day.

    A day with nothing new keeps its row (no e-mail): the next digest starts from it.
    """

    graduate = models.ForeignKey(
        GraduateProfile,
        on_delete=models.CASCADE,
        related_name="digests",
        verbose_name=_("graduate"),
    )
    day = models.DateField(_("day"))
    positions = models.JSONField(_("positions"), default=list, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation digest")
        verbose_name_plural = _("recommendation digests")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate", "day"], name="one_digest_per_graduate_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.graduate} · {self.day}"

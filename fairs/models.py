"""Campaigns, fairs (校园招聘会 / 云聘 / 宣讲会), participations, tickets, slots and leads."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import ActionEvent
from associations.models import Association, Enterprise, Region
from core.times import local_minute
from core.transitions import Transition, Transitions

# Ticket codes: no 0/O, 1/I/L, so a code typed from paper is read right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_ticket_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Campaign(models.Model):
    """The department's unit of account (e.g. 百会千企促万生就业 2024): a window and targets."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hire_window_days = models.PositiveIntegerField(_("hire window (days after a fair)"), default=90)
    target_associations = models.PositiveIntegerField(_("target: associations"), default=0)
    target_enterprises = models.PositiveIntegerField(_("target: enterprises"), default=0)
    target_graduates = models.PositiveIntegerField(_("target: graduates"), default=0)
    target_positions = models.PositiveIntegerField(_("target: positions"), default=0)
    target_placements = models.PositiveIntegerField(_("target: placements"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Fair(models.Model):
    class Kind(models.TextChoices):
        """Where it happens; what it is (a fair or a presentation) is the format: a 宣讲会 on
        campus is badged 校园现场 · 宣讲会, never 校园招聘会."""

        CAMPUS = "campus", _("On campus")  # 校园现场
        CLOUD = "cloud", _("Online (cloud)")  # 线上云聘

    class Format(models.TextChoices):
        FAIR = "fair", _("Job fair")
        PRESENTATION = "presentation", _("Company presentation")  # 宣讲会

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ONGOING = "ongoing", _("Ongoing")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    VISIBLE_STATUSES = (Status.PUBLISHED, Status.ONGOING, Status.FINISHED, Status.CANCELLED)
    OPEN_STATUSES = (Status.PUBLISHED, Status.ONGOING)

    organiser = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="organised_fairs",
        verbose_name=_("organiser"),
    )
    co_organisers = models.ManyToManyField(
        Association, blank=True, related_name="co_organised_fairs", verbose_name=_("co-organisers")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fairs",
        verbose_name=_("campaign"),
    )
    title = models.CharField(pgettext_lazy("fair", "title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CAMPUS)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.FAIR
    )
    host_university = models.CharField(_("host university"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Region.Level.CITY},
        verbose_name=_("city"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    enterprise_registration_opens = models.DateTimeField(_("enterprise registration opens"))
    enterprise_registration_closes = models.DateTimeField(_("enterprise registration closes"))
    graduate_registration_opens = models.DateTimeField(_("graduate registration opens"))
    graduate_registration_closes = models.DateTimeField(_("graduate registration closes"))
    booth_capacity = models.PositiveIntegerField(_("booths"), default=50)
    venue_capacity = models.PositiveIntegerField(_("visitor places"), default=500)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    poster = models.ImageField(_("poster"), upload_to="fairs/posters/", blank=True)
    # Optional eligibility rules for graduates; empty means anyone.
    eligible_education = models.JSONField(_("eligible education"), default=list, blank=True)
    eligible_graduation_years = models.JSONField(
        _("eligible graduation years"), default=list, blank=True
    )
    eligible_majors = models.JSONField(_("eligible majors"), default=list, blank=True)
    # A presentation (宣讲会) is one enterprise's, in one room.
    presenting_enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("presenting enterprise"),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True)
    brochure = models.FileField(_("brochure"), upload_to="fairs/brochures/", blank=True)
    brochure_generated_at = models.DateTimeField(_("brochure generated at"), null=True, blank=True)
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

    class Meta:
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="fair_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enterprise_registration_closes__gt=F("enterprise_registration_opens")),
                name="fair_enterprise_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(graduate_registration_closes__gt=F("graduate_registration_opens")),
                name="fair_graduate_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_campus(self) -> bool:
        return self.kind == self.Kind.CAMPUS

    @property
    def is_cloud(self) -> bool:
        return self.kind == self.Kind.CLOUD

    @property
    def is_presentation(self) -> bool:
        return self.format == self.Format.PRESENTATION

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_running(self) -> bool:
        """Happening now (between start and end) and not cancelled."""
        now = timezone.now()
        return self.is_open and self.starts_at <= now <= self.ends_at

    @property
    def graduate_registration_open(self) -> bool:
        now = timezone.now()
        return (
            self.is_open
            and self.graduate_registration_opens <= now <= self.graduate_registration_closes
        )

    @property
    def enterprise_registration_open(self) -> bool:
        now = timezone.now()
        return (
            self.is_open
            and self.enterprise_registration_opens <= now <= self.enterprise_registration_closes
        )

    @property
    def has_eligibility_rules(self) -> bool:
        return bool(
            self.eligible_education or self.eligible_graduation_years or self.eligible_majors
        )

    def organiser_ids(self) -> set[int]:
        return {self.organiser_id, *self.co_organisers.values_list("pk", flat=True)}


# Which action leads a fair from which statuses to which (core.transitions): services, the API's
# `actions` and the organisers' buttons read it. Starting and finishing are the platform's
# (fairs.tasks.advance_fair_statuses), though staff may finish a fair early.
_F = Fair.Status
Fair.TRANSITIONS = Transitions(
    Transition("publish", (_F.DRAFT,), _F.PUBLISHED),
    Transition("edit", (_F.DRAFT, _F.PUBLISHED, _F.ONGOING)),
    Transition("start", (_F.PUBLISHED,), _F.ONGOING, automatic=True),
    Transition("finish", Fair.OPEN_STATUSES, _F.FINISHED, automatic=True),
    Transition("cancel", (_F.DRAFT, _F.PUBLISHED, _F.ONGOING), _F.CANCELLED),
)


class FairEvent(ActionEvent):
    """Each change of a fair: created, edited, published, cancelled… who, when, from, to."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="events", verbose_name=_("fair")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(ActionEvent.Meta):
        verbose_name = _("fair event")
        verbose_name_plural = _("fair events")


class Participation(models.Model):
    """An enterprise taking part in a fair with the positions it brings."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    LIVE_STATUSES = (Status.PENDING, Status.APPROVED, Status.WAITLISTED)

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="participations", verbose_name=_("fair")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="fair_participations",
        verbose_name=_("enterprise"),
    )
    positions = models.ManyToManyField(
        "jobs.Position", blank=True, related_name="fair_participations", verbose_name=_("positions")
    )
    booth_preferences = models.TextField(_("booth preferences"), blank=True)
    live_room_url = models.URLField(_("live-room link"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    booth_number = models.CharField(_("booth number"), max_length=20, blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    present_at = models.DateTimeField(_("present since"), null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["fair", "booth_number", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "enterprise"],
                condition=Q(status__in=["pending", "approved", "waitlisted"]),
                name="one_live_participation_per_fair",
            ),
            models.UniqueConstraint(
                fields=["fair", "booth_number"],
                condition=Q(status="approved") & ~Q(booth_number=""),
                name="booth_number_unique_per_fair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.fair}"


# Which action leads a participation from which statuses to which (core.transitions). Approving
# puts it on the waiting list instead when every booth is taken; a freed booth promotes the
# first waiting. Services, the API's `actions` and the organisers' buttons read it.
_P = Participation.Status
Participation.TRANSITIONS = Transitions(
    Transition("approve", (_P.PENDING, _P.WAITLISTED, _P.REJECTED), _P.APPROVED),
    Transition("waitlist", (_P.PENDING, _P.WAITLISTED, _P.REJECTED), _P.WAITLISTED, automatic=True),
    Transition("promote", (_P.WAITLISTED,), _P.APPROVED, automatic=True),
    Transition("reject", (_P.PENDING, _P.WAITLISTED, _P.APPROVED), _P.REJECTED),
    Transition("withdraw", Participation.LIVE_STATUSES, _P.WITHDRAWN),
    Transition("change_positions", Participation.LIVE_STATUSES),
    Transition("assign_booth", (_P.APPROVED,)),
    Transition("mark_present", (_P.APPROVED,)),
)


class ParticipationEvent(ActionEvent):
    """Each change of a participation: who, when, from, to, why."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("participation"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta(ActionEvent.Meta):
        verbose_name = _("participation event")
        verbose_name_plural = _("participation events")


class EntryWindow(models.Model):
    """An arrival slot (分时段入场): graduates registered for it are expected at the door between
    its start and end, so a large fair's crowd comes in waves; each holds `capacity` tickets and
    has its own waiting list."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="entry_windows", verbose_name=_("fair")
    )
    starts_at = models.DateTimeField(_("arrive from"))
    ends_at = models.DateTimeField(_("arrive until"))
    capacity = models.PositiveIntegerField(_("places"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("arrival slot")
        verbose_name_plural = _("arrival slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="entry_window_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="entry_window_has_places"),
        ]

    def __str__(self) -> str:
        return f"{local_minute(self.starts_at)}–{timezone.localtime(self.ends_at):%H:%M}"


class Kiosk(models.Model):
    """A self check-in tablet (自助签到机) at one fair's door: its key, shown once to the staff
    who create it, checks tickets in at that fair and does nothing else; revoking it stops it."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="kiosks", verbose_name=_("fair")
    )
    name = models.CharField(_("door"), max_length=40)
    # SHA-256 of the key: the key itself is shown once and never stored.
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("switched off at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("switched off by"),
    )

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["fair", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Ticket(models.Model):
    """A graduate's registration for a fair; its code (and QR code) is checked in at the door."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    LIVE_STATUSES = (Status.ACTIVE, Status.WAITLISTED)

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="tickets", verbose_name=_("fair")
    )
    graduate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fair_tickets",
        verbose_name=_("graduate"),
    )
    code = models.CharField(
        _("code"), max_length=16, unique=True, default=new_ticket_code, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    entry_window = models.ForeignKey(
        EntryWindow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("arrival slot"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # Check-in writes the five checked_in_* columns and nothing reads tickets by who or which
    # kiosk admitted them: none of them is indexed, so PostgreSQL updates the row in place (a
    # heap-only tuple, in the room the table's fillfactor leaves, migration 0005) instead of
    # adding an entry to each of the table's dozen indexes at every scan.
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
        db_index=False,
    )
    checked_in_door = models.CharField(_("door"), max_length=40, blank=True, db_default="")
    checked_in_kiosk = models.ForeignKey(
        Kiosk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kiosk"),
        db_index=False,
    )
    # The scan that admitted the ticket, as the door numbered it: a door that lost the network
    # after sending it sends it again when it syncs, and is answered "accepted", not "twice".
    checked_in_scan = models.UUIDField(null=True, blank=True, editable=False)
    # The start time each reminder was sent for: a moved presentation is reminded again.
    reminded_24h_for = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_1h_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "graduate"],
                condition=Q(status__in=["active", "waitlisted"]),
                name="one_live_ticket_per_graduate_and_fair",
            )
        ]
        indexes = [
            models.Index(
                fields=["entry_window", "waitlisted_at"],
                condition=Q(status="waitlisted"),
                name="ticket_waiting_list",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED


class OfflineScan(models.Model):
    """A ticket a door admitted while it had no network, as the door reported it when it synced:
    what the server made of it then (accepted, or a double entry, or a ticket cancelled or
    unknown meanwhile). One row per scan: a door that syncs twice is answered from it."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DUPLICATE = "duplicate", _("Double entry")
        CANCELLED = "cancelled", _("Cancelled meanwhile")
        UNKNOWN = "unknown", _("Unknown ticket")

    CONFLICTS = (Outcome.DUPLICATE, Outcome.CANCELLED, Outcome.UNKNOWN)

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="offline_scans", verbose_name=_("fair")
    )
    scan_id = models.UUIDField(_("scan"), unique=True)
    code = models.CharField(_("code"), max_length=16)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offline_scans",
        verbose_name=_("ticket"),
    )
    door = models.CharField(_("door"), max_length=40, blank=True)
    scanned_at = models.DateTimeField(_("admitted at"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    synced_at = models.DateTimeField(_("synced at"), auto_now_add=True)
    synced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("synced by"),
    )
    kiosk = models.ForeignKey(
        Kiosk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kiosk"),
    )

    class Meta:
        verbose_name = _("offline admission")
        verbose_name_plural = _("offline admissions")
        ordering = ["-synced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.get_outcome_display()}"

    @property
    def is_conflict(self) -> bool:
        return self.outcome in self.CONFLICTS


class InterviewSlot(models.Model):
    """A video-interview slot an enterprise publishes at a cloud fair; it holds one graduate."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="slots", verbose_name=_("fair")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveIntegerField(_("length (minutes)"), default=20)
    link = models.URLField(_("video link"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5) & Q(minutes__lte=240), name="slot_minutes_5_to_240"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {local_minute(self.starts_at)}"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.minutes)

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()


class SlotBooking(models.Model):
    """A graduate's booking of an interview slot: one per slot, one per enterprise and fair."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(
        InterviewSlot, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("slot")
    )
    # Copied from the slot so the database can hold "one per graduate, enterprise and fair".
    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    graduate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="slot_bookings",
        verbose_name=_("graduate"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_24h_for = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_1h_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("slot booking")
        verbose_name_plural = _("slot bookings")
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status="booked"), name="one_booking_per_slot"
            ),
            models.UniqueConstraint(
                fields=["fair", "enterprise", "graduate"],
                condition=Q(status="booked"),
                name="one_booking_per_graduate_enterprise_fair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.graduate} → {self.slot}"


class Lead(models.Model):
    """A graduate met at a booth (展位): the recruiter's rating and note, and the consent."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="leads", verbose_name=_("fair")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="fair_leads",
        verbose_name=_("enterprise"),
    )
    graduate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fair_leads",
        verbose_name=_("graduate"),
    )
    position = models.ForeignKey(
        "jobs.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("position"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    consent_requested_at = models.DateTimeField(_("consent requested at"), null=True, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    application = models.ForeignKey(
        "candidates.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("application"),
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("captured by"),
    )
    created_at = models.DateTimeField(_("captured at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "enterprise", "graduate"], name="one_lead_per_graduate_and_booth"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="lead_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.graduate} @ {self.enterprise} ({self.fair})"

"""Posts, shifts, recruitment drives, sign-ups and check-ins (docs/domain.md §2–3).

The database guards the invariants: a shift's ``taken`` counter never exceeds its capacity,
one active sign-up per person and shift, one check-in per person and shift, and one row per
idempotency key.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import models
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Post(models.Model):
    """A role at a site (岗位). Only its organizing organization records and certifies hours."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer service")
        DUTY = "duty", _("Duty (值班, not volunteer hours)")

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("organizing organization"),
    )
    branch = models.ForeignKey(
        "people.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("organizing branch"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.VOLUNTEER)
    site = models.CharField(_("place"), max_length=200)
    content = models.TextField(_("content of service"), blank=True)
    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("inside compound"),
        help_text=_(
            "Set when the post is inside a compound (sealed compounds accept only their residents)."
        ),
    )
    required_skills = models.ManyToManyField(
        "people.Skill", blank=True, related_name="posts", verbose_name=_("required skills")
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    residents_only = models.BooleanField(
        _("residents of the compound only"),
        default=False,
        help_text=_("Only people whose home is in the post's compound may sign up."),
    )
    political_statuses = models.JSONField(
        _("political status required"),
        default=list,
        blank=True,
        help_text=_("Empty: anyone. Otherwise the statuses allowed, e.g. party_member."),
    )
    requires_health_declaration = models.BooleanField(
        _("health declaration required"), default=False
    )
    risk = models.CharField(_("risk level"), max_length=8, choices=Risk.choices, default=Risk.LOW)
    requires_insurance = models.BooleanField(_("insurance required"), default=False)
    insurance_policy = models.CharField(_("insurance policy number"), max_length=80, blank=True)
    insured_from = models.DateField(_("insured from"), null=True, blank=True)
    insured_until = models.DateField(_("insured until"), null=True, blank=True)
    training_topic = models.CharField(
        _("training required"),
        max_length=80,
        blank=True,
        help_text=_(
            "Empty: no training needed. Otherwise the topic a volunteer must have completed."
        ),
    )
    lead = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity lead"),
    )
    poster_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="post_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(insured_from__isnull=True)
                | Q(insured_until__isnull=True)
                | Q(insured_from__lte=F("insured_until")),
                name="post_insurance_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def counts_as_volunteer_hours(self) -> bool:
        return self.kind == self.Kind.VOLUNTEER


class Shift(models.Model):
    """A post over a time window. ``taken`` counts places held (pending + approved sign-ups)."""

    # A volunteer may check in from this long before the shift starts until it ends (the
    # check-in action and the scan page's list of shifts at hand both read it).
    CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=60)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("post")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    min_staff = models.PositiveSmallIntegerField(_("minimum staff"), default=1)
    capacity = models.PositiveIntegerField(_("maximum staff"))
    taken = models.PositiveIntegerField(default=0, editable=False)
    waitlist_size = models.PositiveIntegerField(_("wait-list places"), default=0)
    needs_team_lead = models.BooleanField(_("needs a team lead"), default=False)
    series = models.UUIDField(null=True, blank=True, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(taken__lte=F("capacity")), name="shift_taken_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(min_staff__lte=F("capacity")), name="shift_min_within_capacity"
            ),
        ]
        indexes = [models.Index(fields=["post", "starts_at"], name="shift_post_start")]

    def __str__(self) -> str:
        return f"{self.post} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def is_cancelled(self) -> bool:
        """Cancelled: no sign-up, check-in or change of places any more (the actions refuse them,
        the pages offer none)."""
        return self.status == self.Status.CANCELLED


# The job kind that tells a large drive pool (hub/volunteering/jobs.py).
TELL_POOL_JOB = "volunteering.tell_pool"


class Drive(models.Model):
    """A recruitment drive (招募): shifts published to a pool of branches, compounds or a link."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="drives"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    shifts = models.ManyToManyField(Shift, related_name="drives", verbose_name=_("shifts"))
    branches = models.ManyToManyField(
        "people.Branch", blank=True, related_name="drives", verbose_name=_("open to branches")
    )
    compounds = models.ManyToManyField(
        "places.Compound", blank=True, related_name="drives", verbose_name=_("open to residents of")
    )
    is_public = models.BooleanField(_("open to anyone with the link"), default=False)
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    requires_approval = models.BooleanField(_("coordinator approves each sign-up"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recruitment drive")
        verbose_name_plural = _("recruitment drives")

    def __str__(self) -> str:
        return self.title

    @property
    def last_shift_end(self) -> dt.datetime | None:
        """When its last live shift ends (a list may annotate ``last_end`` to save a query)."""
        if "last_end" in self.__dict__:
            return self.__dict__["last_end"]
        if self.pk is None:
            return None
        return (
            self.shifts.exclude(status=Shift.Status.CANCELLED)
            .aggregate(last=Max("ends_at"))
            .get("last")
        )

    @property
    def may_be_published(self) -> bool:
        """A draft: the page offers 发布 and ``publish_drive`` accepts it (its shifts checked
        there)."""
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        """Published: people of its pool may sign up through it; ``close_drive`` closes it."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_ended(self) -> bool:
        """Published or closed, and every live shift is over: nobody can serve through it."""
        if self.status == self.Status.DRAFT:
            return False
        last = self.last_shift_end
        return last is not None and last <= timezone.now()

    @property
    def status_label(self) -> str:
        """What its pages call its state: 已结束/Ended once its shifts are over."""
        if self.is_ended:
            return str(pgettext_lazy("drive status", "Ended"))
        return str(self.get_status_display())  # type: ignore[attr-defined]


class SignUp(models.Model):
    """A person's request to serve on a shift (请战). Pending and approved sign-ups hold a place."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Wait-listed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    HOLDS_PLACE = (Status.PENDING, Status.APPROVED)
    ACTIVE = (Status.PENDING, Status.APPROVED, Status.WAITLISTED)

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="signups")
    drive = models.ForeignKey(
        Drive, on_delete=models.SET_NULL, null=True, blank=True, related_name="signups"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_team_lead = models.BooleanField(_("team lead"), default=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["shift", "created_at", "id"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"],
                condition=Q(status__in=["pending", "approved", "waitlisted"]),
                name="signup_one_active_per_person_and_shift",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="signup_person_status")]

    def __str__(self) -> str:
        return f"{self.person} → {self.shift} ({self.status})"

    @property
    def can_be_approved(self) -> bool:
        """Only a pending sign-up is approved (its place is already held)."""
        return self.status == self.Status.PENDING

    @property
    def can_be_waitlisted(self) -> bool:
        """Only a pending sign-up is moved to the wait list."""
        return self.status == self.Status.PENDING

    @property
    def can_be_declined(self) -> bool:
        """Any active sign-up (pending, approved, wait-listed) may be declined."""
        return self.status in self.ACTIVE


class TrainingRecord(models.Model):
    """A person completed a training topic (some posts require one before sign-up)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="trainings")
    topic = models.CharField(_("topic"), max_length=80)
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.UniqueConstraint(fields=["person", "topic"], name="training_once_per_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.topic}"


class HealthDeclaration(models.Model):
    """A person's declaration that they are fit to serve on a date (sensitive; kept briefly)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="health_declarations"
    )
    declared_on = models.DateField(_("declared on"))
    fit_to_serve = models.BooleanField(_("fit to serve"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("health declaration")
        verbose_name_plural = _("health declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "declared_on"], name="health_declaration_daily"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.declared_on}"


class CheckIn(models.Model):
    """Arrival and departure on a shift. Check-in data alone is not a service record."""

    class Method(models.TextChoices):
        QR = "qr", _("Scanned the site's QR code")
        COORDINATOR = "coordinator", _("Checked in by a coordinator")
        OFFLINE = "offline", _("Replayed from an offline queue")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="checkins")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="checkins")
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    idempotency_key = models.CharField(max_length=80, unique=True)
    checkout_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    auto_closed = models.BooleanField(
        _("closed at shift end (forgotten check-out)"),
        default=False,
        help_text=_("Flagged for the coordinator's review."),
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shift", "checked_in_at"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["shift", "person"], name="checkin_once_per_shift"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=F("checked_in_at")),
                name="checkin_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.shift}"

"""Roster runs (排班): a chosen set of shifts and people, solved by the roster engine as a job,
edited by hand, and published as approved sign-ups.

A run's cells are its roster: one row per (shift, person), unique. Locked cells are kept by
every re-solve; the engine replaces only its own unlocked cells.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RosterRun(models.Model):
    """One rostering of a period: its inputs, its job, and the engine's explained result."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer service")
        DUTY = "duty", _("Office duty (值班)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUEUED = "queued", _("Solving")
        SOLVED = "solved", _("Solved")
        FAILED = "failed", _("Failed")
        PUBLISHED = "published", _("Published")

    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.CASCADE,
        related_name="roster_runs",
        verbose_name=_("organization"),
    )
    # Copied from the posts when they all share one, so the post access rules apply to runs.
    branch = models.ForeignKey(
        "people.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("branch"),
    )
    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compound"),
    )
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.VOLUNTEER)
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    shifts = models.ManyToManyField(
        "volunteering.Shift", related_name="roster_runs", verbose_name=_("shifts")
    )
    people = models.ManyToManyField(
        "people.Person", related_name="roster_runs", verbose_name=_("people")
    )
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    proposal = models.JSONField(_("repair proposal"), default=dict, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("roster run")
        verbose_name_plural = _("roster runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="roster_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def num_days(self) -> int:
        return (self.period_end - self.period_start).days + 1

    # Transition rules: the actions refuse what these deny, and the run page offers only what
    # they allow.
    @property
    def is_editable(self) -> bool:
        """Cells may be changed by hand and the run solved (again): not queued, not published."""
        return self.status in (self.Status.DRAFT, self.Status.SOLVED, self.Status.FAILED)

    @property
    def never_solved(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_solving(self) -> bool:
        """Queued for the solver (the page polls its job)."""
        return self.status == self.Status.QUEUED

    @property
    def may_be_published(self) -> bool:
        """Only a solved run is published."""
        return self.status == self.Status.SOLVED

    @property
    def is_published(self) -> bool:
        """Published: never solved again, only repaired."""
        return self.status == self.Status.PUBLISHED

    @property
    def counts_as_volunteer_hours(self) -> bool:
        return self.kind == self.Kind.VOLUNTEER


class RosterCell(models.Model):
    """One person on one shift in a run's roster."""

    class Source(models.TextChoices):
        ENGINE = "engine", _("Roster engine")
        HAND = "hand", _("By hand")

    run = models.ForeignKey(RosterRun, on_delete=models.CASCADE, related_name="cells")
    shift = models.ForeignKey("volunteering.Shift", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    locked = models.BooleanField(_("locked"), default=False)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.ENGINE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "shift", "person"]
        verbose_name = _("roster cell")
        verbose_name_plural = _("roster cells")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "shift", "person"], name="roster_cell_once_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.shift}"


class RosterWish(models.Model):
    """A person's wish for one run: to work or not to work one shift, or one day.

    Wishes are soft: the engine grants them when it can, at the run's ``wishes`` weight, and
    names every wish it could not grant in the explanations.
    """

    run = models.ForeignKey(RosterRun, on_delete=models.CASCADE, related_name="wishes")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    wanted = models.BooleanField(_("wants it"), default=False)
    shift = models.ForeignKey(
        "volunteering.Shift",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shift"),
    )
    day = models.DateField(_("day"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "person", "day", "shift"]
        verbose_name = _("roster wish")
        verbose_name_plural = _("roster wishes")
        constraints = [
            models.CheckConstraint(
                condition=Q(shift__isnull=True, day__isnull=False)
                | Q(shift__isnull=False, day__isnull=True),
                name="roster_wish_shift_or_day",
            ),
            models.UniqueConstraint(
                fields=["run", "person", "shift"],
                condition=Q(shift__isnull=False),
                name="roster_wish_once_per_shift",
            ),
            models.UniqueConstraint(
                fields=["run", "person", "day"],
                condition=Q(day__isnull=False),
                name="roster_wish_once_per_day",
            ),
        ]

    def __str__(self) -> str:
        what = self.shift if self.shift_id else self.day
        return f"{self.person} {'+' if self.wanted else '−'} {what}"

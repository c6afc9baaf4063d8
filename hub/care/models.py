"""Care (关爱): the register of people who need help, pairing, contact logs, requests (求助) and
welfare calls to the organization's own people.

Health conditions live apart in ``CareHealth`` (one row per registered person), shown masked and
revealed only through ``hub.care.actions.reveal_care_health``, which writes an ``AccessLog`` row.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Need(models.TextChoices):
    FOOD = "food", _("Food and daily goods")
    MEDICINE = "medicine", _("Medicine refill (配药)")
    MEDICAL_VISIT = "medical_visit", _("Medical visit")
    OTHER = "other", pgettext_lazy("need", "Other")


class ContactMode(models.TextChoices):
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Home visit")


class CareRecipient(models.Model):
    """A person on an organization's care register, with what they need and whom to call."""

    class Category(models.TextChoices):
        ALONE = "alone", _("Elderly, living alone (独居)")
        NO_FAMILY = "no_family", _("Elderly, no family (孤老)")
        TEMPORARILY_ALONE = "temporarily_alone", _("Temporarily alone (family quarantined)")
        SERIOUSLY_ILL = "seriously_ill", _("Seriously ill (dialysis, chemotherapy, pregnancy)")
        DISABLED = "disabled", _("Disabled")
        HARDSHIP = "hardship", _("Household in hardship")

    class Status(models.TextChoices):
        ACTIVE = "active", _("On the register")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="care_recipients"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="care_records"
    )
    household = models.ForeignKey(
        "places.Household",
        on_delete=models.PROTECT,
        related_name="care_recipients",
        verbose_name=_("household"),
    )
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    needs_note = models.CharField(_("other needs"), max_length=200, blank=True)
    language = models.CharField(
        _("language or dialect"),
        max_length=40,
        blank=True,
        help_text=_("A skill code volunteers may have, e.g. shanghainese (沪语)."),
    )
    contact_name = models.CharField(_("family contact"), max_length=60, blank=True)
    contact_phone = models.CharField(_("family contact phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["household__building__compound_id", "household__sort_key", "id"]
        verbose_name = _("person in care")
        verbose_name_plural = _("care register")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person"],
                condition=Q(status="active"),
                name="care_once_per_person_and_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_category_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def needs_medical_volunteer(self) -> bool:
        """The seriously ill are paired only with volunteers with a medical background."""
        return self.category == self.Category.SERIOUSLY_ILL

    def need_labels(self) -> list[str]:
        return [str(Need(n).label) for n in self.needs if n in Need.values]


class CareHealth(models.Model):
    """The health side of a register entry, kept apart: masked, every reveal logged, purged."""

    class Condition(models.TextChoices):
        DIALYSIS = "dialysis", _("Dialysis")
        CHEMOTHERAPY = "chemotherapy", _("Chemotherapy")
        PREGNANCY = "pregnancy", _("Pregnancy")
        CHRONIC = "chronic", _("Chronic illness")
        OTHER = "other", pgettext_lazy("condition", "Other")

    recipient = models.OneToOneField(CareRecipient, on_delete=models.CASCADE, related_name="health")
    condition = models.CharField(_("condition"), max_length=16, choices=Condition.choices)
    details = models.CharField(_("details"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("health record (care)")
        verbose_name_plural = _("health records (care)")

    def __str__(self) -> str:
        return f"health of care #{self.recipient_id}"


class Pairing(models.Model):
    """A volunteer paired with a person in care for a period, with a contact cadence.

    A small team is one pairing per member, each naming the team (``team``).
    ``next_due_at`` is when the next contact is due; ``alerted_at`` / ``escalated_at`` record the
    overdue alert to the volunteer and the escalation to the coordinator for that due time.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    recipient = models.ForeignKey(CareRecipient, on_delete=models.CASCADE, related_name="pairings")
    volunteer = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="care_pairings"
    )
    team = models.ForeignKey(
        "people.Branch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mode = models.CharField(_("contact by"), max_length=8, choices=ContactMode.choices)
    per_week = models.PositiveSmallIntegerField(
        _("contacts per week"), help_text=_("7 = daily, 2 = twice a week.")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    next_due_at = models.DateTimeField(_("next contact due"))
    alerted_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    missed_in_a_row = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["next_due_at", "id"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "volunteer"],
                condition=Q(status="active"),
                name="care_pairing_once_active",
            ),
            models.CheckConstraint(
                condition=Q(per_week__gte=1) & Q(per_week__lte=14), name="care_pairing_cadence"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_due_at"], name="care_pairing_due")]

    def __str__(self) -> str:
        return f"{self.volunteer} → {self.recipient_id}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def interval(self) -> dt.timedelta:
        return dt.timedelta(hours=round(7 * 24 / self.per_week))

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.status == self.Status.ACTIVE and self.next_due_at < now


class ContactLog(models.Model):
    """One call or visit: how the person is, what they need, what was bought, when next."""

    class Outcome(models.TextChoices):
        WELL = "well", _("Doing well")
        UNWELL = "unwell", _("Unwell")
        NEEDS_HELP = "needs_help", _("Needs help")
        NO_ANSWER = "no_answer", _("Nobody answered")

    recipient = models.ForeignKey(CareRecipient, on_delete=models.CASCADE, related_name="contacts")
    pairing = models.ForeignKey(
        Pairing, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    by_person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))
    mode = models.CharField(_("contact by"), max_length=8, choices=ContactMode.choices)
    outcome = models.CharField(_("how the person is"), max_length=12, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    needs_found = models.CharField(_("needs found"), max_length=300, blank=True)
    next_due_at = models.DateTimeField(_("next contact due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contact log")

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.at:%Y-%m-%d %H:%M} {self.outcome}"


class Purchase(models.Model):
    """Goods bought for the person during a contact: who paid, and whether it was reimbursed."""

    contact = models.ForeignKey(ContactLog, on_delete=models.CASCADE, related_name="purchases")
    items = models.CharField(_("items"), max_length=300)
    cost = models.DecimalField(_("cost (yuan)"), max_digits=8, decimal_places=2)
    paid_by = models.CharField(_("paid by"), max_length=60)
    reimbursed = models.BooleanField(_("reimbursed"), default=False)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [models.CheckConstraint(condition=Q(cost__gte=0), name="care_purchase_cost")]

    def __str__(self) -> str:
        return f"{self.items} ¥{self.cost}"

    @property
    def may_be_reimbursed(self) -> bool:
        return not self.reimbursed


class HelpRequest(models.Model):
    """A request for help (求助) from the public form, the hotline or another tool.

    Duplicates (same household and need while one is open) are kept as ``merged`` rows pointing
    at the open one, so nothing a caller said is lost. ``due_at`` is the urgency's timer.
    """

    class Urgency(models.TextChoices):
        URGENT = "urgent", _("Urgent: within the hour")
        TODAY = "today", _("Today")
        SOON = "soon", _("In the next days")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Triaged")
        CLAIMED = "claimed", _("Someone is on it")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        MERGED = "merged", _("Merged into another request")

    class Source(models.TextChoices):
        FORM = "form", _("Public form")
        HOTLINE = "hotline", _("Hotline")
        API = "api", _("Another tool (API)")

    class Relation(models.TextChoices):
        SELF = "self", _("Myself")
        RELATIVE = "relative", _("A relative")
        NEIGHBOUR = "neighbour", _("A neighbour")
        OTHER = "other", pgettext_lazy("relation", "Other")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="help_requests"
    )
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.CASCADE, related_name="help_requests"
    )
    building = models.ForeignKey(
        "places.Building", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        "places.Household", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    room = models.CharField(_("room"), max_length=30, blank=True)
    for_name = models.CharField(_("who needs help"), max_length=60)
    requester_name = models.CharField(_("your name"), max_length=60, blank=True)
    requester_phone = models.CharField(_("phone to call back"), max_length=20)
    relation = models.CharField(
        _("you are"), max_length=12, choices=Relation.choices, default=Relation.SELF
    )
    need = models.CharField(_("what is needed"), max_length=16, choices=Need.choices)
    details = models.CharField(_("details"), max_length=1000, blank=True)
    urgency = models.CharField(_("how urgent"), max_length=8, choices=Urgency.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    source = models.CharField(max_length=8, choices=Source.choices)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    assignee = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(_("what was done"), max_length=500, blank=True)
    # Medicine refills (配药): whose prescription, which pharmacy, picked up, handed over.
    prescription_holder = models.CharField(_("prescription holder"), max_length=60, blank=True)
    pharmacy = models.CharField(_("pharmacy"), max_length=120, blank=True)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="care_request_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status="claimed") | Q(assignee__isnull=False),
                name="care_request_claimed_has_assignee",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "due_at"], name="care_req_open")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_need_display()} {self.for_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def may_claim(self) -> bool:
        """Nobody has it yet: a volunteer may take it, the coordinator may give it to one."""
        return self.status in (self.Status.NEW, self.Status.TRIAGED)

    @property
    def may_be_assigned(self) -> bool:
        return self.may_claim

    @property
    def may_be_triaged(self) -> bool:
        """Its urgency may be set while it is open (a claimed one keeps its assignee)."""
        return self.is_open

    @property
    def may_be_cancelled(self) -> bool:
        return self.is_open

    @property
    def may_be_resolved(self) -> bool:
        return self.is_open

    @property
    def is_claimed(self) -> bool:
        return self.status == self.Status.CLAIMED

    @property
    def is_medicine(self) -> bool:
        return self.need == Need.MEDICINE

    @property
    def medicine_next_step(self) -> str | None:
        """The refill's next step on an open medicine request: ``picked_up`` at the pharmacy
        (with the prescription holder), then ``handed_over`` to the person; None when done."""
        if not (self.is_medicine and self.is_open):
            return None
        if self.picked_up_at is None:
            return "picked_up"
        if self.handed_over_at is None:
            return "handed_over"
        return None

    @property
    def awaits_pick_up(self) -> bool:
        return self.medicine_next_step == "picked_up"

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.is_open and self.due_at < now

    @property
    def time_to_resolution(self) -> dt.timedelta | None:
        return self.resolved_at - self.created_at if self.resolved_at else None


OPEN_STATUSES = (
    HelpRequest.Status.NEW,
    HelpRequest.Status.TRIAGED,
    HelpRequest.Status.CLAIMED,
)
# The one map of allowed status changes; actions enforce it in ``_move``.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"triaged", "claimed", "done", "cancelled", "merged"}),
    "triaged": frozenset({"triaged", "claimed", "done", "cancelled", "merged"}),
    "claimed": frozenset({"triaged", "done", "cancelled"}),
    "done": frozenset(),
    "cancelled": frozenset(),
    "merged": frozenset(),
}


class WelfareSchedule(models.Model):
    """Scheduled care calls to one of the organization's own people (慰问)."""

    class Reason(models.TextChoices):
        SECONDED = "seconded", _("Seconded elsewhere")
        SEALED = "sealed", _("In a sealed compound")
        RETIREE = "retiree", _("Retiree")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="welfare_schedules"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="welfare_schedules"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    every_days = models.PositiveSmallIntegerField(_("call every (days)"), default=3)
    caller = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    next_due_at = models.DateTimeField(_("next call due"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["next_due_at", "id"]
        verbose_name = _("welfare call schedule")
        verbose_name_plural = _("welfare call schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person"],
                condition=Q(active=True),
                name="care_welfare_once_active",
            ),
            models.CheckConstraint(
                condition=Q(every_days__gte=1) & Q(every_days__lte=60), name="care_welfare_every"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_reason_display()})"


class WelfareCall(models.Model):
    """One welfare call: how they are, what they need, and the follow-up it asks for."""

    schedule = models.ForeignKey(WelfareSchedule, on_delete=models.CASCADE, related_name="calls")
    at = models.DateTimeField(_("when"))
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    wellbeing = models.CharField(_("how they are"), max_length=300)
    needs = models.CharField(_("needs"), max_length=300, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("welfare call")
        verbose_name_plural = _("welfare calls")

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.at:%Y-%m-%d}"

    @property
    def has_open_follow_up(self) -> bool:
        return bool(self.follow_up) and self.follow_up_done_at is None

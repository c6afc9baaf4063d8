"""The run form: a period, its shifts, the people (by branch or compound), rules and weights.

Field shapes only; ``actions.create_run`` decides what is allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.access import changeable, scope_for, visible
from hub.accounts.models import Role
from hub.people.models import Branch, Person
from hub.places.models import Compound
from hub.rosters.actions import Wish
from hub.rosters.models import RosterRun
from hub.volunteering.eligibility import describe_shift
from hub.volunteering.forms import DATE
from hub.volunteering.models import Shift

MAX_SHIFT_CHOICES = 400
MAX_WISH_PEOPLE = 500
MAX_WISH_ROWS = 60


class ShiftChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.post.name} · {describe_shift(obj)} · {obj.capacity}"


class ShiftChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.post.name} · {describe_shift(obj)}"


def shifts_to_roster(user: Any, start: dt.date, end: dt.date, kind: str) -> QuerySet[Shift]:
    """Open shifts the user manages, of ``kind``, starting within [start, end]."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time(0, 0), tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    return (
        changeable(user, Shift.objects.all())
        .filter(status=Shift.Status.OPEN, post__kind=kind, starts_at__gte=lo, starts_at__lt=hi)
        .select_related("post")
        .order_by("starts_at", "post__name", "pk")
    )


def people_of(user: Any, branches: list[Branch], compounds: list[Compound]) -> QuerySet[Person]:
    """Members of the branches and residents of the compounds, as far as the user sees them."""
    q = Q(pk__in=[])
    if branches:
        q |= Q(memberships__branch__in=branches)
    if compounds:
        q |= Q(household__building__compound__in=compounds)
    ids = Person.objects.filter(q).values("pk")
    return visible(user, Person.objects.filter(pk__in=ids)).order_by("name", "pk")


class RunForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=RosterRun.Kind.choices)
    period_start = forms.DateField(label=_("First day"), widget=DATE)
    period_end = forms.DateField(label=_("Last day"), widget=DATE)
    shifts = ShiftChoices(
        label=_("Shifts to roster"),
        queryset=Shift.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open shifts you manage in the period. Change the dates and press “Show”."),
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("People: members of these branches"),
        queryset=Branch.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    compounds = forms.ModelMultipleChoiceField(
        label=_("People: residents of these compounds"),
        queryset=Compound.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_rest_hours = forms.IntegerField(
        label=_("Rest between shifts (hours)"), min_value=0, max_value=48, initial=11
    )
    max_shifts_per_day = forms.IntegerField(
        label=_("Shifts per person per day, at most"), min_value=1, max_value=3, initial=1
    )
    max_hours_per_week = forms.IntegerField(
        label=_("Hours per person per week, at most"), min_value=1, max_value=84, required=False
    )
    max_consecutive_days = forms.IntegerField(
        label=_("Days in a row, at most"), min_value=1, max_value=31, required=False
    )
    understaffed = forms.IntegerField(
        label=_("Weight: an empty place"), min_value=0, max_value=10000, initial=100
    )
    fair_load = forms.IntegerField(
        label=_("Weight: an hour away from a fair share"), min_value=0, max_value=1000, initial=5
    )
    continuity = forms.IntegerField(
        label=_("Weight: changing post between days"), min_value=0, max_value=1000, initial=0
    )
    wishes = forms.IntegerField(
        label=_("Weight: a wish not granted"),
        min_value=0,
        max_value=1000,
        initial=10,
        required=False,
        help_text=_("Wishes below: who would like, or would rather not, work a shift or a day."),
    )

    RULES = ("min_rest_hours", "max_shifts_per_day", "max_hours_per_week", "max_consecutive_days")
    WEIGHTS = ("understaffed", "fair_load", "continuity", "wishes")

    def __init__(self, *args: Any, user: Any, start: dt.date, end: dt.date, kind: str, **kw: Any):
        super().__init__(*args, **kw)
        ids = list(
            shifts_to_roster(user, start, end, kind).values_list("pk", flat=True)[
                :MAX_SHIFT_CHOICES
            ]
        )
        self.fields["shifts"].queryset = (  # type: ignore[attr-defined]
            Shift.objects.filter(pk__in=ids).select_related("post").order_by("starts_at", "pk")
        )
        self.fields["branches"].queryset = visible(  # type: ignore[attr-defined]
            user, Branch.objects.all()
        ).order_by("organization_id", "name")
        self.fields["compounds"].queryset = visible(  # type: ignore[attr-defined]
            user, Compound.objects.all()
        ).order_by("name")
        # The weights are the solver's knobs: an org admin may tune them; a branch secretary or
        # coordinator rosters with the defaults and never sees the words.
        scope = scope_for(user)
        if not scope.has_role(Role.ORG_ADMIN):
            for name in self.WEIGHTS:
                self.fields.pop(name, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("branches") and not data.get("compounds"):
            raise forms.ValidationError(
                _("Choose the people: at least one branch or one compound.")
            )
        return data

    def rules(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in self.RULES}

    def weights(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k, self.base_fields[k].initial) for k in self.WEIGHTS}


class WishForm(forms.Form):
    """One wish on the run form; a row without a person is left out."""

    WANT_SHIFT = "want_shift"
    AVOID_SHIFT = "avoid_shift"
    WANT_DAY = "want_day"
    AVOID_DAY = "avoid_day"
    CHOICES = [
        (AVOID_DAY, _("would rather be off on the day")),
        (AVOID_SHIFT, _("would rather not work the shift")),
        (WANT_SHIFT, _("would like to work the shift")),
        (WANT_DAY, _("would like to work on the day")),
    ]

    person = forms.ModelChoiceField(label=_("Who"), queryset=Person.objects.none(), required=False)
    wish = forms.ChoiceField(label=_("Wish"), choices=CHOICES, initial=AVOID_DAY)
    shift = ShiftChoice(label=_("Shift"), queryset=Shift.objects.none(), required=False)
    day = forms.DateField(label=_("Day"), widget=DATE, required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], shifts: QuerySet[Shift], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        # Full names, as in the roster grid the same lead reads (a wish names a real person).
        self.fields["person"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]
        self.fields["shift"].queryset = shifts  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person"):
            return data
        on_shift = data.get("wish") in (self.WANT_SHIFT, self.AVOID_SHIFT)
        if on_shift and not data.get("shift"):
            self.add_error("shift", _("Choose the shift this wish is about."))
        if not on_shift and not data.get("day"):
            self.add_error("day", _("Choose the day this wish is about."))
        return data

    def to_wish(self) -> Wish | None:
        """The row as a wish for ``create_run``, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("person"):
            return None
        wish = data["wish"]
        on_shift = wish in (self.WANT_SHIFT, self.AVOID_SHIFT)
        return Wish(
            person=data["person"],
            wanted=wish in (self.WANT_SHIFT, self.WANT_DAY),
            shift=data["shift"] if on_shift else None,
            day=None if on_shift else data["day"],
        )


class BaseWishFormSet(forms.BaseFormSet):
    """The wish rows of the run form: people the user sees, the form's shifts."""

    def __init__(self, *args: Any, user: Any, shifts: QuerySet[Shift], **kw: Any) -> None:
        ids = list(
            visible(user, Person.objects.all())
            .order_by("name", "pk")
            .values_list("pk", flat=True)[:MAX_WISH_PEOPLE]
        )
        self.people = Person.objects.filter(pk__in=ids).order_by("name", "pk")
        self.shifts = shifts
        super().__init__(*args, **kw)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"people": self.people, "shifts": self.shifts}

    def ok(self) -> bool:
        """Valid, or not sent at all (a form posted without wish rows has no wishes)."""
        return not self.is_bound or self.is_valid()

    def wishes(self) -> list[Wish]:
        """The filled-in rows as wishes (call after ``ok``)."""
        if not self.is_bound:
            return []
        return [w for w in (f.to_wish() for f in self.forms) if w is not None]


WishFormSet = forms.formset_factory(
    WishForm, formset=BaseWishFormSet, extra=3, max_num=MAX_WISH_ROWS, validate_max=True
)


def wish_rows(data: Any, *, user: Any, shifts: QuerySet[Shift]) -> BaseWishFormSet:
    """The wish rows of the run form (prefix ``wishes``), bound to ``data`` when it holds them."""
    if data is not None and "wishes-TOTAL_FORMS" not in data:
        data = None
    rows: BaseWishFormSet = WishFormSet(  # type: ignore[call-arg,assignment]
        data, prefix="wishes", user=user, shifts=shifts
    )
    return rows


class StatsForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["branch"].queryset = visible(  # type: ignore[attr-defined]
            user, Branch.objects.all()
        ).order_by("organization_id", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("The end must not be before the start."))
            if (data["end"] - data["start"]).days > 366:
                raise forms.ValidationError(_("Statistics cover at most one year."))
        return data

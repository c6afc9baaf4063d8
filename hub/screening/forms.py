"""Forms of the screening pages (parsing only; the rules live in the actions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hub.people.models import Person
from hub.places.models import AreaStatus, Building, Compound
from hub.screening.models import (
    AntigenReport,
    PointDuty,
    SamplingPoint,
    ScreeningRound,
    Slot,
    TubeResult,
)


class ScanForm(forms.Form):
    tube = forms.CharField(label=_("Tube label"), max_length=40)
    code = forms.CharField(
        label=_("Screening code"),
        max_length=400,
        widget=forms.TextInput(attrs={"data-scan": "", "autocomplete": "off", "autofocus": ""}),
    )
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    point = forms.IntegerField(required=False, widget=forms.HiddenInput)
    retest = forms.BooleanField(label=_("Re-test (one resident per tube)"), required=False)


class TubeResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=TubeResult.Result.choices)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ClosureRoundForm(forms.Form):
    compound = forms.ModelChoiceField(label=_("Compound"), queryset=Compound.objects.none())
    building = forms.ModelChoiceField(
        label=_("Only this building (leave empty for the whole compound)"),
        queryset=Building.objects.none(),
        required=False,
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    hours = forms.IntegerField(label=_("Hours"), initial=48, min_value=1, max_value=14 * 24)
    area_status = forms.ChoiceField(
        label=_("Area status it sets"),
        choices=AreaStatus.Status.choices,
        initial=AreaStatus.Status.SEALED,
    )

    def __init__(self, *args: Any, compounds: QuerySet[Compound], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = compounds  # type: ignore[attr-defined]
        self.fields["building"].queryset = Building.objects.filter(  # type: ignore[attr-defined]
            compound__in=compounds
        ).select_related("compound")


class CloneClosureForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Next round starts at (empty: when this one ends)"),
        widget=DATETIME,
        required=False,
    )


class CloseClosureForm(forms.Form):
    then_status = forms.ChoiceField(
        label=_("Area status afterwards"),
        choices=[("", _("Keep the current status")), *AreaStatus.Status.choices],
        required=False,
    )


class KitHandoutForm(forms.Form):
    kits = forms.IntegerField(label=_("Kits"), min_value=1, max_value=50, initial=1)


class AntigenReportForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.ChoiceField(
        label=_("Result"), choices=AntigenReport.Result.choices, widget=forms.RadioSelect
    )
    photo = forms.FileField(
        label=_("Photo of the test (optional, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        home = obj.household
        where = f" · {home.building.name} {home.room}" if home is not None else ""
        return f"{obj.masked_name}{where}"


class DutyForm(forms.Form):
    point = forms.ModelChoiceField(label=_("Point"), queryset=SamplingPoint.objects.none())
    slot = forms.ModelChoiceField(
        label=_("Slot (empty: the whole round)"), queryset=Slot.objects.none(), required=False
    )
    person = PersonChoice(label=_("Person"), queryset=Person.objects.none())
    duty = forms.ChoiceField(label=_("Duty"), choices=PointDuty.Duty.choices)

    def __init__(
        self, *args: Any, round_: ScreeningRound, people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = round_.points.all()  # type: ignore[attr-defined]
        self.fields["slot"].queryset = round_.slots.all()  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]

"""Forms of the supplies pages. They only shape input; the actions decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.access import changeable
from hub.places.models import Compound
from hub.supplies.models import Parcel
from hub.volunteering.models import Shift


class NightForm(forms.Form):
    compound = forms.ModelChoiceField(queryset=Compound.objects.none(), label=_("Compound"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    delivery_shift = forms.ModelChoiceField(
        queryset=Shift.objects.none(), label=_("Delivery shift"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        compounds = changeable(user, Compound.objects.all()).order_by("name")
        self.fields["compound"].queryset = compounds  # type: ignore[attr-defined]
        self.fields["delivery_shift"].queryset = (  # type: ignore[attr-defined]
            Shift.objects.filter(post__compound__in=compounds)
            .select_related("post")
            .order_by("-starts_at")[:50]
        )


class IntakeForm(forms.Form):
    room = forms.CharField(
        label=_("Room"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"placeholder": "3-1202", "autocomplete": "off", "list": "rooms"}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Parcel.Kind.choices,
        initial=Parcel.Kind.COURIER,
        widget=forms.RadioSelect,
    )
    barcode = forms.CharField(
        label=_("Courier barcode"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    priority = forms.BooleanField(
        label=_("Door delivery first (elderly, immobile)"), required=False
    )
    assisted = forms.BooleanField(
        label=_("I ordered this for a resident who cannot use a phone"), required=False
    )


class ScanForm(forms.Form):
    code = forms.CharField(
        label=_("Barcode or pick code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class ResolveForm(forms.Form):
    room = forms.CharField(label=_("Room"), max_length=60)


class FailForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=Parcel.Failure.choices)


class DropForm(forms.Form):
    proxy_name = forms.CharField(label=_("Collected by"), max_length=60, required=False)
    proxy_relation = forms.CharField(label=_("Relation"), max_length=30, required=False)


class GroupBuyForm(forms.Form):
    file = forms.FileField(label=_("Group-buy list (Excel or CSV)"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)


class AssistedOrderForm(forms.Form):
    room = forms.CharField(
        label=_("Room"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "3-1202", "autocomplete": "off"}),
    )
    resident_name = forms.CharField(label=_("For whom"), max_length=60)
    items = forms.CharField(
        label=_("What was ordered"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    shop = forms.CharField(label=_("Shop or group buy"), max_length=60, required=False)


class LinkParcelForm(forms.Form):
    code = forms.CharField(
        label=_("Pick code or barcode of the parcel"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "3-0042"}),
    )


class CartForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    capacity_count = forms.IntegerField(label=_("Parcels per trip"))
    capacity_kg = forms.IntegerField(label=_("Kilograms per trip"))
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class PositionsForm(forms.Form):
    """One pair of fields per building: metres east and north of the gate."""

    def __init__(self, *args: Any, buildings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for building, spot in buildings:
            for axis, label in (("x", _("east (m)")), ("y", _("north (m)"))):
                name = f"{axis}_{building.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"{building.name} {label}",
                    initial=getattr(spot, f"{axis}_m", 0) if spot else 0,
                )
            self.rows.append((building, self[f"x_{building.pk}"], self[f"y_{building.pk}"]))

    def spots(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {
            int(name[2:]): (data[name], data[f"y_{name[2:]}"])
            for name in data
            if name.startswith("x_")
        }


class WalkForm(forms.Form):
    frm = forms.ChoiceField(label=_("From"), required=False)
    to = forms.ChoiceField(label=_("To"))
    metres = forms.IntegerField(label=_("Metres (empty: remove the measure)"), required=False)

    def __init__(self, *args: Any, buildings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(b.pk), b.name) for b, _spot in buildings]
        self.fields["frm"].choices = [("", _("Gate")), *choices]  # type: ignore[attr-defined]
        self.fields["to"].choices = choices  # type: ignore[attr-defined]


class ReplanForm(forms.Form):
    """Who delivers for the rest of the night: tick the ones on shift, untick who left."""

    volunteers = forms.TypedMultipleChoiceField(
        label=_("Delivering for the rest of the night"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["volunteers"]
        field.choices = [  # type: ignore[attr-defined]
            (c.person_id, c.name if c.on_shift else f"{c.name} ({c.status})") for c in choices
        ]
        field.initial = [c.person_id for c in choices if c.on_shift]

"""Forms of the door-knocking pages (parsing only; the rules live in the actions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.access import visible
from hub.campaigns.models import Campaign, Checklist, Visit
from hub.places.models import Building, Compound


class CampaignForm(forms.Form):
    compound = forms.ModelChoiceField(label=_("Compound"), queryset=Compound.objects.none())
    name = forms.CharField(label=_("Name"), max_length=120)
    buildings = forms.ModelMultipleChoiceField(
        label=_("Buildings"),
        queryset=Building.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        compounds = visible(user, Compound.objects.all()).order_by("name")
        self.fields["compound"].queryset = compounds  # type: ignore[attr-defined]
        self.fields["buildings"].queryset = visible(  # type: ignore[attr-defined]
            user, Building.objects.filter(compound__in=compounds)
        ).select_related("compound")


class VisitForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Visit.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in campaign.checklist.items:
            self.fields[f"item_{item['key']}"] = forms.BooleanField(
                label=item["question"], required=False
            )

    def answers(self) -> dict[str, bool]:
        return {
            name[len("item_") :]: bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }


__all__ = ["CampaignForm", "Checklist", "VisitForm"]

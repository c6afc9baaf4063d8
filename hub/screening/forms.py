"""Forms of the screening pages (parsing only; the rules live in the actions)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.screening.models import TubeResult


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

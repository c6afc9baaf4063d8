"""Forms of the care pages: the public request form (in plain Chinese), hotline, contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.care.models import ContactLog, ContactMode, HelpRequest, Need
from hub.places.models import Building


class HelpRequestForm(forms.Form):
    """The public form: who needs help, where, what, how urgent; ``website`` is a honeypot."""

    building = forms.ModelChoiceField(queryset=Building.objects.none(), label=_("Building"))
    room = forms.CharField(label=_("Room"), max_length=30)
    for_name = forms.CharField(label=_("Who needs help"), max_length=60)
    relation = forms.ChoiceField(label=_("You are"), choices=HelpRequest.Relation.choices)
    requester_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    requester_phone = forms.CharField(label=_("Phone to call back"), max_length=20)
    need = forms.ChoiceField(label=_("What is needed"), choices=Need.choices)
    urgency = forms.ChoiceField(label=_("How urgent"), choices=HelpRequest.Urgency.choices)
    details = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
    # Hidden from people by CSS; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, compound: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["building"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Building.objects.filter(compound=compound).order_by("sort_key")


class ContactForm(forms.Form):
    mode = forms.ChoiceField(label=_("Contact by"), choices=ContactMode.choices)
    outcome = forms.ChoiceField(label=_("How the person is"), choices=ContactLog.Outcome.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    needs_found = forms.CharField(label=_("Needs found"), max_length=300, required=False)
    items = forms.CharField(label=_("Bought (items)"), max_length=300, required=False)
    cost = forms.DecimalField(label=_("Cost (yuan)"), required=False, min_value=0, max_digits=8)
    paid_by = forms.CharField(label=_("Paid by"), max_length=60, required=False)
    next_due_at = forms.DateTimeField(label=_("Next contact due"), required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("What was done"), max_length=500)


class BulkTriageForm(forms.Form):
    urgency = forms.ChoiceField(label=_("How urgent"), choices=HelpRequest.Urgency.choices)
    ids = forms.CharField(required=False)

    def clean_ids(self) -> list[int]:
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        try:
            return sorted({int(x) for x in raw})
        except ValueError:
            raise forms.ValidationError(_("Choose requests from the list.")) from None


class WelfareCallForm(forms.Form):
    wellbeing = forms.CharField(label=_("How they are"), max_length=300)
    needs = forms.CharField(label=_("Needs"), max_length=300, required=False)
    follow_up = forms.CharField(label=_("Follow-up"), max_length=300, required=False)

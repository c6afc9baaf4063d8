"""Forms of the care pages: the public request form (in plain Chinese), hotline, contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hub.care.models import (
    CareHealth,
    CareRecipient,
    ContactLog,
    ContactMode,
    HelpRequest,
    Need,
    WelfareSchedule,
)
from hub.people.models import Branch, Organization, Person
from hub.places.models import Building
from hub.privacy.masking import mask_room


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


class PersonChoiceField(forms.ModelChoiceField):
    """A resident, by masked name and home (names stay masked by default)."""

    def label_from_instance(self, obj: Any) -> str:
        home = obj.household
        if home is None:
            return str(obj)
        return f"{obj} · {home.building.name} {mask_room(home.room)}"


class VolunteerChoiceField(forms.ModelChoiceField):
    """A volunteer or member, by name (as the pairing and request pages show them)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RecipientForm(forms.Form):
    """Put a person on the care register: needs, family contact, the health side apart."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Register of")
    )
    person = PersonChoiceField(queryset=Person.objects.none(), label=_("Person"))
    category = forms.ChoiceField(label=_("Category"), choices=CareRecipient.Category.choices)
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    needs_note = forms.CharField(label=_("Other needs"), max_length=200, required=False)
    language = forms.CharField(
        label=_("Language or dialect"),
        max_length=40,
        required=False,
        help_text=_("A skill code volunteers may have, e.g. shanghainese (沪语)."),
    )
    contact_name = forms.CharField(label=_("Family contact"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Family contact phone"), max_length=20, required=False)
    condition = forms.ChoiceField(
        label=_("Health condition (kept apart, shown masked)"),
        choices=[("", "—"), *CareHealth.Condition.choices],
        required=False,
    )
    condition_details = forms.CharField(label=_("Health details"), max_length=300, required=False)

    def __init__(
        self, *args: Any, organizations: QuerySet[Any], people: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", organizations)
        _set_queryset(self, "person", people)


class PairingForm(forms.Form):
    """Pair one volunteer, or every member of a small team, for a period with a cadence."""

    volunteer = VolunteerChoiceField(
        queryset=Person.objects.none(), label=_("Volunteer"), required=False
    )
    team = forms.ModelChoiceField(
        queryset=Branch.objects.none(), label=_("or a team"), required=False
    )
    mode = forms.ChoiceField(label=_("Contact by"), choices=ContactMode.choices)
    per_week = forms.IntegerField(
        label=_("Contacts per week"),
        min_value=1,
        max_value=14,
        initial=2,
        help_text=_("7 = daily, 2 = twice a week."),
    )
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, volunteers: QuerySet[Any], teams: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "volunteer", volunteers)
        _set_queryset(self, "team", teams)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("volunteer")) == bool(data.get("team")):
            raise forms.ValidationError(_("Choose a volunteer or a team (one of the two)."))
        return data


class TriageForm(forms.Form):
    urgency = forms.ChoiceField(label=_("How urgent"), choices=HelpRequest.Urgency.choices)


class AssignForm(forms.Form):
    person = VolunteerChoiceField(queryset=Person.objects.none(), label=_("Give it to"))

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "person", people)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=500)


class MedicineStepForm(forms.Form):
    step = forms.ChoiceField(
        choices=[("picked_up", _("Picked up")), ("handed_over", _("Handed over"))]
    )
    prescription_holder = forms.CharField(
        label=_("Prescription holder"), max_length=60, required=False
    )
    pharmacy = forms.CharField(label=_("Pharmacy"), max_length=120, required=False)


class WelfareScheduleForm(forms.Form):
    """Schedule welfare calls to one of the organization's own people."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    person = VolunteerChoiceField(queryset=Person.objects.none(), label=_("Call whom"))
    reason = forms.ChoiceField(label=_("Why"), choices=WelfareSchedule.Reason.choices)
    every_days = forms.IntegerField(
        label=_("Call every (days)"), min_value=1, max_value=60, initial=3
    )
    caller = VolunteerChoiceField(
        queryset=Person.objects.none(), label=_("Who calls"), required=False
    )

    def __init__(
        self, *args: Any, organizations: QuerySet[Any], people: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", organizations)
        _set_queryset(self, "person", people)
        _set_queryset(self, "caller", people)


class SecondedForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    every_days = forms.IntegerField(
        label=_("Call every (days)"), min_value=1, max_value=60, initial=3
    )

    def __init__(self, *args: Any, organizations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", organizations)


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ProposalForm(forms.Form):
    """The matcher's proposal as the coordinator edited it: which entries to pair (``take``)
    and, for each, the volunteer chosen (``volunteer_<entry id>``)."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Register of")
    )
    mode = forms.ChoiceField(label=_("Contact by"), choices=ContactMode.choices)
    per_week = forms.IntegerField(
        label=_("Contacts per week"), min_value=1, max_value=14, initial=2, required=False
    )

    def __init__(self, *args: Any, organizations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", organizations)

    def clean_per_week(self) -> int:
        return self.cleaned_data.get("per_week") or 2

    def chosen(self) -> list[tuple[int, int]]:
        """(entry id, volunteer id) of every row ticked, in the order of the page."""
        pairs = []
        for raw in self.data.getlist("take") if hasattr(self.data, "getlist") else []:
            try:
                entry = int(raw)
                pairs.append((entry, int(self.data.get(f"volunteer_{entry}", ""))))
            except ValueError:
                raise forms.ValidationError(_("Choose a volunteer for every row ticked.")) from None
        return pairs

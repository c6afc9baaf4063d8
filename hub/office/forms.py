"""Forms of the office pages. They only shape input; the actions decide what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.office.models import (
    CleaningArea,
    CodeColour,
    ContractorRole,
    ContractorWorker,
    Entry,
    Site,
)

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DeclarationMixin(forms.Form):
    code_colour = forms.ChoiceField(
        label=_("Health code colour"),
        choices=CodeColour.choices,
        initial=CodeColour.GREEN,
        widget=forms.RadioSelect,
    )
    tested_on = forms.DateField(
        label=_("Last negative test (date)"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty if you have no test result."),
    )


class VisitorForm(DeclarationMixin):
    """The one-page form behind a site's QR poster (visitors and known contractor staff)."""

    kind = forms.ChoiceField(
        label=_("I am"),
        choices=[
            (Entry.Kind.VISITOR, _("a visitor")),
            (Entry.Kind.CONTRACTOR, _("contractor staff (security, cleaning, engineering)")),
        ],
        initial=Entry.Kind.VISITOR,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    purpose = forms.CharField(label=_("Purpose of visit"), max_length=120, required=False)
    host = forms.CharField(label=_("Person visited"), max_length=60, required=False)
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    field_order = ["kind", "name", "phone", "purpose", "host", "code_colour", "tested_on"]


class StaffCheckInForm(DeclarationMixin):
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ManualEntryForm(DeclarationMixin):
    """The desk's fast register for people without a phone: time, name (stored masked), purpose."""

    arrived_time = forms.TimeField(label=_("Time"), widget=TIME)
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("Stored masked (张*); the full name is not kept."),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=120)

    field_order = ["arrived_time", "name", "purpose", "code_colour", "tested_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arrived_time"].initial = timezone.localtime().strftime("%H:%M")

    def arrived_at(self, now: dt.datetime) -> dt.datetime:
        """The arrival today at the given time (yesterday when that time has not come yet)."""
        local = timezone.localtime(now)
        moment = timezone.make_aware(
            dt.datetime.combine(local.date(), self.cleaned_data["arrived_time"])
        )
        if moment > now + dt.timedelta(minutes=5):
            moment -= dt.timedelta(days=1)
        return moment


class WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        from hub.privacy.masking import mask_name

        return f"{mask_name(obj.name)} · {obj.get_role_display()} · {obj.company.name}"


class DeskContractorForm(DeclarationMixin):
    worker = WorkerChoice(label=_("Contractor staff"), queryset=ContractorWorker.objects.none())

    field_order = ["worker", "code_colour", "tested_on"]

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = workers


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Site.Kind.choices)
    require_green = forms.BooleanField(label=_("Green code required"), required=False, initial=True)
    test_valid_hours = forms.IntegerField(
        label=_("Negative test valid for (hours)"),
        required=False,
        initial=48,
        help_text=_("Empty: no test required."),
    )
    retention_days = forms.IntegerField(label=_("Keep entry records for (days)"), initial=14)


class RequirementForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ContractorRole.choices)
    expected = forms.IntegerField(label=_("Expected per day"), initial=1)
    due_by = forms.TimeField(label=_("Present by"), widget=TIME, initial=dt.time(8, 30))


class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=120)


class WorkerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    role = forms.ChoiceField(label=_("Role"), choices=ContractorRole.choices)


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=CleaningArea.Kind.choices)
    every_minutes = forms.IntegerField(
        label=_("Disinfect every (minutes)"),
        initial=120,
        help_text=_("E.g. 120 for every 2 hours."),
    )
    day_starts = forms.TimeField(label=_("First round at"), widget=TIME, initial=dt.time(8, 0))
    day_ends = forms.TimeField(label=_("Last round by"), widget=TIME, initial=dt.time(20, 0))


class CleaningForm(forms.Form):
    done_time = forms.TimeField(label=_("Done at"), widget=TIME)
    done_by = forms.CharField(label=_("Done by"), max_length=60)
    agent = forms.CharField(
        label=_("Disinfectant"),
        max_length=60,
        initial="含氯消毒剂",
        help_text=_("E.g. 含氯消毒剂, 75% 酒精"),
    )
    concentration_mg_l = forms.IntegerField(label=_("Concentration (mg/L)"), initial=500)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_time"].initial = timezone.localtime().strftime("%H:%M")

    def done_at(self, now: dt.datetime) -> dt.datetime:
        local = timezone.localtime(now)
        moment = timezone.make_aware(
            dt.datetime.combine(local.date(), self.cleaned_data["done_time"])
        )
        if moment > now + dt.timedelta(minutes=5):
            moment -= dt.timedelta(days=1)
        return moment


class DayForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)

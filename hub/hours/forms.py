"""Forms of the ledger pages: they parse input; the actions decide and explain refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.access import changeable, scope_for, visible
from hub.hours.models import STAR_THRESHOLDS, HourEntry
from hub.hours.queries import issuer_choices, totals_branches, totals_organizations
from hub.people.models import Branch, Organization, Person
from hub.volunteering.models import Post

HOURS: dict[str, Any] = {
    "min_value": Decimal(0),
    "max_value": Decimal(24),
    "max_digits": 5,
    "decimal_places": 2,
    "error_messages": {
        "invalid": _("Enter the hours as a number, e.g. 2.5."),
        "max_value": _("One entry cannot hold more than 24 hours."),
        "min_value": _("Hours cannot be negative."),
        "max_decimal_places": _("Use at most two decimals."),
    },
}


def _person_label(obj: Any) -> str:
    return f"{obj.masked_name} ({obj.masked_phone})"


class DateInput(forms.DateInput):
    input_type = "date"


class RecordEntryForm(forms.Form):
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.none())
    person = forms.ModelChoiceField(
        label=_("Volunteer"),
        queryset=Person.objects.none(),
        help_text=_("People you manage, and people who signed up for your posts."),
    )
    served_on = forms.DateField(label=_("Date of service"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("Hours on site"),
        help_text=_("Actual service time; travel is never counted. Rounded by your policy."),
        **HOURS,
    )
    content = forms.CharField(label=_("Content of service"), max_length=300, required=False)
    evaluation = forms.CharField(label=_("Evaluation"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posts = changeable(user, Post.objects.select_related("organization")).order_by("name")
        cast(forms.ModelChoiceField, self.fields["post"]).queryset = posts
        people = visible(user, Person.objects.all()).order_by("name", "id")
        field = cast(forms.ModelChoiceField, self.fields["person"])
        field.queryset = people
        field.label_from_instance = _person_label  # type: ignore[method-assign,assignment]


class CorrectEntryForm(forms.Form):
    hours = forms.DecimalField(label=_("Corrected hours"), **HOURS)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={"required": _("Give the reason for the correction.")},
    )


class RequestCorrectionForm(forms.Form):
    proposed_hours = forms.DecimalField(label=_("The hours I served"), **HOURS)
    reason = forms.CharField(
        label=_("What is wrong"),
        max_length=300,
        error_messages={"required": _("Tell the organizer why the record is wrong.")},
    )


class DecideCorrectionForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Note to the volunteer"), max_length=300, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput, required=False)
    end = forms.DateField(label=_("To"), widget=DateInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


class TotalsForm(PeriodForm):
    organization = forms.ModelChoiceField(
        label=_("Recorded by"), queryset=Organization.objects.none(), required=False
    )
    branch = forms.ModelChoiceField(
        label=_("Branch (with sub-branches)"), queryset=Branch.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = totals_organizations(user).order_by("name")
        branches = totals_branches(user).order_by("organization__name", "name")
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = orgs
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches


class StarReviewForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    organization = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label=_("Star level"),
        coerce=int,
        choices=[(lvl, f"{lvl}★ ({hours} h)") for lvl, hours in STAR_THRESHOLDS],
    )
    notice_days = forms.IntegerField(
        label=_("Public notice (days)"),
        initial=7,
        min_value=1,
        max_value=60,
        error_messages={
            "min_value": _("The public notice lasts 1 to 60 days."),
            "max_value": _("The public notice lasts 1 to 60 days."),
        },
    )


class ExportForm(PeriodForm):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    unmasked = forms.BooleanField(
        label=_("Full names and ID numbers"),
        required=False,
        widget=forms.CheckboxInput(attrs={"style": "width:28px;height:28px;min-height:28px"}),
        help_text=_("Needs a second admin's approval; every download is logged."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].required = True
        self.fields["end"].required = True
        scope = scope_for(user)
        orgs = Organization.objects.all()
        if not scope.is_superuser:
            orgs = orgs.filter(id__in=scope.admin_org_ids)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = orgs.order_by("name")
        if orgs.count() == 1:
            field.initial = orgs.first()


# Certificates ---------------------------------------------------------------------------------
# Browsers' date pickers read and write ISO dates whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CertificatePeriodForm(forms.Form):
    issuer = forms.ModelChoiceField(
        label=_("Issuing organization"), queryset=Organization.objects.none()
    )
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        issuers = issuer_choices(user)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        only = list(issuers[:2])
        if len(only) == 1:
            self.fields["issuer"].initial = only[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The period must end on or after the day it starts."))
        return data


class CertificateBatchForm(CertificatePeriodForm):
    everyone = forms.BooleanField(
        label=_("Everyone with confirmed hours in the period"),
        required=False,
        initial=True,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Or only these volunteers"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        managed = visible(
            user,
            HourEntry.objects.filter(
                organization__in=issuer_choices(user),
                kind=HourEntry.Kind.VOLUNTEER,
                status=HourEntry.Status.CONFIRMED,
            ),
        )
        self.fields["people"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=managed.values("person_id")
        ).order_by("name", "pk")
        self.fields["people"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("everyone") and not data.get("people"):
            self.add_error("people", _("Choose volunteers, or tick “everyone”."))
        return data


class CertificateRequestForm(CertificatePeriodForm):
    person = forms.ModelChoiceField(label=_("Volunteer"), queryset=Person.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        managed = visible(user, HourEntry.objects.filter(organization__in=issuer_choices(user)))
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=managed.values("person_id")
        ).order_by("name", "pk")
        self.fields["person"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]

"""Forms for posts, shifts and drives: field shapes only; the actions decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hub.access import changeable, scope_for, visible
from hub.people.models import Branch, Organization, Person, Skill
from hub.places.models import Compound
from hub.volunteering.models import Post, Shift

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ShiftChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        from hub.volunteering.eligibility import describe_shift

        return f"{obj.post.name} · {describe_shift(obj)} · {obj.taken}/{obj.capacity}"


def organizations_for(user: Any) -> Any:
    """Organizations in which the user holds a role (the only ones they may organize for)."""
    scope = scope_for(user)
    orgs = Organization.objects.order_by("name")
    return orgs if scope.is_superuser else orgs.filter(pk__in=scope.org_ids)


def _choose_organization(form: forms.Form, user: Any) -> None:
    """Offer the user's organizations, preselecting the only one when there is one."""
    orgs = list(organizations_for(user))
    field = form.fields["organization"]
    field.queryset = Organization.objects.filter(pk__in=[o.pk for o in orgs])  # type: ignore[attr-defined]
    if len(orgs) == 1:
        field.initial = orgs[0].pk


class PostForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organizing organization"),
        queryset=Organization.objects.none(),
        help_text=_("Only this organization records and certifies the service hours."),
    )
    name = forms.CharField(label=_("Name of the post"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices)
    site = forms.CharField(label=_("Place"), max_length=200)
    content = forms.CharField(
        label=_("Content of service"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    branch = forms.ModelChoiceField(
        label=_("Organizing branch"), queryset=Branch.objects.none(), required=False
    )
    compound = forms.ModelChoiceField(
        label=_("Inside compound"),
        queryset=Compound.objects.none(),
        required=False,
        help_text=_("Set when the post is inside a compound."),
    )
    required_skills = forms.ModelMultipleChoiceField(
        label=_("Required skills"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=120)
    residents_only = forms.BooleanField(label=_("Residents of the compound only"), required=False)
    political_statuses = forms.MultipleChoiceField(
        label=_("Political status required"),
        choices=Person.PoliticalStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to accept anyone."),
    )
    requires_health_declaration = forms.BooleanField(
        label=_("Health declaration required"), required=False
    )
    risk = forms.ChoiceField(label=_("Risk level"), choices=Post.Risk.choices)
    requires_insurance = forms.BooleanField(label=_("Insurance required"), required=False)
    insurance_policy = forms.CharField(
        label=_("Insurance policy number"), max_length=80, required=False
    )
    insured_from = forms.DateField(label=_("Insured from"), required=False, widget=DATE)
    insured_until = forms.DateField(label=_("Insured until"), required=False, widget=DATE)
    training_topic = forms.CharField(
        label=_("Training required"),
        max_length=80,
        required=False,
        help_text=_("Empty: no training needed."),
    )

    def __init__(self, *args: Any, user: Any, post: Post | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = visible(  # type: ignore[attr-defined]
            user, Branch.objects.select_related("organization")
        ).order_by("organization__name", "name")
        self.fields["compound"].queryset = visible(  # type: ignore[attr-defined]
            user, Compound.objects.all()
        ).order_by("name")
        if post is None:
            _choose_organization(self, user)
        else:
            # The organizing organization of an existing post never changes.
            del self.fields["organization"]


def post_initial(post: Post) -> dict[str, Any]:
    return {
        **{name: getattr(post, name) for name in PostForm.base_fields if hasattr(post, name)},
        "branch": post.branch_id,
        "compound": post.compound_id,
        "required_skills": list(post.required_skills.values_list("pk", flat=True)),
    }


class ShiftForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    capacity = forms.IntegerField(
        label=pgettext_lazy("shift capacity", "Places"), min_value=1, max_value=10000, initial=10
    )
    min_staff = forms.IntegerField(label=_("Minimum staff"), min_value=0, initial=1)
    waitlist_size = forms.IntegerField(
        label=_("Wait-list places"),
        min_value=0,
        initial=0,
        help_text=_("People who sign up when the shift is full wait here, oldest first."),
    )
    needs_team_lead = forms.BooleanField(label=_("Needs a team lead"), required=False)
    days = forms.IntegerField(
        label=_("Repeat for days"),
        min_value=1,
        max_value=62,
        initial=1,
        help_text=_("The same shift every day, e.g. for each day of a closure round."),
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=pgettext_lazy("shift capacity", "Places"), min_value=1, max_value=10000
    )
    waitlist_size = forms.IntegerField(label=_("Wait-list places"), min_value=0, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class DriveForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Recruiting organization"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    requires_approval = forms.BooleanField(
        label=_("A coordinator approves each sign-up"), required=False, initial=True
    )
    shifts = ShiftChoiceField(
        label=_("Shifts"),
        queryset=Shift.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Open to members of"),
        queryset=Branch.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sub-branches are included when the drive is published."),
    )
    compounds = forms.ModelMultipleChoiceField(
        label=_("Open to residents of"),
        queryset=Compound.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(label=_("Open to anyone with the link"), required=False)

    def __init__(
        self,
        *args: Any,
        user: Any,
        editing: bool = False,
        planned: list[Shift] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.planned = list(planned or [])  # the drive's shifts already (or about to be) in it
        self.warnings: list[str] = []
        now = timezone.now()
        self.fields["shifts"].queryset = (  # type: ignore[attr-defined]
            changeable(user, Shift.objects.select_related("post"))
            .filter(Q(status=Shift.Status.OPEN) & Q(starts_at__gt=now))
            .order_by("starts_at", "pk")
        )
        self.fields["branches"].queryset = visible(  # type: ignore[attr-defined]
            user, Branch.objects.all()
        ).order_by("name")
        self.fields["compounds"].queryset = visible(  # type: ignore[attr-defined]
            user, Compound.objects.all()
        ).order_by("name")
        if editing:
            del self.fields["organization"]
            self.fields["shifts"].label = _("Add shifts")
        else:
            _choose_organization(self, user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        from hub.volunteering.eligibility import sealed_pool_warnings

        shifts = self.planned + list(data.get("shifts") or [])
        self.warnings = sealed_pool_warnings(shifts, list(data.get("compounds") or []))
        return data


def accepts_warnings(form: Any, post: Any) -> bool:
    """A form with warnings is saved only once the user pressed "save anyway"."""
    return not getattr(form, "warnings", None) or post.get("accept_warnings") == "1"


# The drive wizard (three short steps, answers kept in the session) ---------------------------
class LaunchPostForm(forms.Form):
    """Step 1: an existing post the user manages, or the few facts of a new one."""

    post = forms.ModelChoiceField(
        label=_("Use a post you already have"),
        queryset=Post.objects.none(),
        required=False,
        empty_label=_("— a new post —"),
    )
    organization = forms.ModelChoiceField(
        label=_("Organizing organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Only this organization records and certifies the service hours."),
    )
    name = forms.CharField(label=_("Name of the post"), max_length=120, required=False)
    site = forms.CharField(label=_("Place"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Post.Kind.choices, initial=Post.Kind.VOLUNTEER, required=False
    )
    branch = forms.ModelChoiceField(
        label=_("Organizing branch"), queryset=Branch.objects.none(), required=False
    )
    compound = forms.ModelChoiceField(
        label=_("Inside compound"),
        queryset=Compound.objects.none(),
        required=False,
        help_text=_("Set when the post is inside a compound."),
    )
    NEW_POST = ("organization", "name", "site", "kind", "branch", "compound")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = (  # type: ignore[attr-defined]
            changeable(user, Post.objects.select_related("organization")).order_by("name", "pk")
        )
        self.fields["branch"].queryset = visible(  # type: ignore[attr-defined]
            user, Branch.objects.select_related("organization")
        ).order_by("organization__name", "name")
        self.fields["compound"].queryset = visible(  # type: ignore[attr-defined]
            user, Compound.objects.all()
        ).order_by("name")
        _choose_organization(self, user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("post") is None:
            for name in ("organization", "name", "site"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a new post (or choose one you have)."))
        return data

    def new_post(self) -> dict[str, Any] | None:
        """The values of the new post, or None when an existing one was chosen."""
        data = self.cleaned_data
        if data.get("post") is not None:
            return None
        values = {name: data.get(name) for name in self.NEW_POST}
        values["kind"] = values["kind"] or Post.Kind.VOLUNTEER
        return values

    def planned_post(self) -> Post:
        """The chosen post, or the new one unsaved (for the last step's warnings)."""
        chosen = self.cleaned_data.get("post")
        if chosen is not None:
            return chosen
        values = self.new_post() or {}
        return Post(name=values["name"], site=values["site"], compound=values.get("compound"))


class LaunchDriveForm(DriveForm):
    """Step 3: who the drive is for, its title, and whether to publish it at once."""

    publish = forms.BooleanField(
        label=_("Publish now and tell the people it is open to"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, editing=True, **kwargs)
        del self.fields["shifts"]

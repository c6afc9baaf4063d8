"""Forms of the notification settings page: a group robot, an SMS or email route."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.notify.models import Channel, ChannelRoute, Topic
from hub.people.models import Branch, Organization
from hub.places.models import Building, Compound


def scope_choices(organization: Organization) -> list[tuple[str, str]]:
    """ "" (the whole organization), then its branches, compounds and buildings."""
    choices: list[tuple[str, str]] = [("", str(_("The whole organization")))]
    for branch in Branch.objects.filter(organization=organization).order_by("name"):
        choices.append((f"branch:{branch.pk}", str(branch)))
    for compound in Compound.objects.filter(organization=organization).order_by("name"):
        choices.append((f"compound:{compound.pk}", str(compound)))
    buildings = Building.objects.filter(compound__organization=organization).select_related(
        "compound"
    )
    for building in buildings.order_by("compound__name", "name"):
        choices.append((f"building:{building.pk}", f"{building.compound} {building}"))
    return choices


class _ScopedForm(forms.Form):
    scope = forms.ChoiceField(label=_("For"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Kinds of message"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind of message."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        scope_field = self.fields["scope"]
        assert isinstance(scope_field, forms.ChoiceField)
        scope_field.choices = scope_choices(organization)

    def scope_kwargs(self) -> dict[str, Any]:
        """``branch=`` / ``compound=`` / ``building=`` for the action, from the chosen scope."""
        value = self.cleaned_data.get("scope") or ""
        if not value:
            return {}
        kind, _sep, pk = value.partition(":")
        models: dict[str, Any] = {"branch": Branch, "compound": Compound, "building": Building}
        return {kind: models[kind]._default_manager.get(pk=int(pk))}


class RobotForm(_ScopedForm):
    kind = forms.ChoiceField(label=_("Robot"), choices=Channel.Kind.choices)
    url = forms.CharField(
        label=_("Webhook address"),
        max_length=500,
        help_text=_("Copy it from the group's robot settings (it starts with https://)."),
    )
    secret = forms.CharField(
        label=_("Signing secret (加签)"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Only if the robot was set up with one (DingTalk, Feishu)."),
    )
    audience = forms.ChoiceField(
        label=_("Messages"),
        choices=ChannelRoute.Audience.choices,
        initial=ChannelRoute.Audience.GROUP,
        help_text=_(
            "A group chat: messages for the whole place or branch. One person: each member's "
            "own messages are posted in the group."
        ),
    )

    field_order = ["kind", "url", "secret", "scope", "audience", "topics"]


class PersonRouteForm(_ScopedForm):
    medium = forms.ChoiceField(
        label=_("Send to each person by"),
        choices=[
            (ChannelRoute.Medium.SMS, _("SMS")),
            (ChannelRoute.Medium.EMAIL, _("Email")),
        ],
    )

    field_order = ["medium", "scope", "topics"]

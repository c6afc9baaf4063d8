"""API of roster runs: creating and solving them, their results and cells, publishing (thin
doors onto queries and actions). Registered on the shared /api/v1/ router by hub/api/urls.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, changeable, get_visible, visible
from hub.api.base import ScopedReadOnlyViewSet
from hub.errors import DomainError
from hub.people.models import Branch, Person
from hub.places.models import Compound
from hub.rosters.actions import (
    PublishRefused,
    Wish,
    create_and_start_run,
    propose_repair,
    publish_repair,
    publish_run,
    start_roster_run,
)
from hub.rosters.forms import people_of
from hub.rosters.models import RosterCell, RosterRun, RosterWish
from hub.volunteering.models import Shift

urlpatterns: list = []


class RosterCellSerializer(serializers.ModelSerializer):
    class Meta:
        model = RosterCell
        fields = ["shift", "person", "locked", "source"]
        read_only_fields = fields


class RosterRunSerializer(serializers.ModelSerializer):
    # Plain strings: their choice sets would collide with other apps' "kind"/"status" enums.
    kind = serializers.CharField(read_only=True, help_text="volunteer | duty")
    status = serializers.CharField(
        read_only=True, help_text="draft | queued | solved | failed | published"
    )

    class Meta:
        model = RosterRun
        fields = [
            "id",
            "organization",
            "branch",
            "compound",
            "title",
            "kind",
            "period_start",
            "period_end",
            "status",
            "job",
            "version",
            "published_at",
            "created_at",
        ]
        read_only_fields = fields


class RosterWishSerializer(serializers.ModelSerializer):
    class Meta:
        model = RosterWish
        fields = ["person", "wanted", "shift", "day"]
        read_only_fields = fields


class RosterRunDetailSerializer(RosterRunSerializer):
    cells = RosterCellSerializer(many=True, read_only=True)
    wishes = RosterWishSerializer(many=True, read_only=True)
    result = serializers.JSONField(read_only=True)
    proposal = serializers.JSONField(read_only=True)
    rules = serializers.JSONField(read_only=True)
    weights = serializers.JSONField(read_only=True)

    class Meta(RosterRunSerializer.Meta):
        fields = [
            *RosterRunSerializer.Meta.fields,
            "rules",
            "weights",
            "result",
            "proposal",
            "cells",
            "wishes",
        ]
        read_only_fields = fields


class RosterRulesSerializer(serializers.Serializer):
    min_rest_hours = serializers.IntegerField(min_value=0, max_value=48, required=False)
    max_shifts_per_day = serializers.IntegerField(min_value=1, max_value=3, required=False)
    max_hours_per_week = serializers.IntegerField(
        min_value=1, max_value=84, required=False, allow_null=True
    )
    max_consecutive_days = serializers.IntegerField(
        min_value=1, max_value=31, required=False, allow_null=True
    )


class RosterWeightsSerializer(serializers.Serializer):
    understaffed = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    overstaffed = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    fair_load = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    continuity = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    change = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    wishes = serializers.IntegerField(min_value=0, max_value=1000, required=False)


class RosterWishInSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="One of the run's people.")
    wanted = serializers.BooleanField(help_text="true: would like to; false: would rather not.")
    shift = serializers.IntegerField(required=False, allow_null=True)
    day = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("shift") is None) == (attrs.get("day") is None):
            raise serializers.ValidationError(
                gettext_lazy("A wish names either one shift or one day.")
            )
        return attrs


class RosterRunCreateSerializer(serializers.Serializer):
    """A new run: the shifts of a period, the people (members of branches, residents of
    compounds, or by id), rules, weights and wishes."""

    title = serializers.CharField(max_length=160)
    kind = serializers.ChoiceField(choices=RosterRun.Kind.values, help_text="volunteer | duty")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    shifts = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=2000)
    branches = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    compounds = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    people = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    rules = RosterRulesSerializer(required=False)
    weights = RosterWeightsSerializer(required=False)
    wishes = RosterWishInSerializer(many=True, required=False, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs["branches"] or attrs["compounds"] or attrs["people"]):
            raise serializers.ValidationError(
                {"people": gettext_lazy("Choose the people: a branch, a compound or people by id.")}
            )
        return attrs


class PublishRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    failures = serializers.ListField(child=serializers.DictField())


class RosterRunViewSet(ScopedReadOnlyViewSet[RosterRun]):
    """Roster runs the user may see; the detail carries the result, explanations and cells."""

    base_queryset = RosterRun.objects.prefetch_related("cells", "wishes").order_by(
        "-period_start", "-id"
    )

    def get_serializer_class(self) -> Any:
        return RosterRunSerializer if self.action == "list" else RosterRunDetailSerializer

    def _done(self, run: RosterRun) -> Response:
        run = RosterRun.objects.prefetch_related("cells", "wishes").get(pk=run.pk)
        return Response(RosterRunDetailSerializer(run).data)

    @extend_schema(
        request=RosterRunCreateSerializer,
        responses={201: RosterRunDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        """Create a run over shifts you manage and queue its solve; poll the run for the result.

        400 for invalid input (the message says which field), 403 when a shift is not one you
        manage (also for an unknown id: nothing leaks), 404 for a branch, compound or person
        you cannot see.
        """
        data = RosterRunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        shifts = _managed_shifts(request.user, values["shifts"])
        people = _people(request.user, values)
        run = create_and_start_run(
            by=acting_user(request),
            title=values["title"],
            kind=values["kind"],
            period_start=values["period_start"],
            period_end=values["period_end"],
            shifts=shifts,
            people=people,
            rules=values.get("rules") or {},
            weights=values.get("weights") or {},
            wishes=_wishes(values["wishes"], shifts, people),
        )
        response = self._done(run)
        response.status_code = status.HTTP_201_CREATED
        return response

    def _refused(self, exc: PublishRefused) -> Response:
        return Response(
            {"detail": exc.message, "code": exc.code, "failures": exc.failures},
            status=status.HTTP_400_BAD_REQUEST,
        )

    @extend_schema(request=None, responses={202: RosterRunDetailSerializer})
    @action(detail=True, methods=["post"])
    def solve(self, request: Request, pk: str | None = None) -> Response:
        """Queue the solve as a background job; poll the run (or its job) for the result."""
        run = self.get_changeable_object()
        start_roster_run(by=acting_user(request), run=run)
        response = self._done(run)
        response.status_code = status.HTTP_202_ACCEPTED
        return response

    @extend_schema(
        request=None, responses={200: RosterRunDetailSerializer, 400: PublishRefusedSerializer}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish all places as approved sign-ups, or nothing (400 lists every refusal)."""
        run = self.get_changeable_object()
        try:
            run = publish_run(by=acting_user(request), run=run)
        except PublishRefused as exc:
            return self._refused(exc)
        return self._done(run)

    @extend_schema(request=None, responses={200: RosterRunDetailSerializer})
    @action(detail=True, methods=["post"])
    def repair(self, request: Request, pk: str | None = None) -> Response:
        """Propose the fewest changes that refill a published roster's holes."""
        run = propose_repair(by=acting_user(request), run=self.get_changeable_object())
        return self._done(run)

    @extend_schema(
        request=None, responses={200: RosterRunDetailSerializer, 400: PublishRefusedSerializer}
    )
    @action(detail=True, methods=["post"], url_path="repair/publish")
    def repair_publish(self, request: Request, pk: str | None = None) -> Response:
        """Apply the stored repair proposal, all or nothing."""
        run = self.get_changeable_object()
        try:
            run = publish_repair(by=acting_user(request), run=run)
        except PublishRefused as exc:
            return self._refused(exc)
        return self._done(run)


def _managed_shifts(user: Any, ids: list[int]) -> list[Shift]:
    """The shifts by id, all of which the user must manage; 403 otherwise (unknown ids too)."""
    wanted = set(ids)
    shifts = list(changeable(user, Shift.objects.filter(pk__in=wanted)).order_by("pk"))
    if len(shifts) != len(wanted):
        raise PermissionDenied(_("You may only roster shifts you manage."))
    return shifts


def _people(user: Any, values: dict[str, Any]) -> list[Person]:
    """Members of the branches, residents of the compounds and the people by id; 404 for any
    of them the user cannot see."""
    branches = [get_visible(user, Branch.objects.all(), pk=pk) for pk in values["branches"]]
    compounds = [get_visible(user, Compound.objects.all(), pk=pk) for pk in values["compounds"]]
    chosen = set(values["people"])
    by_id = list(visible(user, Person.objects.filter(pk__in=chosen)))
    if len(by_id) != len(chosen):
        raise Http404(_("Some of these people are unknown."))
    found = {p.pk: p for p in people_of(user, branches, compounds)} if branches or compounds else {}
    found.update({p.pk: p for p in by_id})
    return [found[pk] for pk in sorted(found)]


def _wishes(rows: list[dict[str, Any]], shifts: list[Shift], people: list[Person]) -> list[Wish]:
    """The wishes with their person and shift among the run's own; 400 otherwise."""
    shift_by_id = {s.pk: s for s in shifts}
    person_by_id = {p.pk: p for p in people}
    out = []
    for n, row in enumerate(rows, start=1):
        person = person_by_id.get(row["person"])
        shift = shift_by_id.get(row["shift"]) if row.get("shift") is not None else None
        if person is None:
            raise DomainError(
                _("Wish %(n)d: the person is not one of the roster's people.") % {"n": n},
                code="wish",
                field="wishes",
            )
        if row.get("shift") is not None and shift is None:
            raise DomainError(
                _("Wish %(n)d: the shift is not one of the roster's shifts.") % {"n": n},
                code="wish",
                field="wishes",
            )
        out.append(Wish(person=person, wanted=row["wanted"], shift=shift, day=row.get("day")))
    return out


def register(router: Any) -> None:
    router.register("roster-runs", RosterRunViewSet, basename="roster-run")

"""API of posts, shifts, recruitment drives and sign-ups: thin doors onto queries and actions.

Registered on the shared /api/v1/ router by hub/api/urls.py. Same access rules as the pages:
lists are scoped to what the user may see, objects outside it answer 404, decisions need the
right to change the object (403 when visible but not changeable). Refusals of actions are 400
with their stable ``code``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, visible
from hub.api.base import ScopedViewSetMixin, query_id
from hub.people.models import Branch, Organization, Person, Skill
from hub.places.models import Compound
from hub.volunteering.actions.posts import (
    cancel_shift,
    create_post,
    create_shift,
    create_shift_series,
    set_shift_capacity,
)
from hub.volunteering.actions.signups import (
    approve_signup,
    close_drive,
    create_drive,
    decline_signup,
    publish_drive,
    sign_up,
    waitlist_signup,
    withdraw_signup,
)
from hub.volunteering.models import Drive, Post, Shift, SignUp

urlpatterns: list = []


# Serializers ---------------------------------------------------------------------------------
class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = [
            "id",
            "organization",
            "branch",
            "name",
            "kind",
            "site",
            "content",
            "compound",
            "required_skills",
            "min_age",
            "max_age",
            "residents_only",
            "political_statuses",
            "requires_health_declaration",
            "risk",
            "requires_insurance",
            "insurance_policy",
            "insured_from",
            "insured_until",
            "training_topic",
            "lead",
        ]
        read_only_fields = fields


class PostWriteSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    name = serializers.CharField(max_length=120)
    site = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Post.Kind.choices, default=Post.Kind.VOLUNTEER)
    branch = serializers.PrimaryKeyRelatedField(
        queryset=Branch.objects.all(), required=False, allow_null=True
    )
    compound = serializers.PrimaryKeyRelatedField(
        queryset=Compound.objects.all(), required=False, allow_null=True
    )
    content = serializers.CharField(required=False, allow_blank=True, default="")
    required_skills = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.all(), many=True, required=False
    )
    min_age = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    max_age = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    residents_only = serializers.BooleanField(required=False, default=False)
    political_statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=Person.PoliticalStatus.choices),
        required=False,
        default=list,
    )
    requires_health_declaration = serializers.BooleanField(required=False, default=False)
    risk = serializers.ChoiceField(choices=Post.Risk.choices, default=Post.Risk.LOW)
    requires_insurance = serializers.BooleanField(required=False, default=False)
    insurance_policy = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default=""
    )
    insured_from = serializers.DateField(required=False, allow_null=True)
    insured_until = serializers.DateField(required=False, allow_null=True)
    training_topic = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default=""
    )
    lead = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )


class ShiftSerializer(serializers.ModelSerializer):
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Shift
        fields = [
            "id",
            "post",
            "starts_at",
            "ends_at",
            "min_staff",
            "capacity",
            "taken",
            "places_left",
            "waitlist_size",
            "needs_team_lead",
            "series",
            "status",
        ]
        read_only_fields = fields


class ShiftWriteSerializer(serializers.Serializer):
    post = serializers.PrimaryKeyRelatedField(queryset=Post.objects.all())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1)
    min_staff = serializers.IntegerField(min_value=0, default=1)
    waitlist_size = serializers.IntegerField(min_value=0, default=0)
    needs_team_lead = serializers.BooleanField(default=False)
    days = serializers.IntegerField(
        min_value=1, default=1, help_text="More than 1: the same shift every day (a series)."
    )


class CapacitySerializer(serializers.Serializer):
    capacity = serializers.IntegerField(min_value=1)
    waitlist_size = serializers.IntegerField(min_value=0, required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DriveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Drive
        fields = [
            "id",
            "organization",
            "title",
            "description",
            "shifts",
            "branches",
            "compounds",
            "is_public",
            "requires_approval",
            "status",
            "published_at",
        ]
        read_only_fields = fields


class DriveWriteSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    requires_approval = serializers.BooleanField(default=True)
    shifts = serializers.PrimaryKeyRelatedField(
        queryset=Shift.objects.all(), many=True, required=False
    )
    branches = serializers.PrimaryKeyRelatedField(
        queryset=Branch.objects.all(), many=True, required=False
    )
    compounds = serializers.PrimaryKeyRelatedField(
        queryset=Compound.objects.all(), many=True, required=False
    )
    is_public = serializers.BooleanField(default=False)


class SignUpSerializer(serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField()

    class Meta:
        model = SignUp
        fields = [
            "id",
            "shift",
            "person",
            "person_name",
            "drive",
            "status",
            "note",
            "reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_person_name(self, obj: SignUp) -> str:
        """The masked name (张*): full names stay on the people pages."""
        return str(obj.person)


class SignUpWriteSerializer(serializers.Serializer):
    shift = serializers.IntegerField()
    drive = serializers.IntegerField(required=False, allow_null=True)
    token = serializers.CharField(
        required=False, allow_blank=True, help_text="The token of a drive's public link."
    )
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="Someone else to sign up (coordinators only); default yourself.",
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# Viewsets ------------------------------------------------------------------------------------
class _ScopedList(ScopedViewSetMixin[Any], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    pass


class PostViewSet(_ScopedList, viewsets.GenericViewSet):
    base_queryset = Post.objects.prefetch_related("required_skills").order_by("name", "pk")
    serializer_class = PostSerializer

    @extend_schema(request=PostWriteSerializer, responses={201: PostSerializer})
    def create(self, request: Request) -> Response:
        data = PostWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        post = create_post(by=acting_user(request), **values)
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)


class ShiftViewSet(_ScopedList, viewsets.GenericViewSet):
    base_queryset = Shift.objects.order_by("starts_at", "pk")
    serializer_class = ShiftSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        post = query_id(self.request, "post")
        if post is not None:
            queryset = queryset.filter(post_id=post)
        return queryset

    @extend_schema(parameters=[OpenApiParameter("post", int, description="Only this post")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ShiftWriteSerializer, responses={201: ShiftSerializer(many=True)})
    def create(self, request: Request) -> Response:
        """Create one shift, or a series (``days`` > 1) sharing one ``series`` id."""
        data = ShiftWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        common = {
            "by": acting_user(request),
            "post": v["post"],
            "capacity": v["capacity"],
            "min_staff": v["min_staff"],
            "waitlist_size": v["waitlist_size"],
            "needs_team_lead": v["needs_team_lead"],
        }
        if v["days"] > 1:
            shifts = create_shift_series(
                first_starts_at=v["starts_at"],
                first_ends_at=v["ends_at"],
                days=v["days"],
                **common,
            )
        else:
            shifts = [create_shift(starts_at=v["starts_at"], ends_at=v["ends_at"], **common)]
        return Response(ShiftSerializer(shifts, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CapacitySerializer, responses={200: ShiftSerializer})
    @action(detail=True, methods=["post"])
    def capacity(self, request: Request, pk: str | None = None) -> Response:
        """Change the places (never below those already held: code ``below_taken``)."""
        shift = self.get_changeable_object()
        data = CapacitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shift = set_shift_capacity(
            by=acting_user(request),
            shift=shift,
            capacity=data.validated_data["capacity"],
            waitlist_size=data.validated_data.get("waitlist_size"),
        )
        return Response(ShiftSerializer(shift).data)

    @extend_schema(request=ReasonSerializer, responses={200: ShiftSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the shift: all places are freed and everyone signed up is told."""
        shift = self.get_changeable_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shift = cancel_shift(
            by=acting_user(request), shift=shift, reason=data.validated_data["reason"]
        )
        return Response(ShiftSerializer(shift).data)


class DriveViewSet(_ScopedList, viewsets.GenericViewSet):
    base_queryset = Drive.objects.prefetch_related("shifts", "branches", "compounds").order_by(
        "-created_at", "-pk"
    )
    serializer_class = DriveSerializer

    @extend_schema(request=DriveWriteSerializer, responses={201: DriveSerializer})
    def create(self, request: Request) -> Response:
        """Create a draft drive with its shifts and pool."""
        data = DriveWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        drive = create_drive(by=acting_user(request), **dict(data.validated_data))
        return Response(DriveSerializer(drive).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DriveSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish the drive and tell everyone in its pool (once per person)."""
        drive = publish_drive(by=acting_user(request), drive=self.get_changeable_object())
        return Response(DriveSerializer(drive).data)

    @extend_schema(request=None, responses={200: DriveSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the drive: no more sign-ups through it."""
        drive = close_drive(by=acting_user(request), drive=self.get_changeable_object())
        return Response(DriveSerializer(drive).data)


class SignUpViewSet(_ScopedList, viewsets.GenericViewSet):
    base_queryset = SignUp.objects.select_related("person").order_by("-created_at", "-pk")
    serializer_class = SignUpSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        shift = query_id(self.request, "shift")
        if shift is not None:
            queryset = queryset.filter(shift_id=shift)
        return queryset

    @extend_schema(parameters=[OpenApiParameter("shift", int, description="Only this shift")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _drive_and_shift(
        self, request: Request, data: dict[str, Any]
    ) -> tuple[Drive | None, Shift]:
        # Ids in a body that the user may not see read like missing ones (400, never 404).
        drive = None
        if data.get("token"):
            drive = Drive.objects.filter(
                public_token=data["token"], is_public=True, status=Drive.Status.PUBLISHED
            ).first()
            if drive is None:
                raise ValidationError({"token": [_("No open recruitment drive has this link.")]})
        elif data.get("drive"):
            drive = visible(request.user, Drive.objects.all()).filter(pk=data["drive"]).first()
            if drive is None:
                raise ValidationError({"drive": [_("No such recruitment drive.")]})
        if drive is not None:
            shift = drive.shifts.filter(pk=data["shift"]).first()
            if shift is None:
                raise ValidationError(
                    {"shift": [_("This shift is not part of this recruitment drive.")]}
                )
        else:
            shift = visible(request.user, Shift.objects.all()).filter(pk=data["shift"]).first()
            if shift is None:
                raise ValidationError({"shift": [_("No such shift.")]})
        return drive, shift

    @extend_schema(request=SignUpWriteSerializer, responses={201: SignUpSerializer})
    def create(self, request: Request) -> Response:
        """Sign up (请战): yourself by default, or someone in your scope (coordinators).

        Refusals are 400 with a plain-words ``detail`` and a stable ``code`` (full, age, …).
        """
        data = SignUpWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        drive, shift = self._drive_and_shift(request, values)
        signup = sign_up(
            by=acting_user(request),
            shift=shift,
            person=values.get("person"),
            drive=drive,
            note=values.get("note", ""),
        )
        return Response(SignUpSerializer(signup).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        signup = approve_signup(by=acting_user(request), signup=self.get_changeable_object())
        return Response(SignUpSerializer(signup).data)

    @extend_schema(request=ReasonSerializer, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """Decline with a reason the person reads; a held place goes to the wait list."""
        signup = self.get_changeable_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signup = decline_signup(
            by=acting_user(request), signup=signup, reason=data.validated_data["reason"]
        )
        return Response(SignUpSerializer(signup).data)

    @extend_schema(request=None, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def waitlist(self, request: Request, pk: str | None = None) -> Response:
        signup = waitlist_signup(by=acting_user(request), signup=self.get_changeable_object())
        return Response(SignUpSerializer(signup).data)

    @extend_schema(request=ReasonSerializer, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw: the person themself, or a coordinator; frees the place."""
        signup = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signup = withdraw_signup(
            by=acting_user(request), signup=signup, reason=data.validated_data["reason"]
        )
        return Response(SignUpSerializer(signup).data)


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("posts", PostViewSet, basename="vol-post")
    router.register("shifts", ShiftViewSet, basename="vol-shift")
    router.register("drives", DriveViewSet, basename="drive")
    router.register("signups", SignUpViewSet, basename="signup")

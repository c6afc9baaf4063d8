"""The volunteer's own endpoints: my shifts, my sign-ups, my hours (under /api/v1/me/…)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from hub.me import queries
from hub.volunteering.models import SignUp


class MyShiftSerializer(serializers.ModelSerializer):
    shift = serializers.IntegerField(source="shift.id")
    post = serializers.CharField(source="shift.post.name")
    site = serializers.CharField(source="shift.post.site")
    organization = serializers.CharField(source="shift.post.organization.name")
    starts_at = serializers.DateTimeField(source="shift.starts_at")
    ends_at = serializers.DateTimeField(source="shift.ends_at")
    shift_status = serializers.CharField(source="shift.status")

    class Meta:
        model = SignUp
        fields = [
            "id",
            "shift",
            "post",
            "site",
            "organization",
            "starts_at",
            "ends_at",
            "shift_status",
            "is_team_lead",
        ]


class MyShiftsSerializer(serializers.Serializer):
    upcoming = MyShiftSerializer(many=True)
    past = MyShiftSerializer(many=True)


class MySignUpSerializer(serializers.ModelSerializer):
    shift = serializers.IntegerField(source="shift.id")
    post = serializers.CharField(source="shift.post.name")
    site = serializers.CharField(source="shift.post.site")
    starts_at = serializers.DateTimeField(source="shift.starts_at")
    ends_at = serializers.DateTimeField(source="shift.ends_at")

    class Meta:
        model = SignUp
        fields = [
            "id",
            "shift",
            "post",
            "site",
            "starts_at",
            "ends_at",
            "status",
            "reason",
            "created_at",
        ]


class IssuerHoursSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.id")
    organization_name = serializers.CharField(source="organization.name")
    confirmed = serializers.DecimalField(max_digits=10, decimal_places=2)
    pending_entries = serializers.IntegerField()
    first_served = serializers.DateField(allow_null=True)
    last_served = serializers.DateField(allow_null=True)


class MonthActivitySerializer(serializers.Serializer):
    month = serializers.DateField()
    activity = serializers.CharField()
    hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    entries = serializers.IntegerField()


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    served_on = serializers.DateField()
    activity = serializers.CharField()
    entry_type = serializers.CharField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    reason = serializers.CharField()
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)


class MyHoursSerializer(serializers.Serializer):
    confirmed_total = serializers.DecimalField(max_digits=10, decimal_places=2)
    pending_total = serializers.DecimalField(max_digits=10, decimal_places=2)
    pending_entries = serializers.IntegerField()
    by_issuer = IssuerHoursSerializer(many=True)
    by_month = MonthActivitySerializer(many=True)
    corrections = CorrectionSerializer(many=True)


@extend_schema(responses=MyShiftsSerializer)
@api_view(["GET"])
def my_shifts(request: Request) -> Response:
    """My approved shifts, upcoming (soonest first) and past (latest first)."""
    upcoming, past = queries.my_shifts(request.user, now=timezone.now())
    return Response(MyShiftsSerializer({"upcoming": upcoming, "past": past}).data)


@extend_schema(responses=MySignUpSerializer(many=True))
@api_view(["GET"])
def my_signups(request: Request) -> Response:
    """All my sign-ups with their status and the reason of a refusal or decline."""
    return Response(MySignUpSerializer(queries.my_signups(request.user)[:200], many=True).data)


@extend_schema(responses=MyHoursSerializer)
@api_view(["GET"])
def my_hours(request: Request) -> Response:
    """My volunteer hours: confirmed and pending apart, per organizer, per month and activity."""
    return Response(MyHoursSerializer(queries.my_hours(request.user)).data)


urlpatterns = [
    path("me/shifts/", my_shifts, name="me-shifts"),
    path("me/signups/", my_signups, name="me-signups"),
    path("me/hours/", my_hours, name="me-hours"),
]


def register(router: Any) -> None:
    """No viewsets: the volunteer's endpoints are plain routes in ``urlpatterns``."""

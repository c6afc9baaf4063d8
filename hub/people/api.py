"""People endpoints: thin doors onto queries and actions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_visible
from hub.api.base import ScopedReadOnlyViewSet, ScopedViewSetMixin
from hub.people.actions import create_person, update_person
from hub.people.models import Branch, Organization, Person
from hub.people.queries import full_name_ids
from hub.people.serializers import (
    BranchSerializer,
    OrganizationSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    PersonWriteSerializer,
    RevealedSerializer,
    RevealSerializer,
)
from hub.privacy.actions import reveal_person_field
from hub.ratelimit.client import client_address


class OrganizationViewSet(ScopedReadOnlyViewSet[Organization]):
    base_queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer


class BranchViewSet(ScopedReadOnlyViewSet[Branch]):
    base_queryset = Branch.objects.all()
    serializer_class = BranchSerializer


class PersonViewSet(
    ScopedViewSetMixin[Person],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    base_queryset = Person.objects.prefetch_related("memberships__branch")
    serializer_class = PersonSerializer

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset()).order_by("name", "id")
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        data = PersonSerializer(
            rows, many=True, context={"full_names": full_name_ids(request.user, rows)}
        ).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        context = {"full_names": full_name_ids(request.user, [person])}
        return Response(PersonSerializer(person, context=context).data)

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def create(self, request: Request) -> Response:
        data = PersonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        branch = values.pop("branch", None)
        household_id = values.pop("household", None)
        household = None
        if household_id is not None:
            from hub.places.models import Household

            household = get_visible(request.user, Household.objects.all(), pk=household_id)
        if branch is not None:
            branch = get_visible(request.user, Branch.objects.all(), pk=branch.pk)
        person = create_person(
            by=acting_user(request), values=values, branch=branch, household=household
        )
        context = {"full_names": {person.pk}}
        return Response(
            PersonSerializer(person, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PersonUpdateSerializer, responses={200: PersonSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        data = PersonUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        person = self.get_changeable_object()
        person = update_person(
            by=acting_user(request), person=person, values=values, version=version
        )
        return Response(PersonSerializer(person, context={"full_names": {person.pk}}).data)

    @extend_schema(request=RevealSerializer, responses={200: RevealedSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str | None = None) -> Response:
        """Return one full value; the reveal is written to the access log."""
        data = RevealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = self.get_object()
        value = reveal_person_field(
            by=acting_user(request),
            person=person,
            field=data.validated_data["field"],
            reason=data.validated_data.get("reason", ""),
            ip_address=client_address(request) or None,
        )
        return Response({"field": data.validated_data["field"], "value": value})

"""Import endpoints: upload (multipart), read the report, apply."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_visible
from hub.api.base import ScopedViewSetMixin
from hub.imports import queries
from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.reasons import render
from hub.people.models import Branch
from hub.places.models import Compound


class ImportBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "status",
            "organization",
            "branch",
            "compound",
            "filename",
            "size",
            "row_count",
            "error_count",
            "errors",
            "preview",
            "columns",
            "warnings",
            "result",
            "job",
            "created_at",
            "applied_at",
        ]

    def to_representation(self, instance: ImportBatch) -> dict[str, Any]:
        """Errors (row 0: the file itself) and warnings worded in the request's language."""
        data = super().to_representation(instance)
        data["errors"] = [
            {
                "row": stored.get("row", 0),
                "column": stored.get("column", ""),
                "reason": render(stored),
                "code": stored.get("code", ""),
            }
            for stored in instance.errors
        ]
        data["warnings"] = [
            {**shown, "code": stored.get("code", "")}
            for shown, stored in zip(queries.warnings(instance), instance.warnings, strict=True)
        ]
        return data


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportBatch.Kind.choices)
    file = serializers.FileField()
    branch = serializers.IntegerField(required=False)
    compound = serializers.IntegerField(required=False)


class ImportBatchViewSet(
    ScopedViewSetMixin[ImportBatch],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    base_queryset = ImportBatch.objects.defer("content")
    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=UploadSerializer, responses={201: ImportBatchSerializer})
    def create(self, request: Request) -> Response:
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind = data.validated_data["kind"]
        branch = compound = None
        if kind == ImportBatch.Kind.RESIDENTS:
            if "compound" not in data.validated_data:
                raise serializers.ValidationError({"compound": "required for residents"})
            compound = get_visible(
                request.user, Compound.objects.all(), pk=data.validated_data["compound"]
            )
            organization = compound.organization
        else:
            if "branch" not in data.validated_data:
                raise serializers.ValidationError({"branch": "required for members"})
            branch = get_visible(
                request.user, Branch.objects.all(), pk=data.validated_data["branch"]
            )
            organization = branch.organization
        upload = data.validated_data["file"]
        batch = upload_import(
            by=acting_user(request),
            organization=organization,
            kind=kind,
            filename=upload.name[:200],
            content=upload.read(),
            branch=branch,
            compound=compound,
        )
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_changeable_object()
        batch = apply_import(by=acting_user(request), batch=batch, now=timezone.now())
        return Response(ImportBatchSerializer(batch).data)

from __future__ import annotations

from rest_framework import serializers

from hub.api.base import ScopedReadOnlyViewSet
from hub.jobs.models import Job


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "message",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]


class JobViewSet(ScopedReadOnlyViewSet[Job]):
    base_queryset = Job.objects.all()
    serializer_class = JobSerializer

from __future__ import annotations

from rest_framework import serializers

from hub.places.models import AreaStatus, Building, Compound, Household


class CompoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Compound
        fields = ["id", "organization", "name", "address", "district"]


class BuildingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Building
        fields = ["id", "compound", "name", "floors"]


class HouseholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = Household
        fields = ["id", "building", "room"]


class AreaStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = AreaStatus
        fields = [
            "id",
            "compound",
            "building",
            "status",
            "effective_from",
            "effective_to",
            "reason",
        ]


class SetAreaStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AreaStatus.Status.choices)
    effective_from = serializers.DateTimeField(required=False)
    building = serializers.IntegerField(required=False)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class StatusAtQuerySerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False)
    building = serializers.IntegerField(required=False)

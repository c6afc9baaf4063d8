"""API shapes for people: personal values leave the server masked."""

from __future__ import annotations

from rest_framework import serializers

from hub.people.models import Branch, Membership, Organization, Person


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind"]


class BranchSerializer(serializers.ModelSerializer):
    class Meta:
        model = Branch
        fields = ["id", "organization", "parent", "name", "kind"]


class MembershipSerializer(serializers.ModelSerializer):
    branch_name = serializers.CharField(source="branch.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["branch", "branch_name", "title", "seconded_to"]


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    phone = serializers.CharField(source="masked_phone", read_only=True)
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)
    household: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "gender",
            "phone",
            "id_type",
            "id_number",
            "political_status",
            "employment_status",
            "volunteer_number",
            "household",
            "memberships",
            "version",
        ]

    def get_name(self, person: Person) -> str:
        """Full name for people the requester may change (context ``full_names``), else masked."""
        return (
            person.name if person.pk in self.context.get("full_names", ()) else person.masked_name
        )


class PersonWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    gender = serializers.ChoiceField(choices=Person.Gender.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    id_type = serializers.ChoiceField(choices=Person.IdType.choices, required=False)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    political_status = serializers.ChoiceField(
        choices=Person.PoliticalStatus.choices, required=False
    )
    employment_status = serializers.ChoiceField(
        choices=Person.EmploymentStatus.choices, required=False
    )
    volunteer_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    branch = serializers.PrimaryKeyRelatedField(queryset=Branch.objects.all(), required=False)
    household = serializers.IntegerField(required=False)


class PersonUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=60, required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    political_status = serializers.ChoiceField(
        choices=Person.PoliticalStatus.choices, required=False
    )
    employment_status = serializers.ChoiceField(
        choices=Person.EmploymentStatus.choices, required=False
    )
    volunteer_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=[("phone", "phone"), ("id_number", "id_number")])
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class RevealedSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()

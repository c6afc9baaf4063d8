"""Organizations, their branch trees, people and memberships (docs/domain.md §2)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.privacy.masking import mask_id_number, mask_name, mask_phone


class Organization(models.Model):
    class Kind(models.TextChoices):
        PUBLIC_INSTITUTION = "public_institution", _("Public institution")
        RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
        VOLUNTEER_ORGANIZATION = "volunteer_organization", _("Volunteer organization")
        CHARITY = "charity", _("Charity")

    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    person_in_charge = models.CharField(_("person in charge"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.short_name or self.name


class BranchQuerySet(models.QuerySet["Branch"]):
    def subtree_ids(self, branch_ids: Iterable[int]) -> set[int]:
        """The ids of ``branch_ids`` and of every branch below them, among this queryset's
        branches: one query over the organizations of the given branches."""
        start = set(branch_ids)
        if not start:
            return set()
        org_ids = Branch.objects.filter(pk__in=start).values("organization_id")
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.filter(organization_id__in=org_ids).values_list(
            "pk", "parent_id"
        ):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(start), list(start)
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


class Branch(models.Model):
    """A node of an organization's tree: party branch, retirees' branch, youth league…"""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        PARTY_BRANCH = "party_branch", _("Party branch")
        RETIREES_BRANCH = "retirees_branch", _("Retirees' party branch")
        YOUTH_LEAGUE = "youth_league", _("Youth league branch")
        DEPARTMENT = "department", _("Department")
        TEAM = "team", _("Volunteer team")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="branches",
        verbose_name=_("organization"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent branch"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BranchQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="branch_name_unique_in_organization"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="branch_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill a post may require: driver, medical, sampling helper, Shanghainese, team lead…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A real person: a member of an organization, a resident of a compound, or both (双报到)."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")
        UNKNOWN = "unknown", _("Not stated")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident ID card")
        PASSPORT = "passport", _("Passport")
        HK_MACAO_PERMIT = "hk_macao", _("Hong Kong/Macao permit")
        TAIWAN_PERMIT = "taiwan", _("Taiwan permit")
        FOREIGNER_PERMIT = "foreigner", _("Foreigner's permanent residence ID")

    class PoliticalStatus(models.TextChoices):
        PARTY_MEMBER = "party_member", _("Party member")
        PROBATIONARY = "probationary", _("Probationary party member")
        LEAGUE_MEMBER = "league_member", _("Youth league member")
        MASSES = "masses", _("Masses")

    class EmploymentStatus(models.TextChoices):
        EMPLOYED = "employed", _("Employed")
        RETIRED = "retired", _("Retired")
        OTHER = "other", _("Other")

    name = models.CharField(_("real name"), max_length=60)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    id_type = models.CharField(
        _("ID type"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    political_status = models.CharField(
        _("political status"),
        max_length=16,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    employment_status = models.CharField(
        _("employment status"),
        max_length=16,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.OTHER,
    )
    party_joined_on = models.DateField(_("party membership date"), null=True, blank=True)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="people", verbose_name=_("skills")
    )
    volunteer_number = models.CharField(_("volunteer number"), max_length=40, blank=True)
    household = models.ForeignKey(
        "places.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("home household"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~Q(id_number=""),
                name="person_id_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(id_type="resident_id")
                | Q(id_number="")
                | Q(id_number__regex=r"^\d{17}[\dX]$"),
                name="person_resident_id_shape",
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^(1[3-9]\d{9}|0\d{9,11})$"),
                name="person_phone_normalized",
            ),
        ]
        indexes = [models.Index(fields=["household", "name"], name="person_household_name")]

    def __str__(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


class Membership(models.Model):
    """A person's place in a branch; ``seconded_to`` records staff sent to e.g. the city command."""

    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("branch")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    title = models.CharField(_("title"), max_length=60, blank=True)
    seconded_to = models.CharField(_("seconded to"), max_length=120, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["branch", "person"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["branch", "person"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.branch}"

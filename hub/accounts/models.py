"""Accounts and scoped roles. Who may see or change what is decided in ``hub.access``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Signs in with a phone number or a username; may be linked to one Person."""

    phone = models.CharField(_("phone"), max_length=20, null=True, blank=True, unique=True)
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organization admin")
    BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
    OFFICE_STAFF = "office_staff", _("Office staff")
    ENTRY_DESK = "entry_desk", _("Entry desk")
    COMMUNITY_COORDINATOR = "community_coordinator", _("Community coordinator")
    BUILDING_LEADER = "building_leader", _("Building leader")
    VOLUNTEER = "volunteer", _("Volunteer")


class RoleGrant(models.Model):
    """One role of a user within one scope: an organization, a branch, a compound or a building."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("organization"),
    )
    branch = models.ForeignKey(
        "people.Branch", on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    building = models.ForeignKey(
        "places.Building", on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="branch_secretary") | Q(branch__isnull=False),
                name="grant_branch_secretary_needs_branch",
            ),
            models.CheckConstraint(
                condition=~Q(role="community_coordinator") | Q(compound__isnull=False),
                name="grant_coordinator_needs_compound",
            ),
            models.CheckConstraint(
                condition=~Q(role="building_leader") | Q(building__isnull=False),
                name="grant_building_leader_needs_building",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization", "branch", "compound", "building"],
                name="grant_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"

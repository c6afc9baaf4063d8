"""/api/v1/: one router for every app's endpoints."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from hub.access.decorators import public
from hub.accounts.api import me, obtain_token, revoke_token
from hub.campaigns import api as campaigns_api
from hub.care import api as care_api
from hub.hours.api import certificates as api_certificates
from hub.hours.api import ledger as api_ledger
from hub.imports.api import ImportBatchViewSet
from hub.jobs.api import JobViewSet
from hub.me import api as me_api
from hub.notices import api as notices_api
from hub.office import api as office_api
from hub.people.api import BranchViewSet, OrganizationViewSet, PersonViewSet
from hub.places.api import AreaStatusViewSet, BuildingViewSet, CompoundViewSet, HouseholdViewSet
from hub.rosters import api as rosters_api
from hub.screening import api as screening_api
from hub.supplies import api as supplies_api
from hub.volunteering.api import checkin as api_checkin
from hub.volunteering.api import drives as api_drives

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("branches", BranchViewSet, basename="branch")
router.register("people", PersonViewSet, basename="person")
router.register("compounds", CompoundViewSet, basename="compound")
router.register("buildings", BuildingViewSet, basename="building")
router.register("households", HouseholdViewSet, basename="household")
router.register("area-statuses", AreaStatusViewSet, basename="area-status")
router.register("jobs", JobViewSet, basename="job")
router.register("imports", ImportBatchViewSet, basename="import")

# Each part of the volunteering apps registers its own viewsets and extra routes.
PARTS = [
    api_drives,
    api_checkin,
    api_ledger,
    api_certificates,
    notices_api,
    me_api,
    rosters_api,
    supplies_api,
    screening_api,
    campaigns_api,
    care_api,
    office_api,
]
for part in PARTS:
    part.register(router)

app_name = "api"
urlpatterns = [
    path("me/", me, name="me"),
    path("auth/token/", public(obtain_token), name="token"),
    path("auth/token/revoke/", revoke_token, name="token-revoke"),
    *[pattern for part in PARTS for pattern in part.urlpatterns],
    *router.urls,
]

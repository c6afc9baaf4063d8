"""/api/v1/: one router for every app's endpoints."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from hub.access.decorators import public
from hub.accounts.api import me
from hub.hours import api_certificates, api_ledger
from hub.imports.api import ImportBatchViewSet
from hub.jobs.api import JobViewSet
from hub.me import api as me_api
from hub.notices import api as notices_api
from hub.office import api as office_api
from hub.people.api import BranchViewSet, OrganizationViewSet, PersonViewSet
from hub.places.api import AreaStatusViewSet, BuildingViewSet, CompoundViewSet, HouseholdViewSet
from hub.rosters import api as rosters_api
from hub.volunteering import api_checkin, api_drives

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
PARTS = [api_drives, api_checkin, api_ledger, api_certificates, notices_api, me_api, rosters_api]
PARTS.append(office_api)
for part in PARTS:
    part.register(router)

app_name = "api"
urlpatterns = [
    path("me/", me, name="me"),
    path("auth/token/", public(obtain_auth_token), name="token"),
    *[pattern for part in PARTS for pattern in part.urlpatterns],
    *router.urls,
]

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from hub.access.decorators import public

urlpatterns = [
    path("", include("hub.web.urls")),
    path("accounts/", include("hub.accounts.urls")),
    path("people/", include("hub.people.urls")),
    path("places/", include("hub.places.urls")),
    path("imports/", include("hub.imports.urls")),
    path("jobs/", include("hub.jobs.urls")),
    path("volunteering/", include("hub.volunteering.urls")),
    path("hours/", include("hub.hours.urls")),
    path("notices/", include("hub.notices.urls")),
    path("me/", include("hub.me.urls")),
    path("rosters/", include("hub.rosters.urls")),
    path("notifications/", include("hub.notify.urls")),
    path("api/v1/", include("hub.api.urls")),
    path("api/schema/", public(SpectacularAPIView.as_view()), name="api-schema"),
    path("admin/", admin.site.urls),
]

from django.contrib import admin
from django.urls import include, path

from hub.access.decorators import public
from hub.api.schema import SchemaView

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
    path("supplies/", include("hub.supplies.urls")),
    path("screening/", include("hub.screening.urls")),
    path("campaigns/", include("hub.campaigns.urls")),
    path("care/", include("hub.care.urls")),
    path("me/", include("hub.me.urls")),
    path("rosters/", include("hub.rosters.urls")),
    path("notifications/", include("hub.notify.urls")),
    path("office/", include("hub.office.urls")),
    path("api/v1/", include("hub.api.urls")),
    path("api/schema/", public(SchemaView.as_view()), name="api-schema"),
    path("admin/", admin.site.urls),
]

handler400 = "hub.web.views.error_400"
handler403 = "hub.web.views.error_403"
handler404 = "hub.web.views.error_404"
handler500 = "hub.web.views.error_500"

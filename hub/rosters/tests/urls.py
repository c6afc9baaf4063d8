"""The project's URLs plus /rosters/ and the roster API, for tests run before the lead mounts
them in config/urls.py and hub/api/urls.py (then this adds nothing)."""

from django.urls import include, path

from config.urls import urlpatterns as project
from hub.api import urls as api_urls
from hub.rosters import api as rosters_api

mounted = any(getattr(p, "namespace", None) == "rosters" for p in project)
api_mounted = rosters_api in getattr(api_urls, "PARTS", [])
if not api_mounted:
    rosters_api.register(api_urls.router)
    api_urls.urlpatterns[:] = [
        *[p for p in api_urls.urlpatterns if p not in api_urls.router.urls],
        *rosters_api.urlpatterns,
        *api_urls.router.urls,
    ]
urlpatterns = [
    *([] if mounted else [path("rosters/", include("hub.rosters.urls"))]),
    *project,
]

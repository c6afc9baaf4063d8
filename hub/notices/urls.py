from hub.notices import urls_notices

app_name = "notices"
urlpatterns = [*urls_notices.urlpatterns]

from hub.volunteering import urls_checkin, urls_drives

app_name = "volunteering"
urlpatterns = [*urls_drives.urlpatterns, *urls_checkin.urlpatterns]

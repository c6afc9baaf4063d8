from hub.hours import urls_certificates, urls_ledger

app_name = "hours"
urlpatterns = [*urls_ledger.urlpatterns, *urls_certificates.urlpatterns]

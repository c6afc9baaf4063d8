from hub.me import urls_me

app_name = "me"
urlpatterns = [*urls_me.urlpatterns]

from django.urls import path

from hub.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_create, name="campaign-create"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path(
        "<int:campaign_id>/households/<int:household_id>/visit/",
        views.visit,
        name="visit",
    ),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_close, name="follow-up-close"),
]

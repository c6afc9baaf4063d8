from django.urls import path

from hub.care import views

app_name = "care"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.recipient_list, name="recipient-list"),
    path("people/<int:recipient_id>/", views.recipient_detail, name="recipient-detail"),
    path("people/<int:recipient_id>/reveal/", views.health_reveal, name="health-reveal"),
    path("people/<int:recipient_id>/contacts/", views.contact_create, name="contact-create"),
    path("help/<int:compound_id>/", views.help_form, name="help-form"),
    path("help/<int:compound_id>/card.pdf", views.help_card, name="help-card"),
    path("hotline/<int:compound_id>/", views.hotline, name="hotline"),
    path("requests/", views.request_list, name="request-list"),
    path("requests/triage/", views.request_bulk_triage, name="request-bulk-triage"),
    path("requests/<int:request_id>/", views.request_detail, name="request-detail"),
    path("requests/<int:request_id>/claim/", views.request_claim, name="request-claim"),
    path("requests/<int:request_id>/resolve/", views.request_resolve, name="request-resolve"),
    path("welfare/", views.welfare_list, name="welfare-list"),
    path("welfare/<int:schedule_id>/call/", views.welfare_call, name="welfare-call"),
]

from django.urls import path

from hub.care import views

app_name = "care"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.recipient_list, name="recipient-list"),
    path("people/new/", views.recipient_create, name="recipient-create"),
    path("people/<int:recipient_id>/", views.recipient_detail, name="recipient-detail"),
    path("people/<int:recipient_id>/reveal/", views.health_reveal, name="health-reveal"),
    path("people/<int:recipient_id>/contacts/", views.contact_create, name="contact-create"),
    path("people/<int:recipient_id>/close/", views.recipient_close, name="recipient-close"),
    path("people/<int:recipient_id>/pair/", views.pairing_create, name="pairing-create"),
    path("pairings/<int:pairing_id>/end/", views.pairing_end, name="pairing-end"),
    path("pairings/proposal/", views.pairing_proposal, name="pairing-proposal"),
    path(
        "purchases/<int:purchase_id>/reimbursed/",
        views.purchase_reimbursed,
        name="purchase-reimbursed",
    ),
    path("help/<int:compound_id>/", views.help_form, name="help-form"),
    path("help/<int:compound_id>/card.pdf", views.help_card, name="help-card"),
    path("hotline/<int:compound_id>/", views.hotline, name="hotline"),
    path("requests/", views.request_list, name="request-list"),
    path("requests/triage/", views.request_bulk_triage, name="request-bulk-triage"),
    path("requests/<int:request_id>/", views.request_detail, name="request-detail"),
    path("requests/<int:request_id>/claim/", views.request_claim, name="request-claim"),
    path("requests/<int:request_id>/resolve/", views.request_resolve, name="request-resolve"),
    path("requests/<int:request_id>/triage/", views.request_triage, name="request-triage"),
    path("requests/<int:request_id>/assign/", views.request_assign, name="request-assign"),
    path("requests/<int:request_id>/cancel/", views.request_cancel, name="request-cancel"),
    path("requests/<int:request_id>/medicine/", views.request_medicine, name="request-medicine"),
    path("welfare/", views.welfare_list, name="welfare-list"),
    path("welfare/new/", views.welfare_create, name="welfare-create"),
    path("welfare/seconded/", views.welfare_seconded, name="welfare-seconded"),
    path("welfare/<int:schedule_id>/call/", views.welfare_call, name="welfare-call"),
    path(
        "welfare/calls/<int:call_id>/follow-up/",
        views.welfare_follow_up,
        name="welfare-follow-up",
    ),
]

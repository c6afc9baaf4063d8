"""Routes of the supplies pages, under /supplies/."""

from django.urls import path

from hub.supplies import views

app_name = "supplies"
urlpatterns = [
    path("", views.night_list, name="night-list"),
    path("new/", views.night_create, name="night-create"),
    path("<int:night_id>/", views.night_detail, name="night-detail"),
    path("<int:night_id>/intake/", views.intake, name="intake"),
    path("<int:night_id>/rooms/", views.room_search, name="room-search"),
    path("<int:night_id>/exceptions/", views.exceptions, name="exceptions"),
    path("<int:night_id>/sort/", views.sort_scan, name="sort"),
    path("<int:night_id>/pick-list/", views.pick_list, name="pick-list"),
    path("<int:night_id>/pick-list.pdf", views.pick_list_pdf, name="pick-list-pdf"),
    path("<int:night_id>/group-buy/", views.group_buy, name="group-buy"),
    path("<int:night_id>/government-packs/", views.government_packs, name="government-packs"),
    path("<int:night_id>/plan/", views.plan, name="plan"),
    path("<int:night_id>/replan/", views.replan, name="replan"),
    path("<int:night_id>/report/", views.report, name="report"),
    path("<int:night_id>/assisted/", views.assisted_orders, name="assisted-orders"),
    path("assisted/<int:order_id>/arrived/", views.assisted_link, name="assisted-link"),
    path("assisted/<int:order_id>/cancel/", views.assisted_cancel, name="assisted-cancel"),
    path("compounds/<int:compound_id>/carts/", views.compound_carts, name="compound-carts"),
    path("compounds/<int:compound_id>/map/", views.compound_map, name="compound-map"),
    path("compounds/<int:compound_id>/walk/", views.compound_walk, name="compound-walk"),
    path("carts/<int:cart_id>/", views.cart_edit, name="cart-edit"),
    path("trips/<int:trip_id>/", views.trip_detail, name="trip-detail"),
    path("trips/<int:trip_id>/start/", views.trip_start, name="trip-start"),
    path("parcels/<int:parcel_id>/", views.parcel_detail, name="parcel-detail"),
    path("parcels/<int:parcel_id>/resolve/", views.parcel_resolve, name="parcel-resolve"),
    path("parcels/<int:parcel_id>/requeue/", views.parcel_requeue, name="parcel-requeue"),
    path("parcels/<int:parcel_id>/drop/", views.parcel_drop, name="parcel-drop"),
    path("parcels/<int:parcel_id>/fail/", views.parcel_fail, name="parcel-fail"),
]

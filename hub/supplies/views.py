"""Supplies pages: the gate, the sorting table, the coordinator's plan and the volunteer's trip.

Thin doors: each view looks its rows up through ``queries`` (404/403 from the access layer)
and calls one action; a refused action is shown as a message and changes nothing.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, visible
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.imports.rows import building_key
from hub.places.models import Building, Household
from hub.supplies import actions, queries
from hub.supplies.forms import (
    AssistedOrderForm,
    CartForm,
    DropForm,
    FailForm,
    GroupBuyForm,
    IntakeForm,
    LinkParcelForm,
    NightForm,
    PositionsForm,
    ReplanForm,
    ResolveForm,
    ScanForm,
    WalkForm,
)
from hub.supplies.models import Parcel, Trip

MAX_INLINE_FILE = 2 * 1024 * 1024  # a previewed list travels back in the confirm form


def _refused(request: HttpRequest, exc: DomainError) -> None:
    raise_if_forbidden(exc)
    messages.error(request, exc.message)


@login_required
@require_GET
def night_list(request: HttpRequest) -> HttpResponse:
    nights = queries.list_nights(request.user)[:60]
    return render(request, "supplies/night_list.html", {"nights": nights})


@login_required
@require_http_methods(["GET", "POST"])
def night_create(request: HttpRequest) -> HttpResponse:
    form = NightForm(request.POST or None, user=request.user)
    if not form.fields["compound"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("You manage no compound."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            night = actions.open_night(
                by=acting_user(request),
                compound=data["compound"],
                date=data["date"],
                title=data["title"],
                delivery_shift=data["delivery_shift"],
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            return redirect("supplies:night-detail", night_id=night.pk)
    return render(request, "supplies/night_form.html", {"form": form})


@login_required
@require_GET
def night_detail(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_night_for(request.user, night_id)
    tallies, unmatched = queries.reconciliation(night)
    context = {
        "night": night,
        "tallies": tallies,
        "unmatched": unmatched,
        "may_manage": queries.may_manage(acting_user(request), night),
        "may_work": queries.may_work(acting_user(request), night),
        "trips": queries.my_trips(request.user, night),
    }
    return render(request, "supplies/night_detail.html", context)


def _intake_context(night: Any, form: IntakeForm, parcel: Parcel | None) -> dict[str, Any]:
    return {"night": night, "form": form, "parcel": parcel}


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_worked_night_for(request.user, night_id)
    form = IntakeForm(request.POST or None)
    parcel = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = acting_user(request)
        try:
            parcel = actions.receive_parcel(
                by=user,
                night=night,
                kind=data["kind"],
                room_text=data["room"],
                barcode=data["barcode"],
                priority=data["priority"],
                assisted_by=user.person if data["assisted"] else None,
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            form = IntakeForm(initial={"kind": data["kind"]})
    template = "supplies/_intake.html" if request.htmx else "supplies/intake.html"  # type: ignore[attr-defined]
    return render(request, template, _intake_context(night, form, parcel))


@login_required
@require_GET
def room_search(request: HttpRequest, night_id: int) -> HttpResponse:
    """Rooms of the compound matching what was typed ("3-12" → 3号楼 12xx), at most 12."""
    night = queries.get_worked_night_for(request.user, night_id)
    typed = request.GET.get("room", "").strip()
    rooms: list[str] = []
    if typed:
        building, _sep, room = typed.replace("号楼", "-").replace("栋", "-").partition("-")
        households = Household.objects.filter(building__compound_id=night.compound_id)
        if room:
            households = households.filter(room__startswith=room.strip())
        key = building_key(building)
        rooms = [
            f"{building_key(h.building.name)}-{h.room}"
            for h in households.select_related("building").order_by(
                "building__sort_key", "sort_key"
            )[:200]
            if building_key(h.building.name).startswith(key)
        ][:12]
    return render(request, "supplies/_rooms.html", {"rooms": rooms})


@login_required
@require_GET
def exceptions(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_worked_night_for(request.user, night_id)
    policy = queries.RoomPolicy.for_user(request.user, night)
    rows = [(p, policy.room(p)) for p in queries.exceptions(request.user, night)]
    return render(
        request,
        "supplies/exceptions.html",
        {"night": night, "rows": rows, "resolve_form": ResolveForm()},
    )


@login_required
@require_POST
def parcel_resolve(request: HttpRequest, parcel_id: int) -> HttpResponse:
    parcel = queries.get_changeable_parcel_for(request.user, parcel_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            actions.resolve_room(
                by=acting_user(request), parcel=parcel, room_text=form.cleaned_data["room"]
            )
            messages.success(request, _("Room found; the parcel joins the queue."))
        except DomainError as exc:
            _refused(request, exc)
    return redirect("supplies:exceptions", night_id=parcel.night_id)


@login_required
@require_POST
def parcel_requeue(request: HttpRequest, parcel_id: int) -> HttpResponse:
    parcel = queries.get_changeable_parcel_for(request.user, parcel_id)
    try:
        actions.requeue_parcel(by=acting_user(request), parcel=parcel)
        messages.success(request, _("Back on its building's pile for the next plan."))
    except DomainError as exc:
        _refused(request, exc)
    return redirect("supplies:exceptions", night_id=parcel.night_id)


@login_required
@require_http_methods(["GET", "POST"])
def sort_scan(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_worked_night_for(request.user, night_id)
    form = ScanForm(request.POST or None)
    sorted_parcel = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            parcel = queries.find_parcel(night, code)
            sorted_parcel = actions.sort_parcel(
                by=acting_user(request), parcel=parcel, scanned=code
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            form = ScanForm()
    policy = queries.RoomPolicy.for_user(request.user, night)
    context = {
        "night": night,
        "form": form,
        "parcel": sorted_parcel,
        "room": policy.room(sorted_parcel) if sorted_parcel else "",
    }
    return render(request, "supplies/sort.html", context)


def _pick_context(request: HttpRequest, night_id: int) -> dict[str, Any]:
    night = queries.get_worked_night_for(request.user, night_id)
    building = request.GET.get("building")
    groups = queries.pick_list(
        request.user, night, int(building) if building and building.isdigit() else None
    )
    policy = queries.RoomPolicy.for_user(request.user, night)
    rows = [(g, [(p, policy.room(p)) for p in g.parcels]) for g in groups]
    return {"night": night, "groups": rows, "building": building or ""}


@login_required
@require_GET
def pick_list(request: HttpRequest, night_id: int) -> HttpResponse:
    return render(request, "supplies/pick_list.html", _pick_context(request, night_id))


@login_required
@require_GET
def pick_list_pdf(request: HttpRequest, night_id: int) -> HttpResponse:
    from hub.supplies.pdf import render_pick_list

    context = _pick_context(request, night_id)
    pdf = render_pick_list(context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pick-list-{night_id}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def group_buy(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_worked_night_for(request.user, night_id)
    form = GroupBuyForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload is not None:
                content, filename = upload.read(), upload.name
                preview = actions.preview_group_buy(
                    by=acting_user(request), night=night, content=content, filename=filename
                )
                encoded = (
                    base64.b64encode(content).decode() if len(content) <= MAX_INLINE_FILE else ""
                )
                form = GroupBuyForm(initial={"content": encoded, "filename": filename})
            else:
                try:
                    content = base64.b64decode(form.cleaned_data["content"], validate=True)
                except binascii.Error:
                    content = b""
                parcels = actions.import_group_buy(
                    by=acting_user(request),
                    night=night,
                    content=content,
                    filename=form.cleaned_data["filename"],
                )
                messages.success(
                    request, _("%(n)s parcels added from the list.") % {"n": len(parcels)}
                )
                return redirect("supplies:night-detail", night_id=night.pk)
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
    return render(
        request, "supplies/group_buy.html", {"night": night, "form": form, "preview": preview}
    )


@login_required
@require_POST
def government_packs(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_managed_night_for(request.user, night_id)
    try:
        added = actions.issue_government_packs(by=acting_user(request), night=night)
        messages.success(request, _("%(n)s government packs added.") % {"n": added})
    except DomainError as exc:
        _refused(request, exc)
    return redirect("supplies:night-detail", night_id=night.pk)


def _plan_context(night: Any, replan: ReplanForm | None = None) -> dict[str, Any]:
    return {
        "night": night,
        "plan": queries.current_plan(night),
        "trips": queries.plan_trips(night),
        "replan": replan or ReplanForm(choices=queries.replan_choices(night)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_managed_night_for(request.user, night_id)
    if request.method == "POST":
        try:
            made = actions.plan_night(by=acting_user(request), night=night)
            messages.success(
                request,
                _("%(trips)s trips planned (at least %(bound)s needed).")
                % {"trips": made.trips, "bound": made.lower_bound},
            )
        except DomainError as exc:
            _refused(request, exc)
        return redirect("supplies:plan", night_id=night.pk)
    return render(request, "supplies/plan.html", _plan_context(night))


@login_required
@require_POST
def replan(request: HttpRequest, night_id: int) -> HttpResponse:
    """A volunteer joined or left: plan again with the ticked ones (trips on the road kept).

    From htmx, answers the plan's part of the page; otherwise goes back to the plan page.
    """
    night = queries.get_managed_night_for(request.user, night_id)
    form = ReplanForm(request.POST, choices=queries.replan_choices(night))
    outcome = ""
    if form.is_valid():
        try:
            made = actions.plan_night(
                by=acting_user(request),
                night=night,
                volunteers=form.cleaned_data["volunteers"],
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            outcome = _("%(trips)s trips planned (at least %(bound)s needed).") % {
                "trips": made.trips,
                "bound": made.lower_bound,
            }
            form = ReplanForm(
                initial={"volunteers": form.cleaned_data["volunteers"]},
                choices=queries.replan_choices(night),
            )
    if not request.htmx:  # type: ignore[attr-defined]
        if outcome:
            messages.success(request, outcome)
        else:
            for error in form.errors.get("__all__", []) + form.errors.get("volunteers", []):
                messages.error(request, error)
        return redirect("supplies:plan", night_id=night.pk)
    context = _plan_context(night, form) | {"outcome": outcome}
    return render(request, "supplies/_plan.html", context)


@login_required
@require_GET
def report(request: HttpRequest, night_id: int) -> HttpResponse:
    night = queries.get_managed_night_for(request.user, night_id)
    tallies, unmatched = queries.reconciliation(night)
    context = {
        "night": night,
        "tallies": tallies,
        "unmatched": unmatched,
        "stats": queries.night_stats(night),
    }
    return render(request, "supplies/report.html", context)


@login_required
@require_GET
def trip_detail(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = queries.get_trip_for(request.user, trip_id)
    policy = queries.RoomPolicy.for_user(request.user, trip.night)
    rows = [(p, policy.room(p)) for p in queries.trip_parcels(trip)]
    context = {"trip": trip, "rows": rows, "fail_form": FailForm(), "drop_form": DropForm()}
    return render(request, "supplies/trip_detail.html", context)


def _trip_of(request: HttpRequest, parcel: Parcel) -> Trip:
    """The parcel's trip, for its volunteer and the compound's managers; 403 for the others
    who may see the parcel (a building leader, another volunteer of the crew)."""
    trip = (
        visible(request.user, Trip.objects.select_related("night"))
        .filter(pk=parcel.trip_id or 0)
        .first()
    )
    if trip is None:
        raise PermissionDenied(_("This parcel is on none of your trips."))
    return trip


@login_required
@require_POST
def trip_start(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = queries.get_trip_for(request.user, trip_id)
    try:
        loaded = actions.start_trip(by=acting_user(request), trip=trip)
        messages.success(request, _("%(n)s parcels on the cart.") % {"n": loaded})
    except DomainError as exc:
        if exc.code == "not_your_trip":
            raise PermissionDenied(exc.message) from None
        _refused(request, exc)
    return redirect("supplies:trip-detail", trip_id=trip.pk)


@login_required
@require_POST
def parcel_drop(request: HttpRequest, parcel_id: int) -> HttpResponse:
    """放门口了: one tap on the trip page."""
    parcel = queries.get_parcel_for(request.user, parcel_id)
    trip = _trip_of(request, parcel)
    form = DropForm(request.POST)
    form.is_valid()
    try:
        parcel = actions.deliver_parcel(
            by=acting_user(request),
            parcel=parcel,
            proxy_name=form.cleaned_data.get("proxy_name", ""),
            proxy_relation=form.cleaned_data.get("proxy_relation", ""),
        )
    except DomainError as exc:
        if exc.code == "not_your_trip":
            raise PermissionDenied(exc.message) from None
        _refused(request, exc)
    if request.htmx:  # type: ignore[attr-defined]
        policy = queries.RoomPolicy.for_user(request.user, trip.night)
        parcel.refresh_from_db()
        return render(
            request,
            "supplies/_trip_parcel.html",
            {
                "parcel": parcel,
                "room": policy.room(parcel),
                "fail_form": FailForm(),
                "drop_form": DropForm(),
            },
        )
    return redirect(reverse("supplies:trip-detail", kwargs={"trip_id": trip.pk}))


@login_required
@require_POST
def parcel_fail(request: HttpRequest, parcel_id: int) -> HttpResponse:
    parcel = queries.get_parcel_for(request.user, parcel_id)
    trip = _trip_of(request, parcel)
    form = FailForm(request.POST)
    try:
        actions.fail_parcel(
            by=acting_user(request),
            parcel=parcel,
            reason=form.data.get("reason", ""),
        )
    except DomainError as exc:
        if exc.code == "not_your_trip":
            raise PermissionDenied(exc.message) from None
        _refused(request, exc)
    return redirect("supplies:trip-detail", trip_id=trip.pk)


@login_required
@require_GET
def parcel_detail(request: HttpRequest, parcel_id: int) -> HttpResponse:
    parcel = queries.get_parcel_for(request.user, parcel_id)
    policy = queries.RoomPolicy.for_user(request.user, parcel.night)
    context = {
        "parcel": parcel,
        "room": policy.room(parcel),
        "phone": policy.phone(parcel),
        "events": queries.custody_of(parcel),
        "show_errors": policy.all_rooms,  # the coordinator sees why a notice did not go
    }
    return render(request, "supplies/parcel_detail.html", context)


def _assisted_page(
    request: HttpRequest, night: Any, form: AssistedOrderForm, status: int = 200
) -> HttpResponse:
    context = {
        "night": night,
        "form": form,
        "link_form": LinkParcelForm(),
        "rows": queries.assisted_orders(request.user, night),
    }
    return render(request, "supplies/assisted_orders.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assisted_orders(request: HttpRequest, night_id: int) -> HttpResponse:
    """代下单: record an order for a resident who cannot use a phone; the night's orders."""
    night = queries.get_worked_night_for(request.user, night_id)
    form = AssistedOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_assisted_order(
                by=acting_user(request),
                night=night,
                room_text=data["room"],
                resident_name=data["resident_name"],
                items=data["items"],
                shop=data["shop"],
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Order recorded; link its parcel when it arrives."))
            return redirect("supplies:assisted-orders", night_id=night.pk)
    return _assisted_page(request, night, form)


@login_required
@require_POST
def assisted_link(request: HttpRequest, order_id: int) -> HttpResponse:
    order = queries.get_assisted_order_for(request.user, order_id)
    # The action checks the code (unknown, another room's, already linked) and says why.
    try:
        actions.link_assisted_parcel(
            by=acting_user(request), order=order, code=request.POST.get("code", "").strip()
        )
        messages.success(request, _("Parcel linked; it goes to the door first."))
    except DomainError as exc:
        _refused(request, exc)
    return redirect("supplies:assisted-orders", night_id=order.night_id)


@login_required
@require_POST
def assisted_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    order = queries.get_assisted_order_for(request.user, order_id)
    try:
        actions.cancel_assisted_order(by=acting_user(request), order=order)
        messages.success(request, _("Order cancelled."))
    except DomainError as exc:
        _refused(request, exc)
    return redirect("supplies:assisted-orders", night_id=order.night_id)


@login_required
@require_http_methods(["GET", "POST"])
def compound_carts(request: HttpRequest, compound_id: int) -> HttpResponse:
    """The compound's carts, and a form to add one (capacity by count and by weight)."""
    compound = queries.get_managed_compound_for(request.user, compound_id)
    form = CartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_cart(by=acting_user(request), compound=compound, **form.cleaned_data)
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Cart saved."))
            return redirect("supplies:compound-carts", compound_id=compound.pk)
    context = {"compound": compound, "form": form, "carts": queries.carts_of(compound)}
    return render(request, "supplies/carts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cart_edit(request: HttpRequest, cart_id: int) -> HttpResponse:
    cart = queries.get_cart_for(request.user, cart_id)
    initial = {
        "name": cart.name,
        "capacity_count": cart.capacity_count,
        "capacity_kg": cart.capacity_kg,
        "active": cart.active,
    }
    form = CartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_cart(
                by=acting_user(request), compound=cart.compound, cart=cart, **form.cleaned_data
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Cart saved."))
            return redirect("supplies:compound-carts", compound_id=cart.compound_id)
    return render(request, "supplies/cart_form.html", {"cart": cart, "form": form})


def _map_page(
    request: HttpRequest,
    compound: Any,
    positions: PositionsForm | None = None,
    walk: WalkForm | None = None,
) -> HttpResponse:
    layout = queries.compound_map(compound)
    context = {
        "compound": compound,
        "map": layout,
        "positions": positions or PositionsForm(buildings=layout.buildings),
        "walk": walk or WalkForm(buildings=layout.buildings),
    }
    return render(request, "supplies/compound_map.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def compound_map(request: HttpRequest, compound_id: int) -> HttpResponse:
    """Where the buildings stand (metres from the gate); saved all at once."""
    compound = queries.get_managed_compound_for(request.user, compound_id)
    if request.method == "POST":
        form = PositionsForm(request.POST, buildings=queries.compound_map(compound).buildings)
        if form.is_valid():
            try:
                saved = actions.save_building_spots(
                    by=acting_user(request), compound=compound, spots=form.spots()
                )
            except DomainError as exc:
                raise_if_forbidden(exc)
                add_domain_error(form, exc)
            else:
                messages.success(request, _("%(n)s building positions saved.") % {"n": saved})
                return redirect("supplies:compound-map", compound_id=compound.pk)
        return _map_page(request, compound, positions=form)
    return _map_page(request, compound)


@login_required
@require_POST
def compound_walk(request: HttpRequest, compound_id: int) -> HttpResponse:
    """One measured walk of the distance table (empty metres: back to the straight line)."""
    compound = queries.get_managed_compound_for(request.user, compound_id)
    form = WalkForm(request.POST, buildings=queries.compound_map(compound).buildings)
    if form.is_valid():
        data = form.cleaned_data
        buildings = Building.objects.filter(compound=compound)
        try:
            actions.set_walking_distance(
                by=acting_user(request),
                compound=compound,
                frm=buildings.get(pk=data["frm"]) if data["frm"] else None,
                to=buildings.get(pk=data["to"]),
                metres=data["metres"],
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Walking distance saved."))
            return redirect("supplies:compound-map", compound_id=compound.pk)
    return _map_page(request, compound, walk=form)

"""Booking, cohort and session pages: parse the input, call one service or selector, render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from missionled.cohorts.forms import (
    BookingFilterForm,
    BookingRequestForm,
    CancelForm,
    CapacityForm,
    ConfirmForm,
    CoordinatorBookingRequestForm,
    DeclineForm,
    DepartmentBookingFilterForm,
    ReasonForm,
    SessionCancelForm,
    SessionJoiningDetailsForm,
    SessionMoveForm,
)
from missionled.cohorts.ical import cohort_calendar_response
from missionled.cohorts.models import Booking, Cohort
from missionled.cohorts.presenters import booking_actions, timeline_items
from missionled.cohorts.selectors import (
    booking_cohort,
    booking_get_for_user,
    booking_list_for_user,
    booking_timeline,
    cohort_enrolled_count,
    cohort_get_for_user,
    cohort_waitlist_count,
    session_get_for_change,
    user_may_book,
)
from missionled.cohorts.services.bookings import (
    booking_cancel,
    booking_confirm,
    booking_decline,
    booking_request,
)
from missionled.cohorts.services.cohorts import cohort_capacity_change
from missionled.cohorts.services.sessions import (
    session_cancel,
    session_joining_details_change,
    session_move,
)
from missionled.core.clock import now, today
from missionled.core.errors import DomainError, NotAllowed, NotFound
from missionled.organisations.models import Role, User

PAGE_SIZE = 25
View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # bookers_only has checked the sign-in.
    return user


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "cohorts/forbidden.html", {"message": message}, status=403)


def bookers_only(view: View) -> View:
    """Signed in as a coordinator or the provider; anyone else sees the 403 page, and a
    NotFound or NotAllowed from a selector becomes the 404 or 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_may_book(request.user):
            return forbidden(request)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except NotAllowed as exc:
            return forbidden(request, exc.message)

    return wrapped


@require_GET
@bookers_only
def booking_list_view(request: HttpRequest) -> HttpResponse:
    is_admin = _user(request).role == Role.PROVIDER_ADMIN
    form_class = BookingFilterForm if is_admin else DepartmentBookingFilterForm
    form = form_class(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data["status"] or None,
            "course": data["course"].slug if data["course"] else None,
            "department": data["department"].acronym if data.get("department") else None,
            "month": data["month"],
        }
    bookings = booking_list_for_user(_user(request), **filters)
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/booking_list.html",
        {"form": form, "page": page, "is_admin": is_admin, "filtered": bool(request.GET)},
    )


@require_http_methods(["GET", "POST"])
@bookers_only
def booking_request_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    fixed = user.role == Role.COORDINATOR
    initial = {"course": request.GET.get("course"), "contact_email": user.email}
    initial["contact_name"] = user.name
    form_class = CoordinatorBookingRequestForm if fixed else BookingRequestForm
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = booking_request(
                actor=user,
                course=data["course"],
                department=data.get("department") or user.department,
                delivery_mode=data["delivery_mode"],
                venue_region=data["venue_region"],
                earliest_start=data["earliest_start"],
                expected_size=data["expected_size"],
                today=today(),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                notes=data["notes"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"Booking {booking.pk} requested")
            return redirect("cohorts:booking-detail", pk=booking.pk)
    return render(
        request, "cohorts/booking_request.html", {"form": form, "department_fixed": fixed}
    )


def _detail(request: HttpRequest, booking: Booking, **forms: Any) -> HttpResponse:
    actions = booking_actions(_user(request), booking)
    context = {
        "booking": booking,
        "cohort": booking_cohort(booking),
        "timeline": timeline_items(booking_timeline(booking)),
        "actions": actions,
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "error_form": next((f for f in forms.values() if f is not None and f.errors), None),
    }
    return render(request, "cohorts/booking_detail.html", context, status=200)


@require_GET
@bookers_only
def booking_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, booking_get_for_user(_user(request), pk))


@require_POST
@bookers_only
def booking_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    booking = booking_get_for_user(_user(request), pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            booking_confirm(
                booking=booking,
                actor=_user(request),
                slot=form.cleaned_data["slot"],
                today=today(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Booking confirmed and sessions scheduled")
            return redirect("cohorts:booking-detail", pk=booking.pk)
    booking.refresh_from_db()
    return _detail(request, booking, confirm_form=form)


def _with_reason(
    request: HttpRequest,
    pk: int,
    form_class: type[ReasonForm],
    service: Callable[..., Booking],
    done: str,
) -> HttpResponse:
    booking = booking_get_for_user(_user(request), pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(booking=booking, actor=_user(request), reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, done)
            return redirect("cohorts:booking-detail", pk=booking.pk)
    booking.refresh_from_db()
    return _detail(request, booking, **{f"{form.action}_form": form})


@require_POST
@bookers_only
def booking_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, DeclineForm, booking_decline, "Booking declined")


@require_POST
@bookers_only
def booking_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, CancelForm, booking_cancel, "Booking cancelled")


def _cohort_page(
    request: HttpRequest, cohort: Cohort, form: CapacityForm | None = None
) -> HttpResponse:
    context = {
        "cohort": cohort,
        "booking": cohort.booking,
        "sessions": list(cohort.sessions.all()),
        "enrolled_count": cohort_enrolled_count(cohort),
        "waitlist_count": cohort_waitlist_count(cohort),
        "is_admin": _user(request).role == Role.PROVIDER_ADMIN,
        "now": now(),
        "form": form or CapacityForm(initial={"capacity": cohort.capacity}),
    }
    return render(request, "cohorts/cohort_detail.html", context)


@require_GET
@bookers_only
def cohort_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _cohort_page(request, cohort_get_for_user(_user(request), pk))


@require_POST
@bookers_only
def cohort_capacity_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_get_for_user(_user(request), pk)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            cohort_capacity_change(
                cohort=cohort, actor=_user(request), capacity=form.cleaned_data["capacity"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"Capacity changed to {form.cleaned_data['capacity']}")
            return redirect("cohorts:cohort-detail", pk=cohort.pk)
    return _cohort_page(request, cohort_get_for_user(_user(request), pk), form)


@require_GET
@bookers_only
def cohort_calendar_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_get_for_user(_user(request), pk)
    return cohort_calendar_response(cohort, stamp=now())


@require_http_methods(["GET", "POST"])
@bookers_only
def session_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_change(_user(request), pk)
    form = SessionMoveForm(request.POST or None, initial={"slot": session.cohort.slot})
    if request.method == "POST" and form.is_valid():
        try:
            moved = session_move(
                session=session, actor=_user(request), starts_at=form.starts_at(), now=now()
            )
        except DomainError as exc:
            # The service names the start time; on this page that is the date the user chose.
            exc.fields = (
                {"date": exc.fields["starts_at"]} if "starts_at" in exc.fields else exc.fields
            )
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{session.title} moved")
            for warning in moved.warnings:
                messages.warning(request, warning)
            return redirect("cohorts:cohort-detail", pk=session.cohort_id)
    return render(request, "cohorts/session_move.html", {"form": form, "session": session})


@require_http_methods(["GET", "POST"])
@bookers_only
def session_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_change(_user(request), pk)
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_cancel(
                session=session,
                actor=_user(request),
                reason=form.cleaned_data["reason"],
                now=now(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{session.title} cancelled")
            return redirect("cohorts:cohort-detail", pk=session.cohort_id)
    return render(request, "cohorts/session_cancel.html", {"form": form, "session": session})


@require_http_methods(["GET", "POST"])
@bookers_only
def session_joining_details_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_change(_user(request), pk)
    form = SessionJoiningDetailsForm(
        request.POST or None, initial={"joining_details": session.joining_details}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session_joining_details_change(
                session=session,
                actor=_user(request),
                joining_details=form.cleaned_data["joining_details"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"Joining details for {session.title} saved")
            return redirect("cohorts:cohort-detail", pk=session.cohort_id)
    return render(
        request, "cohorts/session_joining_details.html", {"form": form, "session": session}
    )

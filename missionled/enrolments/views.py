"""Participant pages: parse the input, call one service or selector, render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from missionled.cohorts.models import Cohort
from missionled.core.clock import now
from missionled.core.errors import DomainError, NotAllowed, NotFound
from missionled.enrolments.forms import (
    CatchUpForm,
    EnrolmentAddForm,
    EnrolmentDetailsForm,
    EnrolmentForm,
    EnrolmentUploadForm,
    WithdrawForm,
)
from missionled.enrolments.models import Enrolment
from missionled.enrolments.presenters import participants_page
from missionled.enrolments.selectors import (
    catch_up_get_for_user,
    catch_up_session_options,
    catch_up_session_resolve,
    catch_ups_for_enrolment,
    catch_ups_to_come,
    cohort_get_for_enrolments,
    enrolment_get_for_user,
    enrolment_waitlist_position,
)
from missionled.enrolments.services.catch_up import (
    catch_up_book,
    catch_up_cancel,
    catch_up_require_booker,
)
from missionled.enrolments.services.enrolments import (
    DETAILS_NOT_ALLOWED,
    enrolment_create,
    enrolment_details_update,
    enrolment_substitute,
    enrolment_withdraw,
    enrolments_import_csv,
    require_manager,
)
from missionled.organisations.models import Role, User

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required has checked the sign-in.
    return user


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "enrolments/forbidden.html", {"message": message}, status=403)


def signed_in(view: View) -> View:
    """A NotFound from a selector or service is the 404 page; NotAllowed is the 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except NotAllowed as exc:
            return _forbidden(request, exc.message)

    return wrapped


def _managed_cohort(request: HttpRequest, pk: int) -> Cohort:
    cohort = cohort_get_for_enrolments(_user(request), pk)
    require_manager(_user(request), cohort)
    return cohort


def _placed_message(enrolment: Enrolment) -> str:
    if enrolment.status == Enrolment.Status.ENROLLED:
        return f"{enrolment.name} is enrolled"
    position = enrolment_waitlist_position(enrolment)
    return f"{enrolment.name} is on the waiting list at position {position}"


@require_GET
@signed_in
def enrolment_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cohort = cohort_get_for_enrolments(user, pk)
    context = participants_page(user, cohort, now=now())
    return render(request, "enrolments/enrolment_list.html", context)


@require_http_methods(["GET", "POST"])
@signed_in
def enrolment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cohort = _managed_cohort(request, pk)
    may_override = user.role == Role.PROVIDER_ADMIN
    form = EnrolmentAddForm(request.POST or None, may_override=may_override)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = enrolment_create(
                cohort=cohort,
                name=data["name"],
                email=data["email"],
                grade=data["grade"],
                profession=data["profession"],
                team=data["team"],
                line_manager_email=data["line_manager_email"],
                override_reason=data.get("override_reason", ""),
                actor=user,
                now=now(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _placed_message(enrolment))
            return redirect("enrolments:list", pk=cohort.pk)
    return render(request, "enrolments/enrolment_add.html", {"form": form, "cohort": cohort})


@require_http_methods(["GET", "POST"])
@signed_in
def enrolment_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, pk)
    form = EnrolmentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = enrolments_import_csv(
                cohort=cohort, file_bytes=form.file_bytes(), actor=_user(request), now=now()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            waiting = sum(e.status == Enrolment.Status.WAITLISTED for e in created)
            summary = f"{len(created)} participants named"
            messages.success(
                request, f"{summary}, {waiting} on the waiting list" if waiting else summary
            )
            return redirect("enrolments:list", pk=cohort.pk)
    return render(request, "enrolments/enrolment_upload.html", {"form": form, "cohort": cohort})


@require_http_methods(["GET", "POST"])
@signed_in
def enrolment_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    enrolment = enrolment_get_for_user(user, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_withdraw(enrolment=enrolment, actor=user, now=now())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{enrolment.name} has been withdrawn")
            return redirect("enrolments:list", pk=enrolment.cohort_id)
    context = {
        "form": form,
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "catch_ups": catch_ups_to_come(enrolment, now=now()),
    }
    return render(request, "enrolments/enrolment_withdraw.html", context)


@require_http_methods(["GET", "POST"])
@signed_in
def enrolment_substitute_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    enrolment = enrolment_get_for_user(user, pk)
    require_manager(user, enrolment.cohort)
    form = EnrolmentForm(request.POST or None, may_override=user.role == Role.PROVIDER_ADMIN)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            substitute = enrolment_substitute(
                enrolment=enrolment,
                name=data["name"],
                email=data["email"],
                grade=data["grade"],
                profession=data["profession"],
                team=data["team"],
                override_reason=data.get("override_reason", ""),
                actor=user,
                now=now(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{enrolment.name}'s place has passed to {substitute.name}")
            return redirect("enrolments:list", pk=enrolment.cohort_id)
    context = {"form": form, "enrolment": enrolment, "cohort": enrolment.cohort}
    return render(request, "enrolments/enrolment_substitute.html", context)


@require_http_methods(["GET", "POST"])
@signed_in
def enrolment_details_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    enrolment = enrolment_get_for_user(user, pk)
    if user.role not in (Role.PARTICIPANT, Role.PROVIDER_ADMIN):
        return _forbidden(request, DETAILS_NOT_ALLOWED)
    initial = {
        "reasonable_adjustments": enrolment.reasonable_adjustments,
        "line_manager_email": enrolment.line_manager_email,
    }
    form = EnrolmentDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_details_update(
                enrolment=enrolment, actor=user, now=now(), **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Your details have been saved")
            return redirect("enrolments:list", pk=enrolment.cohort_id)
    context = {"form": form, "enrolment": enrolment, "cohort": enrolment.cohort}
    return render(request, "enrolments/enrolment_details.html", context)


@require_http_methods(["GET", "POST"])
@signed_in
def catch_up_book_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    enrolment = enrolment_get_for_user(user, pk)
    catch_up_require_booker(user, enrolment)
    options = catch_up_session_options(enrolment, now=now())
    if request.method == "POST":
        # Full sessions stay valid choices so the service, not the field, refuses them.
        full = {session.pk for session, free in options if not free}
        form = CatchUpForm(request.POST, sessions=[s for s, _ in options], full=full)
    else:
        form = CatchUpForm(sessions=[session for session, free in options if free])
    if request.method == "POST" and form.is_valid():
        try:
            session = catch_up_session_resolve(form.cleaned_data["session"])
            catch_up = catch_up_book(actor=user, enrolment=enrolment, session=session, now=now())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{enrolment.name} is booked on {catch_up.session.title}")
            return redirect("enrolments:list", pk=enrolment.cohort_id)
    context = {
        "form": form,
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "catch_ups": catch_ups_for_enrolment(enrolment),
    }
    return render(request, "enrolments/catch_up_book.html", context)


@require_http_methods(["GET", "POST"])
@signed_in
def catch_up_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    catch_up = catch_up_get_for_user(user, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            catch_up_cancel(actor=user, catch_up=catch_up, now=now())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"The catch-up on {catch_up.session.title} is cancelled")
            if user.role == Role.PARTICIPANT:
                return redirect("attendance:me")
            return redirect("enrolments:list", pk=catch_up.enrolment.cohort_id)
    context = {"form": form, "catch_up": catch_up, "enrolment": catch_up.enrolment}
    return render(request, "enrolments/catch_up_cancel.html", context)

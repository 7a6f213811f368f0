"""Roster, check-in, My learning and certificate pages: parse, call one service or selector,
render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from missionled.attendance.certificate_pdf import certificate_pdf
from missionled.attendance.forms import CheckInForm, RosterForm
from missionled.attendance.selectors import (
    calendar_feed_owner,
    certificate_get_for_user,
    certificate_get_public,
    my_calendar,
    my_learning,
    session_check_in_code,
    session_get_for_marking,
    session_roster,
)
from missionled.attendance.services.attendance import (
    attendance_check_in,
    attendance_mark,
    check_in_code_for,
    session_is_open,
)
from missionled.attendance.services.calendar_feeds import (
    calendar_feed_create,
    calendar_feed_reset,
    calendar_feed_revoke,
)
from missionled.core.clock import now
from missionled.core.errors import Conflict, DomainError, NotAllowed, NotFound
from missionled.organisations.models import Role

View = Callable[..., HttpResponse]


def site(request: HttpRequest) -> str:
    """The address people reached the service at, for links in the emails this sends."""
    return request.build_absolute_uri("/").rstrip("/")


def pages(view: View) -> View:
    """Signed in; NotFound becomes the 404 page and NotAllowed the 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except NotAllowed as exc:
            return render(request, "cohorts/forbidden.html", {"message": exc.message}, status=403)

    return wrapped


@require_http_methods(["GET", "POST"])
@pages
def roster_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_marking(request.user, pk)
    roster = session_roster(session)
    form = RosterForm(request.POST or None, roster=roster)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_mark(
                session=session,
                marks=form.marks(),
                actor=request.user,
                now=now(),
                base_url=site(request),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Attendance saved")
            return redirect("attendance:roster", pk=session.pk)
    context = {
        "session": session,
        "form": form,
        "roster": roster,
        "catching_up": [line for line in roster if line.catch_up],
        "code": session_check_in_code(session),
        "open": session_is_open(session, now()),
    }
    return render(request, "attendance/roster.html", context)


@require_POST
@pages
def check_in_code_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_marking(request.user, pk)
    check_in_code_for(session=session, actor=request.user)
    return redirect("attendance:roster", pk=session.pk)


@require_http_methods(["GET", "POST"])
@pages
def check_in_view(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = attendance_check_in(
                user=request.user, code=form.cleaned_data["code"], now=now(), base_url=site(request)
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"You are checked in to {attendance.session.title}")
            return redirect("attendance:me")
    return render(request, "attendance/check_in.html", {"form": form})


@require_GET
@pages
def my_learning_view(request: HttpRequest) -> HttpResponse:
    return render(request, "attendance/me.html", {"lines": my_learning(request.user, now=now())})


@require_GET
@pages
def my_calendar_view(request: HttpRequest) -> HttpResponse:
    return calendar_response(my_calendar(request.user, stamp=now()))


def calendar_response(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-sessions.ics"'
    return response


@require_GET
@pages
def certificate_view(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_get_for_user(request.user, code)
    return render(request, "attendance/certificate.html", {"certificate": certificate})


@require_GET
@pages
def certificate_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate page's people get the file; everyone else gets the page's answer."""
    certificate = certificate_get_for_user(request.user, code)
    verify = reverse("attendance:certificate-verify", args=[certificate.code])
    body = certificate_pdf(certificate, verify_url=f"{service_url(request)}{verify}")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private"
    return response


def service_url(request: HttpRequest) -> str:
    """The SERVICE_URL the emails use, since a PDF is kept long after the request that made
    it; the site the request came to where none is set."""
    return str(getattr(settings, "SERVICE_URL", "")).rstrip("/") or site(request)


@require_GET
def certificate_verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone may check a code; the page shows the name, course and date only."""
    try:
        certificate = certificate_get_public(code)
    except NotFound:
        return render(request, "attendance/verify.html", {"certificate": None}, status=404)
    return render(request, "attendance/verify.html", {"certificate": certificate})


def _calendar_link_home(user: Any) -> str:
    """Facilitators look after their link on My sessions, participants on My learning."""
    return "facilitation:my-sessions" if user.role == Role.FACILITATOR else "attendance:me"


def _calendar_link_shown(request: HttpRequest, make: Callable[..., str]) -> HttpResponse:
    """The new address is shown on this one answer and never again: only its hash is kept,
    so the page must not be cached or replayed from history."""
    try:
        token = make(user=request.user, now=now())
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(_calendar_link_home(request.user))
    url = request.build_absolute_uri(reverse("attendance:calendar-feed", args=[token]))
    context = {"url": url, "home": _calendar_link_home(request.user)}
    response = render(request, "attendance/calendar_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@pages
def calendar_link_create_view(request: HttpRequest) -> HttpResponse:
    return _calendar_link_shown(request, calendar_feed_create)


@require_POST
@pages
def calendar_link_reset_view(request: HttpRequest) -> HttpResponse:
    return _calendar_link_shown(request, calendar_feed_reset)


@require_POST
@pages
def calendar_link_revoke_view(request: HttpRequest) -> HttpResponse:
    try:
        calendar_feed_revoke(user=request.user, now=now())
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your calendar link is turned off")
    return redirect(_calendar_link_home(request.user))


@require_safe
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: Outlook and Google Calendar fetch the feed on their own, so the token in
    the address is the key. Every refusal is the same bare 404."""
    try:
        user = calendar_feed_owner(token)
    except NotFound:
        return HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        my_calendar(user, stamp=now()), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private"
    return response

"""Roster, check-in, My learning and certificate pages: parse, call one service or selector,
render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from missionled.attendance.certificate_pdf import certificate_pdf
from missionled.attendance.forms import CheckInForm, RosterForm
from missionled.attendance.selectors import (
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
from missionled.core.clock import now
from missionled.core.errors import DomainError, NotAllowed, NotFound

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

"""Planning, assignment and profile pages: parse the input, call one service or selector, render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from missionled.core.clock import now
from missionled.core.errors import DomainError, NotAllowed, NotFound
from missionled.facilitation.api import plan_time_limit
from missionled.facilitation.charts import load_chart_summary, load_chart_svg
from missionled.facilitation.forms import PlanForm, ProfileForm, UnavailabilityForm
from missionled.facilitation.ical import facilitator_calendar_response
from missionled.facilitation.models import FacilitatorProfile, Unavailability
from missionled.facilitation.selectors import (
    assignment_list_for_user,
    facilitator_list,
    plan_run_get,
    plan_timeline,
    plan_timeline_by_facilitator,
    profile_user_for,
    profiles_with_unavailability,
)
from missionled.facilitation.services.planning import plan_run
from missionled.facilitation.services.profiles import (
    facilitator_profile_get_or_default,
    facilitator_profile_update,
    unavailability_add,
    unavailability_remove,
)
from missionled.organisations.models import Role, User

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # signed_in has checked the sign-in.
    return user


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "facilitation/forbidden.html", {"message": message}, status=403)


def signed_in(view: View) -> View:
    """A NotFound or NotAllowed from a selector or service becomes the 404 or 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except NotAllowed as exc:
            return forbidden(request, exc.message)

    return wrapped


def _run_id(request: HttpRequest) -> int | None:
    value = request.GET.get("run", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@require_http_methods(["GET", "POST"])
@signed_in
def planning_view(request: HttpRequest) -> HttpResponse:
    run = plan_run_get(_user(request), _run_id(request))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = plan_run(
                date_from=form.cleaned_data["date_from"],
                date_to=form.cleaned_data["date_to"],
                dry_run=form.cleaned_data["dry_run"],
                actor=_user(request),
                now=now(),
                time_limit_s=plan_time_limit(),
            )
        except DomainError as exc:
            exc.fields = {"date_to": exc.fields["to"]} if "to" in exc.fields else exc.fields
            form.add_domain_error(exc)
        else:
            return redirect(f"{reverse('facilitation:planning')}?run={summary.run_id}")
    context: dict[str, Any] = {"form": form, "run": run}
    if run is not None:
        weeks = plan_timeline(run)
        context |= {
            "weeks": weeks,
            "people": plan_timeline_by_facilitator(weeks),
            "chart_summary": load_chart_summary(run),
        }
    return render(request, "facilitation/planning.html", context)


@require_GET
@signed_in
def load_chart_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = plan_run_get(_user(request), pk)
    assert run is not None
    response = HttpResponse(load_chart_svg(run), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@signed_in
def my_sessions_view(request: HttpRequest) -> HttpResponse:
    assignments = assignment_list_for_user(_user(request))
    return render(request, "facilitation/my_sessions.html", {"assignments": assignments})


@require_GET
@signed_in
def my_calendar_view(request: HttpRequest) -> HttpResponse:
    assignments = list(assignment_list_for_user(_user(request)))
    return facilitator_calendar_response(assignments, stamp=now())


@require_GET
@signed_in
def facilitator_list_view(request: HttpRequest) -> HttpResponse:
    people = facilitator_list(_user(request))
    return render(request, "facilitation/facilitator_list.html", {"people": people})


def _profile_page(request: HttpRequest, user: User, **forms: Any) -> HttpResponse:
    profile = profiles_with_unavailability(facilitator_profile_get_or_default(user=user))
    actor = _user(request)
    is_admin = actor.role == Role.PROVIDER_ADMIN
    context: dict[str, Any] = {"person": user, "profile": profile, "is_admin": is_admin}
    context["away_form"] = forms.get("away_form") or UnavailabilityForm()
    if is_admin:
        context["profile_form"] = forms.get("profile_form") or ProfileForm(
            initial={
                "courses": list(profile.courses.all()),
                "may_advise_sets": profile.may_advise_sets,
                "regions": profile.regions,
                "max_per_week": profile.max_per_week,
                "max_per_month": profile.max_per_month,
                "preferred_load": profile.preferred_load,
            }
        )
    return render(request, "facilitation/profile.html", context)


def _profile_url(actor: User, user: User) -> str:
    if actor.pk == user.pk:
        return reverse("facilitation:my-profile")
    return reverse("facilitation:profile", args=[user.pk])


@require_GET
@signed_in
def profile_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _profile_page(request, profile_user_for(_user(request), pk))


@require_POST
@signed_in
def unavailability_add_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = _user(request)
    user = profile_user_for(actor, pk)
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        try:
            unavailability_add(
                profile=facilitator_profile_get_or_default(user=user),
                actor=actor,
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Unavailability added")
            return redirect(_profile_url(actor, user))
    return _profile_page(request, user, away_form=form)


@require_POST
@signed_in
def unavailability_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _user(request)
    away = get_object_or_404(Unavailability.objects.select_related("profile__user"), pk=pk)
    user = profile_user_for(actor, away.profile.user_id)
    unavailability_remove(away=away, actor=actor)
    messages.success(request, "Unavailability removed")
    return redirect(_profile_url(actor, user))


@require_POST
@signed_in
def profile_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _user(request)
    user = profile_user_for(actor, pk)
    profile: FacilitatorProfile = facilitator_profile_get_or_default(user=user)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            facilitator_profile_update(profile=profile, actor=actor, data=form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Profile saved")
            return redirect(_profile_url(actor, user))
    return _profile_page(request, user, profile_form=form)

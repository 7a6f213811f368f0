"""Public mission pages, their open data, and the progress form for analysts."""

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from missionled.core.clock import now, today
from missionled.core.errors import DomainError, NotAllowed, NotFound
from missionled.missions.charts import milestone_chart_svg
from missionled.missions.forms import OwnerAssessmentForm, ProgressPointForm
from missionled.missions.impact import SUPPRESSION_RULE, impact_rows, impact_table_for
from missionled.missions.models import Milestone
from missionled.missions.selectors import (
    AGREEMENT_RULE,
    assessment_rows,
    milestone_get,
    milestone_rows,
    milestone_view_get,
    mission_get,
    mission_list,
    mission_list_retired,
    mission_views,
    number_format,
    owner_assessment_list,
    progress_point_get,
    progress_point_list,
    progress_rows,
)
from missionled.missions.selectors import last_updated as last_updated_at
from missionled.missions.services.progress import (
    NOT_ALLOWED,
    RECORDING_ROLES,
    owner_assessment_add,
    progress_input_clean,
    progress_point_add,
    progress_point_correct,
)
from missionled.missions.status import STATUS_RULE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with a quote mark."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _download(rows: list[dict[str, Any]], fmt: str, filename: str) -> HttpResponse:
    if fmt == "json":
        response: HttpResponse = JsonResponse(rows, safe=False)
    else:
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: _csv_safe(v) for k, v in row.items()} for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _mission_or_404(slug: str) -> Any:
    try:
        return mission_get(slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _milestone_view_or_404(slug: str) -> Any:
    try:
        return milestone_view_get(slug=slug, today=today())
    except NotFound as exc:
        raise Http404(exc.message) from exc


@require_GET
def mission_index_view(request: HttpRequest) -> HttpResponse:
    on = today()
    missions = [(mission, mission_views(mission, on)) for mission in mission_list()]
    context = {
        "missions": missions,
        "retired": list(mission_list_retired()),
        "last_updated": last_updated_at(),
        "status_rule": STATUS_RULE,
    }
    return render(request, "missions/mission_list.html", context)


@require_GET
def mission_index_data_view(request: HttpRequest, fmt: str) -> HttpResponse:
    on = today()
    views = [v for mission in mission_list() for v in mission_views(mission, on)]
    return _download(milestone_rows(views), fmt, "mission-milestones")


@require_GET
def mission_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_or_404(slug)
    context = {
        "mission": mission,
        "views": mission_views(mission, today()),
        "impact": impact_table_for(mission),
        "last_updated": last_updated_at(mission),
        "status_rule": STATUS_RULE,
        "agreement_rule": AGREEMENT_RULE,
        "suppression_rule": SUPPRESSION_RULE,
        "can_record": getattr(request.user, "role", None) in RECORDING_ROLES,
    }
    return render(request, "missions/mission_detail.html", context)


@require_GET
def mission_milestones_data_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    mission = _mission_or_404(slug)
    rows = milestone_rows(mission_views(mission, today()))
    return _download(rows, fmt, f"{mission.slug}-milestones")


@require_GET
def mission_impact_data_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    mission = _mission_or_404(slug)
    return _download(impact_rows(impact_table_for(mission)), fmt, f"{mission.slug}-training-impact")


@require_GET
def milestone_progress_data_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    view = _milestone_view_or_404(slug)
    rows = progress_rows(list(progress_point_list(milestone=view.milestone)))
    return _download(rows, fmt, f"{view.milestone.slug}-progress")


@require_GET
def milestone_assessments_data_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    milestone = _milestone_or_404(slug)
    rows = assessment_rows(list(owner_assessment_list(milestone=milestone)))
    return _download(rows, fmt, f"{milestone.slug}-owner-assessments")


# Loaded as an <img>, the SVG runs no script; its own inline <style> is what draws it.
@csp_override({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"]})
@require_GET
def milestone_chart_view(request: HttpRequest, slug: str) -> HttpResponse:
    view = _milestone_view_or_404(slug)
    response = HttpResponse(milestone_chart_svg(view), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _saved(form: Any, action: Callable[[], Any]) -> bool:
    """Run a service call for a form; its errors go to the form's error summary."""
    try:
        action()
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        form.add_domain_error(exc)
        return False
    return True


def _progress_call(form: ProgressPointForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "value": data["value"],
        "on": data["date"],
        "source_url": data["source_url"],
        "note": data["note"],
        "now": now(),
    }


def _other_field_errors(form: ProgressPointForm) -> None:
    """When the date cannot be read, still say what else is wrong, so one submit shows all."""
    data = form.cleaned_data
    try:
        progress_input_clean(
            value=data.get("value"),
            on=today(),
            source_url=data.get("source_url", ""),
            note=data.get("note", ""),
            today=today(),
        )
    except DomainError as exc:
        for name, errors in exc.fields.items():
            if name not in form.errors:
                for error in errors:
                    form.add_error(name, error)


def _check_recorder(request: HttpRequest) -> None:
    if getattr(request.user, "role", None) not in RECORDING_ROLES:
        raise PermissionDenied(NOT_ALLOWED)


def _milestone_or_404(slug: str) -> Milestone:
    try:
        return milestone_get(slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _back_to(request: HttpRequest, milestone: Milestone, message: str) -> HttpResponse:
    messages.success(request, message)
    url = reverse("missions:detail", args=[milestone.mission.slug])
    return redirect(f"{url}#{milestone.slug}")


@login_required
@require_http_methods(["GET", "POST"])
def progress_point_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    _check_recorder(request)
    milestone = _milestone_or_404(slug)
    form = ProgressPointForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and _saved(
            form,
            lambda: progress_point_add(
                actor=request.user, milestone=milestone, **_progress_call(form)
            ),
        ):
            return _back_to(
                request, milestone, f"The figure for \u201c{milestone.name}\u201d is recorded."
            )
        if "date" in form.errors:
            _other_field_errors(form)
    context = {"form": form, "milestone": milestone, "correcting": None}
    return render(request, "missions/progress_point_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def progress_point_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    _check_recorder(request)
    try:
        point = progress_point_get(pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    initial = {"value": number_format(point.value).replace(",", ""), "date": point.date}
    initial |= {"source_url": point.source_url}
    form = ProgressPointForm(request.POST or None, initial=initial)
    milestone = point.milestone
    if request.method == "POST":
        if form.is_valid() and _saved(
            form,
            lambda: progress_point_correct(actor=request.user, point=point, **_progress_call(form)),
        ):
            return _back_to(
                request, milestone, f"The figure for \u201c{milestone.name}\u201d is corrected."
            )
        if "date" in form.errors:
            _other_field_errors(form)
    context = {"form": form, "milestone": milestone, "correcting": point}
    return render(request, "missions/progress_point_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def owner_assessment_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    _check_recorder(request)
    milestone = _milestone_or_404(slug)
    form = OwnerAssessmentForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            lambda: owner_assessment_add(
                actor=request.user, milestone=milestone, now=now(), **form.cleaned_data
            ),
        )
    ):
        return _back_to(
            request,
            milestone,
            f"The owner's assessment of \u201c{milestone.name}\u201d is recorded.",
        )
    context = {"form": form, "milestone": milestone}
    return render(request, "missions/owner_assessment_form.html", context)

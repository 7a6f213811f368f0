"""Dashboards for the provider and for each department, and their downloads. Views parse the
filters, call the table selectors and render; the selectors do the counting."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from missionled.core.clock import now
from missionled.organisations.models import Role, User
from missionled.reporting.charts import chart_data_uri, chart_summary
from missionled.reporting.comments import (
    PAGE_SIZE,
    FreeTextFilterForm,
    free_text_list,
    free_text_table,
)
from missionled.reporting.exports import csv_response, json_response, xlsx_response
from missionled.reporting.filters import ReportFilterForm
from missionled.reporting.selectors import DEPARTMENT_TABLES, PROVIDER_TABLES
from missionled.reporting.tables import Table

NOT_FOR_YOU = (
    "Reports are for the provider and for department coordinators. Your role does not include them."
)
PROVIDER_ONLY = "The programme-wide reports are for the provider. Your department's are here."
TableFunc = Callable[..., Table]


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reporting/forbidden.html", {"message": message}, status=403)


def _role(request: HttpRequest) -> str | None:
    return getattr(request.user, "role", None)


def _filter_form(request: HttpRequest, user: User, *, department_fixed: bool) -> ReportFilterForm:
    fixed = user.department if department_fixed else None
    return ReportFilterForm(request.GET or None, fixed_department=fixed)


def _download(
    request: HttpRequest, tables: dict[str, TableFunc], kwargs: dict[str, Any]
) -> HttpResponse:
    fmt, key = request.GET.get("format"), request.GET.get("table", "")
    if fmt not in WRITERS or key not in tables:
        raise Http404("There is no such download.")
    table = tables[key](limit=None, **kwargs)
    return WRITERS[fmt](table, f"missionled-{key.replace('_', '-')}")


WRITERS = {"csv": csv_response, "xlsx": xlsx_response, "json": json_response}


def _dashboard(
    request: HttpRequest,
    tables: dict[str, TableFunc],
    form: ReportFilterForm,
    context: dict[str, Any],
) -> HttpResponse:
    form.is_valid() if form.is_bound else None
    kwargs = {"filters": form.filters(), "now": now()}
    if "format" in request.GET:
        return _download(request, tables, kwargs)
    built = [func(**kwargs) for func in tables.values()]
    sections = [
        {
            "table": table,
            "chart": chart_data_uri(table),
            "summary": chart_summary(table) if table.chart else "",
        }
        for table in built
    ]
    context |= {"form": form, "sections": sections, "filtered": bool(request.GET)}
    return render(request, "reporting/dashboard.html", context)


@login_required
@require_GET
def reports_index_view(request: HttpRequest) -> HttpResponse:
    role = _role(request)
    if role == Role.PROVIDER_ADMIN:
        return redirect("reporting:provider")
    if role == Role.COORDINATOR:
        return redirect("reporting:department")
    return _forbidden(request, NOT_FOR_YOU)


@login_required
@require_GET
def provider_dashboard_view(request: HttpRequest) -> HttpResponse:
    if (refused := _provider_only(request)) is not None:
        return refused
    user = request.user
    assert isinstance(user, User)
    form = _filter_form(request, user, department_fixed=False)
    context = {
        "heading": "Programme reports",
        "caption": "Provider",
        "department": None,
        "free_text_link": True,
    }
    return _dashboard(request, PROVIDER_TABLES, form, context)


def _provider_only(request: HttpRequest) -> HttpResponse | None:
    role = _role(request)
    if role != Role.PROVIDER_ADMIN:
        return _forbidden(request, PROVIDER_ONLY if role == Role.COORDINATOR else NOT_FOR_YOU)
    return None


@login_required
@require_GET
def free_text_view(request: HttpRequest) -> HttpResponse:
    """Feedback comments and follow-up answers, one kind at a time, a page at a time."""
    if (refused := _provider_only(request)) is not None:
        return refused
    user = request.user
    assert isinstance(user, User)
    form = FreeTextFilterForm(request.GET or None)
    form.is_valid() if form.is_bound else None
    show = form.show_value()
    rows = free_text_list(user=user, filters=form.filters(), show=show)
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in WRITERS:
            raise Http404("There is no such download.")
        return WRITERS[fmt](free_text_table(rows, show), f"missionled-{show.replace('_', '-')}")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    table = free_text_table(page.object_list, show, total=page.paginator.count)
    context = {"form": form, "table": table, "page": page, "filtered": bool(request.GET)}
    return render(request, "reporting/free_text.html", context)


@login_required
@require_GET
def department_dashboard_view(request: HttpRequest) -> HttpResponse:
    role = _role(request)
    if role not in {Role.PROVIDER_ADMIN, Role.COORDINATOR}:
        return _forbidden(request, NOT_FOR_YOU)
    user = request.user
    assert isinstance(user, User)
    coordinator = role == Role.COORDINATOR
    form = _filter_form(request, user, department_fixed=coordinator)
    department = user.department if coordinator else None
    heading = f"Reports for {department.name}" if department else "Department reports"
    context = {"heading": heading, "caption": "Department", "department": department}
    return _dashboard(request, DEPARTMENT_TABLES, form, context)

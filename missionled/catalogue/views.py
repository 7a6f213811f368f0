from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from missionled.catalogue.selectors import course_get, course_list
from missionled.core.errors import NotFound


@require_GET
def course_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/course_list.html", {"courses": course_list()})


@require_GET
def course_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        course = course_get(slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "catalogue/course_detail.html", {"course": course})

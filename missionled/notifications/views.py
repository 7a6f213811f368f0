"""The provider's page of emails that have not gone: see why, and send them again."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from missionled.core.errors import Conflict, NotAllowed, NotFound
from missionled.notifications.selectors import notification_get, notification_list_unsent
from missionled.notifications.services.notifications import notification_retry

View = Callable[..., HttpResponse]


def _domain_errors_as_pages(view: View) -> View:
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


@require_GET
@_domain_errors_as_pages
def notification_list_view(request: HttpRequest) -> HttpResponse:
    notifications = notification_list_unsent(request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
@_domain_errors_as_pages
def notification_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_get(request.user, pk)
    try:
        notification_retry(notification=notification, actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Email to {notification.recipient} queued again")
    return redirect("notifications:list")

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from missionled.core.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request.user, request.path),
        "sign_out_url": reverse("core:sign-out"),
    }

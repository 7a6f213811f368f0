"""The one NinjaAPI instance at /api/v1/. Each app keeps its own router in `<app>/api.py`."""

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI

from missionled.api.errors import error_body, install_error_handlers
from missionled.attendance.api import router as attendance_router
from missionled.catalogue.api import router as catalogue_router
from missionled.cohorts.api import router as cohorts_router
from missionled.enrolments.api import router as enrolments_router
from missionled.facilitation.api import router as facilitation_router
from missionled.learning.api import router as learning_router
from missionled.missions.api import router as missions_router
from missionled.organisations.api import router as organisations_router

api = NinjaAPI(
    title="missionled API",
    version="1",
    description=(
        "Runs the Mission-led Government leadership programme: catalogue, bookings, cohorts, "
        "enrolment, Action Learning Sets and mission milestones. Authenticate with "
        "`Authorization: Bearer <token>` (`missionled token create --email E`). Every 4xx answer "
        'has the body `{"error": {"code", "message", "fields"}}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("/", catalogue_router)
api.add_router("/", organisations_router)
api.add_router("/", missions_router)
api.add_router("/", cohorts_router)
api.add_router("/", enrolments_router)
api.add_router("/", learning_router)
api.add_router("/", facilitation_router)
api.add_router("/", attendance_router)


def api_not_found(request: HttpRequest, unknown: str) -> JsonResponse:
    """Unknown API paths answer in the API's error format, not with an HTML page."""
    return JsonResponse(
        error_body("not_found", f"There is no API endpoint /api/v1/{unknown}."), status=404
    )

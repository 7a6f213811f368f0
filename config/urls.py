from django.contrib import admin
from django.urls import include, path

from missionled.api.api import api, api_not_found

urlpatterns = [
    path("", include("missionled.core.urls")),
    path("courses/", include("missionled.catalogue.urls")),
    path("", include("missionled.cohorts.urls")),
    path("", include("missionled.enrolments.urls")),
    path("missions/", include("missionled.missions.urls")),
    path("facilitation/", include("missionled.facilitation.urls")),
    path("", include("missionled.learning.urls")),
    path("reports/", include("missionled.reporting.urls")),
    path("evaluation/", include("missionled.evaluation.urls")),
    path("notifications/", include("missionled.notifications.urls")),
    path("", include("missionled.attendance.urls")),
    path("back-office/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/v1/<path:unknown>", api_not_found),
]

handler404 = "missionled.core.views.not_found"
handler500 = "missionled.core.views.server_error"

from django.urls import path, register_converter

from missionled.missions import views
from missionled.missions.feeds import ProgressPointFeed


class DataFormatConverter:
    """Open data comes as CSV or JSON; any other suffix is not found."""

    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DataFormatConverter, "missions_format")

app_name = "missions"

urlpatterns = [
    path("", views.mission_index_view, name="index"),
    path("milestones.<missions_format:fmt>", views.mission_index_data_view, name="index-data"),
    path("feed.atom", ProgressPointFeed(), name="feed"),
    path(
        "milestones/<slug:slug>/progress.<missions_format:fmt>",
        views.milestone_progress_data_view,
        name="progress-data",
    ),
    path(
        "milestones/<slug:slug>/assessments.<missions_format:fmt>",
        views.milestone_assessments_data_view,
        name="assessments-data",
    ),
    path("milestones/<slug:slug>/chart.svg", views.milestone_chart_view, name="chart"),
    path(
        "milestones/<slug:slug>/progress/add/",
        views.progress_point_add_view,
        name="progress-add",
    ),
    path(
        "milestones/<slug:slug>/assessment/add/",
        views.owner_assessment_add_view,
        name="assessment-add",
    ),
    path("figures/<int:pk>/correct/", views.progress_point_correct_view, name="progress-correct"),
    path("<slug:slug>/", views.mission_detail_view, name="detail"),
    path(
        "<slug:slug>/milestones.<missions_format:fmt>",
        views.mission_milestones_data_view,
        name="milestones-data",
    ),
    path(
        "<slug:slug>/training-impact.<missions_format:fmt>",
        views.mission_impact_data_view,
        name="impact-data",
    ),
]

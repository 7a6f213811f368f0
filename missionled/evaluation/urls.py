from django.urls import path

from missionled.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_index_view, name="index"),
    path("enrolments/<int:pk>/feedback/", views.feedback_view, name="course-feedback"),
    path(
        "enrolments/<int:pk>/sessions/<int:session_pk>/feedback/",
        views.feedback_view,
        name="session-feedback",
    ),
    path(
        "enrolments/<int:pk>/self-assessment/<str:phase>/",
        views.self_assessment_view,
        name="self-assessment",
    ),
    path("follow-ups/<int:pk>/", views.follow_up_view, name="follow-up"),
]

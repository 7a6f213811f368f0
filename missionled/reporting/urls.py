from django.urls import path

from missionled.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.reports_index_view, name="index"),
    path("provider/", views.provider_dashboard_view, name="provider"),
    path("provider/comments/", views.free_text_view, name="free-text"),
    path("department/", views.department_dashboard_view, name="department"),
]

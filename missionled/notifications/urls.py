from django.urls import path

from missionled.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<int:pk>/retry/", views.notification_retry_view, name="retry"),
]

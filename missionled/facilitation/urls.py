from django.urls import path

from missionled.facilitation import views

app_name = "facilitation"

urlpatterns = [
    path("planning/", views.planning_view, name="planning"),
    path("planning/runs/<int:pk>/load.svg", views.load_chart_view, name="load-chart"),
    path("me/", views.my_sessions_view, name="my-sessions"),
    path("me/calendar.ics", views.my_calendar_view, name="my-calendar"),
    path("me/profile/", views.profile_view, name="my-profile"),
    path("me/profile/unavailability/", views.unavailability_add_view, name="my-away-add"),
    path("facilitators/", views.facilitator_list_view, name="facilitator-list"),
    path("facilitators/<int:pk>/", views.profile_view, name="profile"),
    path("facilitators/<int:pk>/edit/", views.profile_update_view, name="profile-update"),
    path("facilitators/<int:pk>/unavailability/", views.unavailability_add_view, name="away-add"),
    path("unavailability/<int:pk>/remove/", views.unavailability_remove_view, name="away-remove"),
]

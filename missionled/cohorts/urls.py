from django.urls import path

from missionled.cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("bookings/", views.booking_list_view, name="booking-list"),
    path("bookings/new/", views.booking_request_view, name="booking-request"),
    path("bookings/<int:pk>/", views.booking_detail_view, name="booking-detail"),
    path("bookings/<int:pk>/confirm/", views.booking_confirm_view, name="booking-confirm"),
    path("bookings/<int:pk>/decline/", views.booking_decline_view, name="booking-decline"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel_view, name="booking-cancel"),
    path("cohorts/<int:pk>/", views.cohort_detail_view, name="cohort-detail"),
    path("cohorts/<int:pk>/capacity/", views.cohort_capacity_view, name="cohort-capacity"),
    path("cohorts/<int:pk>/calendar.ics", views.cohort_calendar_view, name="cohort-calendar"),
    path("sessions/<int:pk>/move/", views.session_move_view, name="session-move"),
    path("sessions/<int:pk>/cancel/", views.session_cancel_view, name="session-cancel"),
    path(
        "sessions/<int:pk>/joining-details/",
        views.session_joining_details_view,
        name="session-joining-details",
    ),
]

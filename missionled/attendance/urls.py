from django.urls import path

from missionled.attendance import views

app_name = "attendance"

urlpatterns = [
    path("sessions/<int:pk>/attendance/", views.roster_view, name="roster"),
    path("sessions/<int:pk>/check-in-code/", views.check_in_code_view, name="check-in-code"),
    path("me/", views.my_learning_view, name="me"),
    path("me/check-in/", views.check_in_view, name="check-in"),
    path("me/calendar.ics", views.my_calendar_view, name="calendar"),
    path("me/calendar-link/", views.calendar_link_create_view, name="calendar-link-create"),
    path("me/calendar-link/reset/", views.calendar_link_reset_view, name="calendar-link-reset"),
    path("me/calendar-link/off/", views.calendar_link_revoke_view, name="calendar-link-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed_view, name="calendar-feed"),
    path(
        "certificates/verify/<str:code>/", views.certificate_verify_view, name="certificate-verify"
    ),
    path("certificates/<str:code>/", views.certificate_view, name="certificate"),
    path("certificates/<str:code>.pdf", views.certificate_pdf_view, name="certificate-pdf"),
]

from django.urls import path

from missionled.enrolments import views

app_name = "enrolments"

urlpatterns = [
    path("cohorts/<int:pk>/participants/", views.enrolment_list_view, name="list"),
    path("cohorts/<int:pk>/participants/add/", views.enrolment_add_view, name="add"),
    path("cohorts/<int:pk>/participants/upload/", views.enrolment_upload_view, name="upload"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw_view, name="withdraw"),
    path("enrolments/<int:pk>/details/", views.enrolment_details_view, name="details"),
    path("enrolments/<int:pk>/substitute/", views.enrolment_substitute_view, name="substitute"),
    path("enrolments/<int:pk>/catch-up/", views.catch_up_book_view, name="catch-up"),
    path("catch-ups/<int:pk>/cancel/", views.catch_up_cancel_view, name="catch-up-cancel"),
]

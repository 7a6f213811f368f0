from django.urls import path

from missionled.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.course_list_view, name="list"),
    path("<slug:slug>/", views.course_detail_view, name="detail"),
]

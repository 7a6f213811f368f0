from django.urls import path

from missionled.learning import views

app_name = "learning"

urlpatterns = [
    path("cohorts/<int:pk>/sets/", views.sets_form_view, name="sets-form"),
    path("cohorts/<int:pk>/learning/", views.learning_counts_view, name="counts"),
    path("sets/", views.set_list_view, name="set-list"),
    path("sets/<int:pk>/", views.set_detail_view, name="set-detail"),
    path("sets/<int:pk>/presenters/", views.presenters_view, name="presenters"),
    path("me/learning/", views.my_learning_view, name="mine"),
    path("me/learning/challenge/", views.challenge_edit_view, name="challenge"),
    path("me/learning/stakeholders/", views.stakeholders_view, name="stakeholders"),
    path(
        "me/learning/stakeholders/<int:pk>/delete/",
        views.stakeholder_delete_view,
        name="stakeholder-delete",
    ),
    path("me/learning/experiments/", views.experiments_view, name="experiments"),
    path(
        "me/learning/experiments/<int:pk>/delete/",
        views.experiment_delete_view,
        name="experiment-delete",
    ),
    path("me/learning/reflections/new/", views.reflection_create_view, name="reflection-new"),
    path("me/learning/export.md", views.export_view, name="export"),
    path("me/learning/delete/", views.delete_all_view, name="delete"),
]

from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "missionled.missions"
    label = "missions"
    verbose_name = "Missions and milestones"

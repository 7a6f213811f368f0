from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "missionled.core"
    label = "core"
    verbose_name = "Core"

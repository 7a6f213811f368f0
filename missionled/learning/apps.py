from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "missionled.learning"
    label = "learning"
    verbose_name = "Action Learning Sets, challenges and reflections"

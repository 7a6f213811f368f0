from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "missionled.api"
    label = "api"
    verbose_name = "API"

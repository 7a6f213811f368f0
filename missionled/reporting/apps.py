from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "missionled.reporting"
    label = "reporting"
    verbose_name = "Reporting"

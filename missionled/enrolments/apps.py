from django.apps import AppConfig


class EnrolmentsConfig(AppConfig):
    name = "missionled.enrolments"
    label = "enrolments"
    verbose_name = "Enrolments and waiting lists"

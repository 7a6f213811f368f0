from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "missionled.cohorts"
    label = "cohorts"
    verbose_name = "Bookings and cohorts"

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "missionled.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"

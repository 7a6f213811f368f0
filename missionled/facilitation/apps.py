from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "missionled.facilitation"
    label = "facilitation"
    verbose_name = "Facilitators and the programme plan"

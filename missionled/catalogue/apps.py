from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "missionled.catalogue"
    label = "catalogue"
    verbose_name = "Course catalogue"

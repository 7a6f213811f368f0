from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "missionled.notifications"
    label = "notifications"
    verbose_name = "Notifications"

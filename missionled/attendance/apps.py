from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "missionled.attendance"
    label = "attendance"
    verbose_name = "Attendance, completion and certificates"

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "relance.notifications"
    verbose_name = "Notifications"

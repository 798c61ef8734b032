from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "relance.ops"
    label = "ops"
    verbose_name = "Exploitation"

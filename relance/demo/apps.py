from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "relance.demo"
    verbose_name = "Données de démonstration"

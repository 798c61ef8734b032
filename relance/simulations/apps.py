from django.apps import AppConfig


class SimulationsConfig(AppConfig):
    name = "relance.simulations"
    verbose_name = "Simulations"

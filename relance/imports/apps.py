from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "relance.imports"
    verbose_name = "Imports"

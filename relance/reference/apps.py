from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "relance.reference"
    verbose_name = "Données de référence"

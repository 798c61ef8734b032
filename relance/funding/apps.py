from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "relance.funding"
    verbose_name = "Demandes de financement"

from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "relance.companies"
    verbose_name = "Entreprises"

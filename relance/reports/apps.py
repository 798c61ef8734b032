from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "relance.reports"
    verbose_name = "Bilans"

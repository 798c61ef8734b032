from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "relance.budget"
    verbose_name = "Enveloppes et grand livre"

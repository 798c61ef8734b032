from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "relance.accounts"
    verbose_name = "Comptes et rôles"

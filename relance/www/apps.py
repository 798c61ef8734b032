from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "relance.www"
    verbose_name = "Pages web"

from django.apps import AppConfig


class RulesConfig(AppConfig):
    """Registered only for its `evaluate` management command; the rules themselves are pure."""

    name = "relance.rules"
    verbose_name = "Règles"

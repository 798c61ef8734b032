from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "relance.audit"
    verbose_name = "Audit, données personnelles, sauvegardes"

"""Changes made outside the requests' workflow: in Django's admin (envelopes, reference data,
companies, users) or through the application (an envelope's threshold or operator's costs set on
its page or by the API): who, when, where, what, before and after. Append-only, like the
requests' history; the audit log shows both."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    CREATE = "create", _("Création")
    CHANGE = "change", _("Modification")
    DELETE = "delete", _("Suppression")


class Source(models.TextChoices):
    """Where the change was made, as the audit log says it."""

    ADMIN = "admin", _("administration")
    APP = "app", _("application")


class AdminChange(models.Model):
    at = models.DateTimeField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    operation = models.CharField(_("opération"), max_length=10, choices=Operation.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ADMIN
    )
    # "app_label.model": the field labels and value formats are read from the model at display.
    model = models.CharField(_("modèle"), max_length=100)
    object_id = models.CharField(_("identifiant"), max_length=64)
    object_repr = models.CharField(_("objet"), max_length=200)
    # {field name: [before, after]} as text; null where there was (or is) no value.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("modification dans l'administration")
        verbose_name_plural = _("modifications dans l'administration")
        indexes = [models.Index(fields=["at", "id"], name="admin_change_at_id")]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} : {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Le journal d'audit ne se modifie pas : il s'enrichit.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Le journal d'audit ne se modifie pas : il s'enrichit.")

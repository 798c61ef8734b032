"""An import started from the web page, run as a background task that reports its progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        COMPANIES = "companies", _("Entreprises (CSV ou XLSX)")
        REQUESTS = "requests", _("Demandes (XLSX ou JSON Lines)")

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        # Read as the managers' task page reads runs: « terminée », « échouée ».
        DONE = "done", _("Terminée")
        FAILED = "failed", _("Échouée")

    kind = models.CharField(_("contenu"), max_length=20, choices=Kind.choices)
    apply = models.BooleanField(_("écrire"), default=False)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    rejected_csv = models.BinaryField(blank=True, default=b"")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def percent(self) -> int:
        return (
            100
            if self.state == self.State.DONE
            else (self.done * 100 // self.total if self.total else 0)
        )

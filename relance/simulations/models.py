"""Saved simulations: a reform, the year it replays, its progress and its result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Simulation(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminée")
        FAILED = "failed", _("Échec")

    name = models.CharField(_("nom de la réforme"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("année"))
    # The reform as a TOML file, uploaded or built from the form: it can be downloaded and rerun.
    reform = models.TextField(_("réforme (TOML)"))
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # `relance simulate`'s JSON, and the requests whose eligibility the reform changes.
    summary = models.JSONField(null=True, blank=True)
    changes = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("simulation")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0

    @property
    def running(self) -> bool:
        return self.state in (self.State.PENDING, self.State.RUNNING)

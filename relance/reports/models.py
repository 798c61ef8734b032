"""Published editions of the bilan: frozen content that later data changes do not alter."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportEdition(models.Model):
    year = models.PositiveSmallIntegerField(_("année"))
    number = models.PositiveIntegerField(_("numéro d'édition"))
    as_of = models.DateField(_("arrêté au"))
    published_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    # The public variant (statistical secrecy applied), its narrative and its charts, as published.
    figures = models.JSONField()
    narrative = models.JSONField()
    charts = models.JSONField()
    content_hash = models.CharField(_("empreinte SHA-256"), max_length=64)

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("édition publiée du bilan")
        verbose_name_plural = _("éditions publiées du bilan")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_edition_number_per_year")
        ]

    def __str__(self) -> str:
        return f"Bilan {self.year}, édition n° {self.number}"

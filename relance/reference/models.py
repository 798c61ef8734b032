"""Reference data: delegations, regions, départements, branches, size bands, pathways, situations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delegation(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    short_name = models.CharField(_("nom court"), max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name = _("délégation régionale")
        verbose_name_plural = _("délégations régionales")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    delegation = models.ForeignKey(Delegation, models.PROTECT, related_name="regions")

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, models.PROTECT, related_name="departments")

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Branch(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branche professionnelle")
        verbose_name_plural = _("branches professionnelles")

    def __str__(self) -> str:
        return self.name


class BranchAgreement(models.Model):
    """A collective agreement (IDCC number) that maps to a branch."""

    idcc = models.CharField(_("IDCC"), max_length=4, unique=True)
    branch = models.ForeignKey(Branch, models.CASCADE, related_name="agreements")

    class Meta:
        ordering = ["idcc"]
        verbose_name = _("convention collective (IDCC)")
        verbose_name_plural = _("conventions collectives (IDCC)")

    def __str__(self) -> str:
        return self.idcc


class SizeBand(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    label = models.CharField(_("libellé"), max_length=100)
    min_headcount = models.PositiveIntegerField(_("effectif minimum"))
    max_headcount = models.PositiveIntegerField(_("effectif maximum"), null=True, blank=True)

    class Meta:
        ordering = ["min_headcount"]
        verbose_name = _("tranche d'effectif")
        verbose_name_plural = _("tranches d'effectif")

    def __str__(self) -> str:
        return self.label


class Pathway(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")

    def __str__(self) -> str:
        return self.label


class SituationKind(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=150)

    class Meta:
        ordering = ["code"]
        verbose_name = _("type de situation")
        verbose_name_plural = _("types de situation")

    def __str__(self) -> str:
        return self.label

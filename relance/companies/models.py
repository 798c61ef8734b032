"""Member companies, their establishments and their situations."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from relance.common import formats
from relance.companies.search import search_key
from relance.reference.choices import SituationKind
from relance.reference.models import Branch, Delegation, Department


class Company(models.Model):
    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("raison sociale"), max_length=200)
    # The name as the queue's search compares it (`search_key`): written with the name.
    search_name = models.CharField(max_length=200, blank=True, default="", editable=False)
    naf = models.CharField(_("code NAF"), max_length=5)
    headcount = models.PositiveIntegerField(_("effectif"))
    idcc = models.CharField(_("IDCC"), max_length=4)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="companies")
    department = models.ForeignKey(Department, models.PROTECT, related_name="companies")
    # Denormalised from the département so queues and reports filter without joins.
    delegation = models.ForeignKey(Delegation, models.PROTECT, related_name="companies")
    in_difficulty_on_2019_12_31 = models.BooleanField(
        _("en difficulté au 31/12/2019"), default=False
    )
    ceasing_activity = models.BooleanField(_("en cessation d'activité"), default=False)
    pse_negotiation = models.BooleanField(_("négociation d'un PSE ouverte"), default=False)
    declared_state_aid = models.DecimalField(
        _("aides d'État déclarées (encadrement temporaire)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
    )
    # GBER Annex I's financial ceilings: the last closed year's figures; null = not given, and
    # headcount alone then decides the GBER size category.
    annual_turnover = models.DecimalField(
        _("chiffre d'affaires annuel"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    balance_sheet_total = models.DecimalField(
        _("total du bilan"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entreprise")
        indexes = [models.Index(fields=["name"], name="company_name")]  # the queue's sort

    def __str__(self) -> str:
        return f"{self.name} ({self.siren})"

    def save(self, *args, **kwargs) -> None:
        # A derived column, not a side effect: bulk writes (imports, demo) set it themselves.
        self.search_name = search_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)


class Establishment(models.Model):
    company = models.ForeignKey(Company, models.CASCADE, related_name="establishments")
    siret = models.CharField(_("SIRET"), max_length=14, unique=True)
    name = models.CharField(_("nom"), max_length=200, blank=True)

    class Meta:
        ordering = ["siret"]
        verbose_name = _("établissement")

    def __str__(self) -> str:
        return self.siret


class Situation(models.Model):
    company = models.ForeignKey(Company, models.CASCADE, related_name="situations")
    kind = models.CharField(_("situation"), max_length=30, choices=SituationKind.choices)
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"), null=True, blank=True)
    evidence = models.CharField(_("justificatif"), max_length=200, blank=True)

    class Meta:
        ordering = ["start", "kind"]
        verbose_name = _("situation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="situation_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} depuis le {formats.date(self.start)}"

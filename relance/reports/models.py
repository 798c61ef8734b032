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


class KeptEnvelope(models.Model):
    """Marks an envelope whose kept figures were built from its ledger (`relance demo`, the
    migration, `relance report --rebuild`); from then on every write maintains them. Without
    this mark the report takes the full computation."""

    envelope = models.OneToOneField("budget.Envelope", models.CASCADE, related_name="+")
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Chiffres tenus de {self.envelope}"


class FigureMeasures(models.Model):
    """A cell's key and the measures kept for it: money in integer cents (exact on SQLite)."""

    envelope = models.ForeignKey("budget.Envelope", models.CASCADE, related_name="+")
    delegation = models.ForeignKey("reference.Delegation", models.CASCADE, related_name="+")
    branch = models.ForeignKey("reference.Branch", models.CASCADE, related_name="+")
    band = models.CharField(max_length=20)
    pathway = models.CharField(max_length=30)
    net_cents = models.BigIntegerField(default=0)
    # Beneficiary companies counted once each: on the row of their first pathway (by code), so
    # the column adds up across pathways; `pathway_companies` counts them in every pathway.
    companies = models.IntegerField(default=0)
    pathway_companies = models.IntegerField(default=0)
    # Employees first trained under this pathway, and the companies they work for.
    employees = models.IntegerField(default=0)
    employee_companies = models.IntegerField(default=0)

    MEASURES = ("net_cents", "companies", "pathway_companies", "employees", "employee_companies")

    class Meta:
        abstract = True


class FigureCell(FigureMeasures):
    """The report's aggregates by envelope × delegation × branch × size band × pathway, kept in
    the same transaction as every write that changes them (relance/reports/kept.py)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "delegation", "branch", "band", "pathway"],
                name="one_figure_cell",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.envelope_id} {self.delegation_id} {self.branch_id} {self.band} {self.pathway}"
        )


class CompanyFigure(FigureMeasures):
    """One company's share of the cells, per pathway: what a change of that company subtracts
    from its old cell and adds to its new one."""

    company = models.ForeignKey("companies.Company", models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "company", "pathway"], name="one_company_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.envelope_id} {self.company_id} {self.pathway}"


class MonthFigure(models.Model):
    """Ledger movements of an envelope by month (local time), in cents: the monthly series and
    the envelope's totals for every staff page's banner."""

    envelope = models.ForeignKey("budget.Envelope", models.CASCADE, related_name="+")
    month = models.DateField()
    committed_cents = models.BigIntegerField(default=0)
    released_cents = models.BigIntegerField(default=0)
    paid_cents = models.BigIntegerField(default=0)
    adjusted_cents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["envelope", "month"], name="one_month_figure")
        ]

    def __str__(self) -> str:
        return f"{self.envelope_id} {self.month:%Y-%m}"


class ProcessingFigure(models.Model):
    """How many requests took `days` from submission to their first decision, by delegation:
    the dashboard's medians read this histogram instead of every request's history."""

    envelope = models.ForeignKey("budget.Envelope", models.CASCADE, related_name="+")
    delegation = models.ForeignKey("reference.Delegation", models.CASCADE, related_name="+")
    days = models.IntegerField()
    requests = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "delegation", "days"], name="one_processing_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.envelope_id} {self.delegation_id} {self.days} j"


class QueueCount(models.Model):
    """How many submitted requests (drafts aside) are in each status, by envelope × delegation ×
    branch × pathway: the work queue's counts without counting the requests table."""

    envelope = models.ForeignKey("budget.Envelope", models.CASCADE, related_name="+")
    delegation = models.ForeignKey("reference.Delegation", models.CASCADE, related_name="+")
    branch = models.ForeignKey("reference.Branch", models.CASCADE, related_name="+")
    pathway = models.CharField(max_length=30)
    status = models.CharField(max_length=30)
    requests = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "delegation", "branch", "pathway", "status"],
                name="one_queue_count",
            )
        ]

    def __str__(self) -> str:
        return f"{self.envelope_id} {self.delegation_id} {self.status}: {self.requests}"

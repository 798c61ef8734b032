"""Envelopes of State money and their append-only ledger."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from relance import clock

ZERO = Decimal("0.00")


class Envelope(models.Model):
    """The money available for one scheme and year. Its row is the lock every commitment takes."""

    scheme = models.CharField(_("dispositif"), max_length=20)
    year = models.PositiveSmallIntegerField(_("année"))
    initial_amount = models.DecimalField(_("montant initial"), max_digits=14, decimal_places=2)
    # Above this funded amount an adviser's approval waits for a manager's (four-eyes); null = off.
    second_approval_above = models.DecimalField(
        _("double validation au-delà de"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The share of the State envelope the convention keeps for the operator's own costs: never
    # committed to requests (5 % in OPCO 2i's 2021 convention; 0 unless given).
    operator_costs = models.DecimalField(
        _("frais de gestion de l'opérateur"), max_digits=14, decimal_places=2, default=ZERO
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enveloppe")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="one_envelope_per_scheme_year")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.upper()} {self.year}"


class EntryKind(models.TextChoices):
    COMMITMENT = "commitment", _("Engagement")
    RELEASE = "release", _("Dégagement")
    PAYMENT = "payment", _("Paiement")
    ADJUSTMENT = "adjustment", _("Ajustement de l'enveloppe")


class Payee(models.TextChoices):
    COMPANY = "company", _("Entreprise")
    PROVIDER = "provider", _("Organisme de formation")


class AppendOnlyError(Exception):
    pass


MONEY = models.DecimalField(max_digits=16, decimal_places=2)


class SumOfCents(models.DecimalField):
    """The output of a sum of amounts, read back in cents. SQLite adds its decimals as floats
    and Django quantizes only plain columns: 16 020 560,05 would come back as
    Decimal("16020560.0500000"), which « 2 décimales au plus » then refuses."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(value).quantize(ZERO)


SUM_OF_CENTS = SumOfCents(max_digits=16, decimal_places=2)


def in_cents(difference) -> ExpressionWrapper:
    """A difference of sums, read back in cents like the sums themselves."""
    return ExpressionWrapper(difference, output_field=SUM_OF_CENTS)


def kind_total(kind: str, prefix: str = "", within: Q | None = None) -> Coalesce:
    """SUM of the amounts of one kind of entry, zero when none; `prefix` reaches the ledger
    from another model (`"ledger_entries__"` from a request); `within` narrows the entries."""
    of_kind = Q(**{f"{prefix}kind": kind})
    return Coalesce(
        Sum(f"{prefix}amount", filter=of_kind & within if within else of_kind),
        Value(ZERO),
        output_field=SUM_OF_CENTS,
    )


def net_committed_total(prefix: str = ""):
    """Net commitments (« engagements nets »): commitments − releases; payments consume what is
    committed and do not change it."""
    return in_cents(
        kind_total(EntryKind.COMMITMENT, prefix) - kind_total(EntryKind.RELEASE, prefix)
    )


class LedgerQuerySet(models.QuerySet):
    """The ledger's read model: every sum of money is asked here, never written again."""

    def by_kind(self) -> dict[str, Decimal]:
        """The total of each kind of entry (zero when none), in one query."""
        return self.aggregate(**{kind: kind_total(kind) for kind in EntryKind.values})

    def by_kind_and_net_since(self, start) -> dict[str, Decimal]:
        """`by_kind()`, and `net_since`: the net commitments of the entries from `start` on,
        in the same query."""
        recent = Q(created_at__gte=start)
        return self.aggregate(
            **{kind: kind_total(kind) for kind in EntryKind.values},
            net_since=in_cents(
                kind_total(EntryKind.COMMITMENT, within=recent)
                - kind_total(EntryKind.RELEASE, within=recent)
            ),
        )

    def net_committed(self) -> Decimal:
        return self.aggregate(net=net_committed_total())["net"]


class LedgerEntry(models.Model):
    """One movement of money. Never updated nor deleted: a correction is a new entry."""

    envelope = models.ForeignKey(Envelope, models.PROTECT, related_name="entries")
    request = models.ForeignKey(
        "funding.FundingRequest",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    kind = models.CharField(_("nature"), max_length=20, choices=EntryKind.choices)
    # Positive for commitments, releases and payments; signed for envelope adjustments.
    amount = models.DecimalField(_("montant"), max_digits=14, decimal_places=2)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), default=clock.now, db_index=True)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    payee = models.CharField(_("bénéficiaire"), max_length=20, choices=Payee.choices, blank=True)
    reference = models.CharField(
        _("référence de paiement"), max_length=60, null=True, blank=True, unique=True
    )

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("écriture")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["envelope", "kind"]),
            models.Index(fields=["request", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} €"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError(
                "Le grand livre est en ajout seul : une correction est une nouvelle écriture."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(
            "Le grand livre est en ajout seul : aucune écriture ne peut être supprimée."
        )

"""When will the envelope run out? The forecast the API, the dashboard and the payments page
show (README, « Prévision d'épuisement de l'enveloppe »).

- `available`: the envelope's amount minus its operator's costs and its net commitments, ledger
  entries up to `as_of`;
- `pipeline`: the submitted, in-review, information-requested and awaiting-second-approval
  requests of the envelope, with the sum of their estimated amounts (the rules' funded amount
  computed when they were filed);
- `approval_ratio`: the year's approved requests (approved, completed or paid) over its decided
  ones (those plus the refused), null while nothing is decided;
- `weekly_run_rate`: the net commitments of the 56 days ending on `as_of`, divided by 8;
- `exhaustion_date`: `as_of` plus the days the available money lasts at that rate, rounded up
  (`ceil(56 × available / net commitments of the 8 weeks)`); `as_of` itself when nothing is
  left; null when the money lasts past the filing deadline (or nothing was committed in the
  8 weeks). The pipeline is not added on top: it is what the run rate will commit in the next
  weeks, and counting it again would bring the date forward twice.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from relance.budget.models import EntryKind, Envelope, LedgerEntry
from relance.clock import today
from relance.common import formats
from relance.funding.models import FundingRequest
from relance.funding.workflow import Status
from relance.rules.parameters import parameters_for_year

WEEKS = 8
PIPELINE = (
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.INFORMATION_REQUESTED,
    Status.AWAITING_SECOND_APPROVAL,
)
APPROVED = (Status.APPROVED, Status.COMPLETED, Status.PAID)
DECIDED = (*APPROVED, Status.REFUSED)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Forecast:
    year: int
    as_of: dt.date
    amount: Decimal
    available: Decimal
    pipeline_requests: int
    pipeline_amount: Decimal
    approved: int
    decided: int
    recent_net: Decimal  # net commitments of the WEEKS weeks ending on as_of
    filing_deadline: dt.date

    @property
    def approval_ratio(self) -> Decimal | None:
        return Decimal(self.approved) / Decimal(self.decided) if self.decided else None

    @property
    def weekly_run_rate(self) -> Decimal:
        return self.recent_net / WEEKS

    @property
    def exhaustion_date(self) -> dt.date | None:
        if self.available <= 0:
            return self.as_of
        if self.recent_net <= 0:
            return None
        days = (WEEKS * 7 * self.available / self.recent_net).to_integral_value(ROUND_CEILING)
        date = self.as_of + dt.timedelta(days=int(days))
        return date if date <= self.filing_deadline else None

    def as_dict(self) -> dict:
        ratio, exhausted = self.approval_ratio, self.exhaustion_date
        return {
            "as_of": self.as_of.isoformat(),
            "available": _money(self.available),
            "pipeline": {
                "requests": self.pipeline_requests,
                "amount": _money(self.pipeline_amount),
            },
            "approval_ratio": None if ratio is None else f"{ratio:.4f}",
            "weekly_run_rate": _money(self.weekly_run_rate),
            "exhaustion_date": exhausted.isoformat() if exhausted else None,
        }

    def sentence(self) -> str:
        """The forecast and its assumptions, in one French sentence."""
        return f"{_outcome(self)} ; {_pipeline(self)}."

    def projection(self) -> list[tuple[dt.date, Decimal]]:
        """Projected net commitments at the run rate, from `as_of` to the exhaustion date or
        the filing deadline (the chart's dashed line); empty when nothing is projected."""
        end = self.exhaustion_date or self.filing_deadline
        if self.recent_net <= 0 or self.available <= 0 or end <= self.as_of:
            return []
        net, daily = self.amount - self.available, self.recent_net / (WEEKS * 7)
        days = [self.as_of, *_month_ends(self.as_of, end), end]
        return [(d, min(self.amount, net + daily * (d - self.as_of).days)) for d in days]

    def projection_by_month(self) -> list[dict[str, str]]:
        """The projection as the burn-up chart's months (« 2022-04 ») and amounts."""
        return [
            {"month": f"{day:%Y-%m}", "cumulative_net": _money(net)}
            for day, net in self.projection()
        ]


def envelope_forecast(
    *, year: int, scheme: str = "fne", as_of: dt.date | None = None
) -> Forecast | None:
    """The year's forecast as of the business date; None when the year has no envelope."""
    params = parameters_for_year(year, scheme)
    envelope = Envelope.objects.filter(scheme=scheme, year=year).first() if params else None
    if envelope is None:
        return None
    as_of = as_of or today()
    ledger = LedgerEntry.objects.filter(
        envelope=envelope, created_at__lt=_midnight(as_of + dt.timedelta(days=1))
    )
    sums = ledger.by_kind_and_net_since(_midnight(as_of - dt.timedelta(days=WEEKS * 7 - 1)))
    return Forecast(
        year=year,
        as_of=as_of,
        # What can be committed: the operator's costs are part of the amount, never committed.
        amount=(
            amount := envelope.initial_amount + sums[EntryKind.ADJUSTMENT] - envelope.operator_costs
        ),
        available=amount - (sums[EntryKind.COMMITMENT] - sums[EntryKind.RELEASE]),
        recent_net=sums["net_since"],
        filing_deadline=params.filing_deadline,
        **_request_counts(envelope),
    )


def _request_counts(envelope: Envelope) -> dict:
    return FundingRequest.objects.filter(envelope=envelope).aggregate(
        pipeline_requests=Count("pk", filter=Q(status__in=PIPELINE)),
        pipeline_amount=Coalesce(
            Sum("funded_amount", filter=Q(status__in=PIPELINE)),
            Value(ZERO),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        ),
        approved=Count("pk", filter=Q(status__in=APPROVED)),
        decided=Count("pk", filter=Q(status__in=DECIDED)),
    )


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a day in the operator's time zone (the ledger's dates follow it)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last days of the months after `start`'s, before `end`."""
    ends, first = [], _next_month(start)
    while (last := _next_month(first) - dt.timedelta(days=1)) < end:
        ends.append(last)
        first = _next_month(first)
    return ends


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def _outcome(forecast: Forecast) -> str:
    date, available = forecast.exhaustion_date, formats.amount(forecast.available)
    if forecast.available <= 0:
        return f"Au {formats.date(forecast.as_of)}, l'enveloppe est entièrement engagée"
    deadline = formats.date(forecast.filing_deadline)
    if forecast.as_of > forecast.filing_deadline:
        return (
            f"Au {formats.date(forecast.as_of)}, la date limite de dépôt du {deadline} est "
            f"passée et {available} restent disponibles"
        )
    pace = (
        f"Au {formats.date(forecast.as_of)}, au rythme des {WEEKS} dernières semaines "
        f"({formats.amount(_rounded(forecast.weekly_run_rate))} d'engagements nets par semaine), "
        f"les {available} disponibles"
    )
    if date:
        return f"{pace} seraient épuisés le {formats.date(date)}, avant la date limite de dépôt du {deadline}"
    return f"{pace} dureraient au-delà de la date limite de dépôt du {deadline}"


def _pipeline(forecast: Forecast) -> str:
    ratio = forecast.approval_ratio
    share = (
        "aucune demande n'est encore décidée cette année"
        if ratio is None
        else f"{formats.percent(ratio, 1)} des demandes décidées cette année ont été accordées"
    )
    return (
        f"{formats.integer(forecast.pipeline_requests)} demande(s) en cours d'instruction "
        f"totalisent {formats.amount(forecast.pipeline_amount)} estimés, et {share}"
    )


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

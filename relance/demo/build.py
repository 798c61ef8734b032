"""Turn a year's plan into rows, deciding every request with the rules engine.

Amounts are solved so that the engine itself gives the planned commitment: the demo never
writes an amount the rules would not have decided.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils import timezone

from relance.accounts.models import Role
from relance.budget.models import EntryKind, LedgerEntry, Payee
from relance.demo.plan import RequestPlan, YearPlan
from relance.demo.training import provider, title
from relance.funding.models import FundingRequest, Trainee, TrainingAction, TransitionLog
from relance.funding.workflow import NEW, Action, Facts, transition_for
from relance.rules.contract import evaluate_json, parse_request
from relance.rules.engine import evaluate, trainee_exclusion
from relance.rules.parameters import parameters_in_force

CENT = Decimal("0.01")
# A planned event → the workflow action and the role that takes it. The status each leads to
# comes from the workflow table, as for a real request; a plan the table refuses is a bug.
STEPS = {
    "submit": (Action.SUBMIT, Role.COMPANY),
    "review": (Action.REVIEW, Role.ADVISER),
    "request_information": (Action.REQUEST_INFORMATION, Role.ADVISER),
    "answer": (Action.ANSWER, Role.COMPANY),
    "approve": (Action.APPROVE, Role.ADVISER),
    "complete": (Action.COMPLETE, Role.ADVISER),
    "partial_payment": (Action.PAY, Role.FINANCE),
    "pay": (Action.PAY, Role.FINANCE),
    "refuse": (Action.REFUSE, Role.ADVISER),
    "cancel": (Action.CANCEL, Role.ADVISER),
}
ORDER = list(STEPS)
COMMENTS = {
    "request_information": "Merci de joindre le programme détaillé et le devis signé de l'organisme.",
    "answer": "Programme et devis déposés.",
    "refuse": "La formation demandée ne relève pas du dispositif.",
    "cancel": "L'entreprise renonce à la formation.",
}


@dataclass(frozen=True)
class Shape:
    """What a request looks like besides its cost: drawn once, reused by every evaluation."""

    start: dt.date
    end: dt.date
    hourly: Decimal
    trainees: list[dict]


@dataclass
class Built:
    request: FundingRequest
    actions: list[TrainingAction] = field(default_factory=list)
    trainees: list[Trainee] = field(default_factory=list)
    history: list[TransitionLog] = field(default_factory=list)
    ledger: list[LedgerEntry] = field(default_factory=list)


class Builder:
    def __init__(
        self, *, year_plan: YearPlan, envelope, staff: dict, rnd: random.Random, year: int
    ):
        self.plan, self.envelope, self.staff, self.rnd, self.year = (
            year_plan,
            envelope,
            staff,
            rnd,
            year,
        )
        self.providers = [provider(n) for n in range(40)]
        self.aid_received: dict[int, Decimal] = {}
        self.references: dict[int, int] = {}
        self.matricules: dict[int, list[str]] = {}

    def build(self, plan: RequestPlan, events_end: dt.date) -> Built:
        events = {name: day for name, day in plan.events.items() if day <= events_end}
        shape = self._shape(plan)
        decision, inputs = self._decide(plan, shape, events)
        request = FundingRequest(
            company_id=plan.company.pk,
            reference=self._reference(plan),
            pathway=plan.pathway,
            aid_regime=plan.regime,
            filed_on=plan.filed_on,
            envelope=self.envelope,
            decision=decision,
            decision_inputs=inputs,
            eligible=decision["eligible"],
            funded_amount=Decimal(decision["funded_amount"]),
            rules_version=decision["rules_version"],
            created_by=self._adviser(plan),
            decided_at=_at(plan.filed_on, 9, 5),
        )
        built = Built(request)
        self._parts(built, plan, inputs)
        status = NEW
        steps = [("create", plan.filed_on, 9, 0)] + [
            (name, day, 10, ORDER.index(name))
            for name, day in sorted(
                events.items(), key=lambda item: (item[1], ORDER.index(item[0]))
            )
        ]
        for name, day, hour, minute in steps:
            action, role, to = _step(status, name)
            built.history.append(
                self._log(plan, request, action, role, (status, to), _at(day, hour, minute))
            )
            self._money(built, plan, name, day)
            status = to
        request.status = status
        if "approve" in events:
            request.approved_at = _at(events["approve"], 10, 4)
        return built

    def _decide(self, plan: RequestPlan, shape: Shape, events: dict) -> tuple[dict, dict]:
        inputs = self._inputs(plan, shape, Decimal("1000.00"))
        probe = evaluate(parse_request(inputs))
        wants_money = plan.outcome not in ("refused", "pending") and "approve" in events
        if wants_money and not probe.eligible:
            raise AssertionError(
                f"a planned approval is ineligible: {[r.code for r in probe.reasons]}"
            )
        planned = plan.commitment
        if probe.eligible and probe.rate > 0:
            target = planned or self._random_commitment(plan, probe.rate)
            eligible = plan.new_employees + plan.repeated_employees
            inputs = self._inputs(
                plan, shape, solve_cost(target, probe.rate, eligible, len(shape.trainees))
            )
        decision = evaluate_json(inputs)
        funded = int(Decimal(decision["funded_amount"]) * 100)
        if wants_money and planned and funded != planned:
            raise AssertionError(f"the solved cost gives {funded} cents, {planned} planned")
        plan.commitment = funded if wants_money else 0
        return decision, inputs

    def _random_commitment(self, plan: RequestPlan, rate: Decimal) -> int:
        per_trainee = self.rnd.uniform(600, 2500)
        return max(10_000, int(per_trainee * max(1, plan.new_employees) * 100 * float(rate)))

    def _shape(self, plan: RequestPlan) -> Shape:
        start = plan.events.get("approve", plan.filed_on) + dt.timedelta(
            days=self.rnd.randint(7, 30)
        )
        end = start + dt.timedelta(days=self.rnd.randint(10, 250))
        eligible = []
        for _ in range(plan.new_employees + plan.repeated_employees):
            fixed = self.rnd.random() < 0.08
            contract_end = (
                (end + dt.timedelta(days=self.rnd.randint(30, 400))).isoformat() if fixed else None
            )
            eligible.append(
                {
                    "contract": "fixed_term" if fixed else "permanent",
                    "contract_end": contract_end,
                    "leaving_under_pse_or_rcc": False,
                }
            )
        apprentices = [
            {"contract": "apprenticeship", "contract_end": None, "leaving_under_pse_or_rcc": False}
        ] * plan.apprentices
        return Shape(start, end, Decimal(self.rnd.randint(35, 70)), eligible + apprentices)

    def _inputs(self, plan: RequestPlan, shape: Shape, cost: Decimal) -> dict:
        kind, s_start, s_end = self.plan.situations[plan.company.pk]
        return {
            "filed_on": plan.filed_on.isoformat(),
            "company": {
                "headcount": plan.company.headcount,
                "idcc": plan.company.idcc,
                "situations": [
                    {
                        "kind": kind,
                        "start": s_start.isoformat(),
                        "end": s_end.isoformat() if s_end else None,
                    }
                ],
                "in_difficulty_on_2019_12_31": False,
                "ceasing_activity": False,
                "pse_negotiation": False,
                "state_aid_received": f"{self.aid_received.get(plan.company.pk, Decimal(0)):.2f}",
            },
            "aid_regime": plan.regime,
            "pathway": plan.pathway,
            "training": {
                "start": shape.start.isoformat(),
                "end": shape.end.isoformat(),
                "cost": f"{cost:.2f}",
                "hours": f"{max(Decimal(7), (cost / shape.hourly).quantize(Decimal(1))):.2f}",
                "mandatory_safety": plan.mandatory_safety,
            },
            "trainees": shape.trainees,
        }

    def _parts(self, built: Built, plan: RequestPlan, inputs: dict) -> None:
        training = inputs["training"]
        cost, hours = Decimal(training["cost"]), Decimal(training["hours"])
        start, end = (
            dt.date.fromisoformat(training["start"]),
            dt.date.fromisoformat(training["end"]),
        )
        split = 2 if cost > 5000 and self.rnd.random() < 0.3 else 1
        first_cost = (cost / 2).quantize(CENT) if split == 2 else cost
        first_hours = (hours / 2).quantize(CENT) if split == 2 else hours
        provider, declaration = self.rnd.choice(self.providers)
        middle = start + (end - start) / 2
        ranges = [(start, end)] if split == 1 else [(start, middle), (middle, end)]
        for index, (a_start, a_end) in enumerate(ranges):
            built.actions.append(
                TrainingAction(
                    request=built.request,
                    title=title(plan.pathway, index),
                    provider_siret=provider,
                    provider_declaration_number=declaration,
                    hours=first_hours if index == 0 else hours - first_hours,
                    start=a_start,
                    end=a_end,
                    cost=first_cost if index == 0 else cost - first_cost,
                    mandatory_safety=plan.mandatory_safety,
                )
            )
        params = parameters_in_force(plan.filed_on)
        parsed = parse_request(inputs)
        refs = self._matricules(plan)
        for given, raw, ref in zip(parsed.trainees, inputs["trainees"], refs, strict=True):
            built.trainees.append(
                Trainee(
                    request=built.request,
                    employee_ref=ref,
                    contract=raw["contract"],
                    contract_end=dt.date.fromisoformat(raw["contract_end"])
                    if raw["contract_end"]
                    else None,
                    eligible=trainee_exclusion(given, parsed.training.end, params) is None,
                )
            )

    def _matricules(self, plan: RequestPlan) -> list[str]:
        known = self.matricules.setdefault(plan.company.pk, [])
        prefix = f"{self.year % 100}"
        new = [f"M{prefix}{len(known) + n + 1:05d}" for n in range(plan.new_employees)]
        repeated = (
            self.rnd.sample(known, plan.repeated_employees) if plan.repeated_employees else []
        )
        apprentices = [
            f"A{prefix}{self.rnd.randint(1, 99999):05d}-{n}" for n in range(plan.apprentices)
        ]
        if plan.outcome not in ("refused", "cancelled", "pending"):
            known.extend(new)
        return new + repeated + apprentices

    def _money(self, built: Built, plan: RequestPlan, event: str, day: dt.date) -> None:
        request, amount = built.request, Decimal(plan.commitment) / 100
        if event == "approve":
            built.ledger.append(
                self._entry(
                    request,
                    EntryKind.COMMITMENT,
                    amount,
                    day,
                    10,
                    f"Accord de la demande {request.reference}",
                )
            )
            if plan.regime == "temporary_framework":
                self.aid_received[plan.company.pk] = (
                    self.aid_received.get(plan.company.pk, Decimal(0)) + amount
                )
        elif event == "cancel":
            built.ledger.append(
                self._entry(
                    request,
                    EntryKind.RELEASE,
                    amount,
                    day,
                    11,
                    f"Annulation de la demande {request.reference}",
                )
            )
        elif event == "partial_payment":
            part = (amount * Decimal(self.rnd.randint(30, 60)) / 100).quantize(CENT)
            built.ledger.append(self._payment(request, part, day))
        elif event == "pay":
            net = Decimal(plan.net) / 100
            built.ledger.append(self._payment(request, net, day))
            if amount > net:
                built.ledger.append(
                    self._entry(
                        request,
                        EntryKind.RELEASE,
                        amount - net,
                        day,
                        15,
                        f"Solde de la demande {request.reference} : reliquat dégagé",
                    )
                )

    def _entry(self, request, kind, amount, day, hour, reason, **extra) -> LedgerEntry:
        return LedgerEntry(
            envelope=self.envelope,
            request=request,
            kind=kind,
            amount=amount,
            created_at=_at(day, hour, 5),
            reason=reason,
            actor=self.staff["finance"] if kind == EntryKind.PAYMENT else None,
            **extra,
        )

    def _payment(self, request, amount, day) -> LedgerEntry:
        reference = f"VIR-{self.year}-{request.reference}-{self.rnd.randint(1000, 9999)}"
        return self._entry(
            request,
            EntryKind.PAYMENT,
            amount,
            day,
            14,
            f"Paiement {reference}",
            payee=self.rnd.choice([Payee.COMPANY, Payee.PROVIDER]),
            reference=reference,
        )

    def _adviser(self, plan: RequestPlan):
        return self.staff["advisers"][plan.company.delegation]

    def _log(self, plan, request, action, role, move: tuple[str, str], at) -> TransitionLog:
        # Company-side steps of the history have no login in the demo: the actor stays empty.
        actor = {Role.COMPANY: None, Role.FINANCE: self.staff["finance"]}.get(
            role, self._adviser(plan)
        )
        return TransitionLog(
            request=request,
            actor=actor,
            at=at,
            action=action,
            from_status=move[0],
            to_status=move[1],
            comment=COMMENTS.get(action, ""),
        )

    def _reference(self, plan: RequestPlan) -> str:
        number = self.references.get(plan.company.pk, 0) + 1
        self.references[plan.company.pk] = number
        return f"FNE-{self.year}-{plan.company.pk:06d}-{number:02d}"


def _step(status: str, event: str) -> tuple[str, str, str]:
    """The action, role and target of a planned event, as the workflow table says."""
    action, role = STEPS[event] if event != "create" else (Action.CREATE, Role.COMPANY)
    row = transition_for(status, action, role, Facts(final_payment=event == "pay"))
    if row is None:
        raise AssertionError(f"the demo plans « {event} » from « {status} »: not in the workflow")
    return action, role, row.target


def solve_cost(target_cents: int, rate: Decimal, eligible: int, total: int) -> Decimal:
    """The smallest cost whose funded amount, under the engine's rounding, is the target:
    eligible cost = cost × eligible/total, funded = eligible cost × rate, both half-up to the cent."""
    target = Decimal(target_cents) / 100
    eligible_cost = ((target - CENT / 2) / rate).quantize(CENT, rounding=ROUND_CEILING)
    while (eligible_cost * rate).quantize(CENT, rounding="ROUND_HALF_UP") < target:
        eligible_cost += CENT
    if eligible == total:
        return eligible_cost
    cost = ((eligible_cost - CENT / 2) * total / eligible).quantize(CENT, rounding=ROUND_CEILING)
    while (cost * eligible / total).quantize(CENT, rounding="ROUND_HALF_UP") < eligible_cost:
        cost += CENT
    return cost


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))

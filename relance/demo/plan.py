"""Plan a demo year: which companies benefit, their requests, dates, trainees and amounts.

Every count and amount the report publishes is fixed here exactly (calibration.apportion and
fit_matrix); the seed only changes which companies and requests carry them.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from relance.demo.calibration import apportion, fit_matrix
from relance.demo.profile import PATHWAYS, Profile
from relance.rules.parameters import parameters_in_force

REQUESTS_PER_COMPANY = ((1, 0.76), (2, 0.19), (3, 0.05))
SITUATIONS = (
    ("partial_activity", 0.55),
    ("long_partial_activity", 0.25),
    ("difficulty", 0.15),
    ("transformation", 0.03),
    ("recovery", 0.02),
)
RULES_V2 = dt.date(2021, 7, 1)  # transformation, recovery and the GBER regime (fne-2021-07)
MIN_NET = 15_000  # cents: no beneficiary request below 150 €


@dataclass
class CompanyRow:
    pk: int
    delegation: str
    branch: str
    headcount: int
    idcc: str


@dataclass
class RequestPlan:
    company: CompanyRow
    pathway: str
    filed_on: dt.date
    outcome: str  # paid_exactly, paid_under_spent, completed, approved, refused, cancelled, pending
    regime: str = "temporary_framework"
    new_employees: int = 0
    repeated_employees: int = 0
    apprentices: int = 0
    net: int = 0  # cents: what stays committed at the end
    commitment: int = 0  # cents: what approval commits (the rules' amount)
    mandatory_safety: bool = False
    events: dict[str, dt.date] = field(default_factory=dict)


@dataclass
class YearPlan:
    beneficiaries: list[CompanyRow]
    requests: list[RequestPlan]
    situations: dict[int, tuple[str, dt.date, dt.date | None]]  # company pk → its situation


def plan_year(profile: Profile, companies: list[CompanyRow], rnd: random.Random) -> YearPlan:
    np_rnd = np.random.default_rng(rnd.getrandbits(63))
    beneficiaries = select_beneficiaries(profile, companies, rnd)
    requests = [r for company in beneficiaries for r in _company_requests(profile, company, rnd)]
    assign_pathways(profile, requests, rnd)
    allocate_employees(profile, requests, rnd)
    allocate_money(profile, beneficiaries, requests, np_rnd)
    others = _other_requests(profile, companies, beneficiaries, len(requests), rnd)
    all_requests = requests + others
    first_filing: dict[int, dt.date] = {}
    for request in all_requests:
        pk = request.company.pk
        first_filing[pk] = min(first_filing.get(pk, request.filed_on), request.filed_on)
    situations = {pk: _situation(profile, first, rnd) for pk, first in first_filing.items()}
    for request in all_requests:
        _choose_regime(request, rnd)
    return YearPlan(beneficiaries, all_requests, situations)


def select_beneficiaries(
    profile: Profile, companies: list[CompanyRow], rnd: random.Random
) -> list[CompanyRow]:
    """Exactly the profile's count per delegation and of small companies; in Auvergne-Rhône-Alpes
    one company of every branch and in every delegation one metallurgy company (the hubs that
    let the amounts fit both margins exactly)."""
    by_delegation: dict[str, list[CompanyRow]] = {}
    for company in companies:
        by_delegation.setdefault(company.delegation, []).append(company)
    codes = sorted(profile.beneficiaries)
    small_quota = dict(
        zip(
            codes,
            apportion(profile.small_beneficiaries, [profile.beneficiaries[c] for c in codes]),
            strict=True,
        )
    )
    chosen = []
    for code in codes:
        pool = sorted(by_delegation.get(code, []), key=lambda c: c.pk)
        rnd.shuffle(pool)
        hubs = _hubs(pool, code, {c.branch for c in companies})
        rest = [c for c in pool if c not in hubs]
        small_needed = small_quota[code] - sum(c.headcount < 50 for c in hubs)
        large_needed = profile.beneficiaries[code] - len(hubs) - small_needed
        small = [c for c in rest if c.headcount < 50][:small_needed]
        large = [c for c in rest if c.headcount >= 50][:large_needed]
        if (
            len(small) < small_needed
            or len(large) < large_needed
            or min(small_needed, large_needed) < 0
        ):
            raise ValueError(
                f"le périmètre de {code} est trop petit pour le profil de démonstration"
            )
        chosen += hubs + small + large
    return chosen


def _hubs(pool: list[CompanyRow], delegation: str, branches: set[str]) -> list[CompanyRow]:
    wanted = sorted(branches) if delegation == "ARA" else ["metallurgie"]
    hubs = []
    for branch in wanted:
        match = next((c for c in pool if c.branch == branch and c not in hubs), None)
        if match is None:
            raise ValueError(f"aucune entreprise {branch} dans la délégation {delegation}")
        hubs.append(match)
    return hubs


def _dates(profile: Profile, count: int, rnd: random.Random) -> list[dt.date]:
    span = (profile.filing_end - profile.filing_start).days
    return sorted(
        profile.filing_start + dt.timedelta(days=rnd.randint(0, span)) for _ in range(count)
    )


def _company_requests(
    profile: Profile, company: CompanyRow, rnd: random.Random
) -> list[RequestPlan]:
    count = min(
        company.headcount,
        rnd.choices([k for k, _ in REQUESTS_PER_COMPANY], [w for _, w in REQUESTS_PER_COMPANY])[0],
    )
    plans, last_approval = [], None
    for filed_on in _dates(profile, count, rnd):
        approved = filed_on + dt.timedelta(days=rnd.randint(5, 35))
        if last_approval and approved <= last_approval:
            approved = last_approval + dt.timedelta(days=1)
        last_approval = approved
        plan = RequestPlan(company, "", filed_on, _outcome(profile, rnd))
        plan.events = _beneficiary_events(profile, filed_on, approved, plan.outcome, rnd)
        plans.append(plan)
    return plans


def _outcome(profile: Profile, rnd: random.Random) -> str:
    shares = profile.outcomes
    draw = rnd.random()
    for name in ("paid_exactly", "paid_under_spent", "completed"):
        if draw < shares[name]:
            return name
        draw -= shares[name]
    return "approved"


def _beneficiary_events(
    profile: Profile, filed_on: dt.date, approved: dt.date, outcome: str, rnd: random.Random
) -> dict:
    reviewed = filed_on + dt.timedelta(days=rnd.randint(1, max(1, (approved - filed_on).days - 1)))
    events = {"submit": filed_on, "review": min(reviewed, approved), "approve": approved}
    if rnd.random() < 0.15:
        asked = events["review"]
        events["request_information"] = asked
        events["answer"] = min(asked + dt.timedelta(days=rnd.randint(1, 10)), approved)
    # Each step follows the one before, even when the year's events stop at the reference date
    # (the workflow table holds no completion before approval, no payment before completion).
    if outcome != "approved":
        done = approved + dt.timedelta(days=rnd.randint(20, 120))
        events["complete"] = min(done, max(approved, profile.events_end - dt.timedelta(days=1)))
    if outcome.startswith("paid"):
        paid = events["complete"] + dt.timedelta(days=rnd.randint(1, 30))
        events["pay"] = min(paid, max(events["complete"], profile.events_end))
    elif outcome == "completed" and rnd.random() < 0.5:
        events["partial_payment"] = events["complete"]
    return events


def assign_pathways(profile: Profile, requests: list[RequestPlan], rnd: random.Random) -> None:
    """Pathways in the proportions of the employees they must train."""
    counts = apportion(len(requests), [profile.employees[p] for p in PATHWAYS], minimum=1)
    pathways = [p for p, n in zip(PATHWAYS, counts, strict=True) for _ in range(n)]
    rnd.shuffle(pathways)
    for request, pathway in zip(requests, pathways, strict=True):
        request.pathway = pathway


def _wanted_trainees(headcount: int, rnd: random.Random) -> float:
    if headcount < 50:
        return rnd.uniform(1, min(headcount, 14))
    if headcount < 300:
        return rnd.uniform(6, 40)
    return rnd.uniform(15, 120) if headcount <= 1000 else rnd.uniform(30, 260)


def allocate_employees(profile: Profile, requests: list[RequestPlan], rnd: random.Random) -> None:
    """Exactly the profile's distinct employees per pathway, at least one per request, never
    more distinct trainees in a company than its headcount."""
    capacity = {r.company.pk: r.company.headcount for r in requests}
    later = Counter(
        r.company.pk for r in requests
    )  # one employee kept for each request still to fill
    for pathway in PATHWAYS:
        group = [r for r in requests if r.pathway == pathway]
        later.subtract(r.company.pk for r in group)
        weights = [_wanted_trainees(r.company.headcount, rnd) for r in group]
        counts = apportion(profile.employees[pathway], weights, minimum=1)
        for request, count in zip(group, counts, strict=True):
            request.new_employees = count
        _respect_capacity(group, {pk: capacity[pk] - later[pk] for pk in capacity}, rnd)
        for request in group:
            capacity[request.company.pk] -= request.new_employees
    seen: dict[int, int] = {}
    for request in sorted(requests, key=lambda r: r.events["approve"]):
        earlier = seen.get(request.company.pk, 0)
        if earlier and rnd.random() < 0.3:
            request.repeated_employees = rnd.randint(1, min(3, earlier))
        request.apprentices = 1 if rnd.random() < 0.05 else 0
        seen[request.company.pk] = earlier + request.new_employees


def _respect_capacity(
    group: list[RequestPlan], capacity: dict[int, int], rnd: random.Random
) -> None:
    """Cut what exceeds a company's remaining employees (keeping one per request) and give the
    overflow to companies that still have room, so the pathway's total stays exact."""
    by_company: dict[int, list[RequestPlan]] = {}
    for request in group:
        by_company.setdefault(request.company.pk, []).append(request)
    overflow, room = 0, {}
    for pk, items in by_company.items():
        excess = sum(r.new_employees for r in items) - capacity[pk]
        for request in items:
            cut = min(excess, request.new_employees - 1)
            if cut > 0:
                request.new_employees -= cut
                excess -= cut
                overflow += cut
        if excess > 0:
            raise ValueError("une entreprise a plus de demandes que de salariés")
        room[pk] = -excess
    candidates = [pk for pk in sorted(room) if room[pk] > 0]
    rnd.shuffle(candidates)
    while overflow and candidates:
        for pk in candidates:
            added = min(room[pk], overflow, 10)
            by_company[pk][0].new_employees += added
            room[pk] -= added
            overflow -= added
        candidates = [pk for pk in candidates if room[pk] > 0]
    if overflow:
        raise ValueError("les entreprises bénéficiaires n'ont pas assez de salariés pour le profil")


def allocate_money(
    profile: Profile, beneficiaries: list[CompanyRow], requests: list[RequestPlan], np_rnd
) -> None:
    """Net commitments exact by delegation and by branch (a fitted matrix), split inside each
    cell by trainees with some noise; under-spent requests committed a little more first."""
    delegations, branches = sorted(profile.delegation_money), sorted(profile.branch_money)
    seed = np.zeros((len(delegations), len(branches)))
    for company in beneficiaries:
        seed[delegations.index(company.delegation), branches.index(company.branch)] += 1
    cells = fit_matrix(
        [profile.delegation_money[d] for d in delegations],
        [profile.branch_money[b] for b in branches],
        seed,
        delegations.index("ARA"),
        branches.index("metallurgie"),
    )
    by_cell: dict[tuple[str, str], list[RequestPlan]] = {}
    for request in requests:
        by_cell.setdefault((request.company.delegation, request.company.branch), []).append(request)
    for (delegation, branch), items in sorted(by_cell.items()):
        target = int(cells[delegations.index(delegation), branches.index(branch)])
        weights = [
            (r.new_employees + r.repeated_employees) * np_rnd.lognormal(0, 0.35) for r in items
        ]
        for request, net in zip(
            items,
            apportion(target, weights, minimum=min(MIN_NET, target // len(items))),
            strict=True,
        ):
            request.net = net
            extra = np_rnd.uniform(0.03, 0.15) if request.outcome == "paid_under_spent" else 0
            request.commitment = net + max(100, int(net * extra)) if extra else net


def _other_requests(
    profile: Profile,
    companies: list[CompanyRow],
    beneficiaries: list[CompanyRow],
    count: int,
    rnd: random.Random,
) -> list[RequestPlan]:
    """Requests that end with nothing committed: refused, cancelled after approval, pending."""
    pool = beneficiaries + rnd.sample(companies, min(len(companies), count))
    plans = []
    for outcome, share in (
        ("refused", profile.outcomes["refused_per_beneficiary_request"]),
        ("cancelled", profile.outcomes["cancelled_per_beneficiary_request"]),
        ("pending", 0.02),
    ):
        for _ in range(round(count * share)):
            company = rnd.choice(pool)
            filed_on = _dates(profile, 1, rnd)[0]
            if outcome == "pending":
                filed_on = max(
                    profile.filing_start, profile.filing_end - dt.timedelta(days=rnd.randint(0, 20))
                )
            plan = RequestPlan(
                company,
                rnd.choice(PATHWAYS),
                filed_on,
                outcome,
                new_employees=rnd.randint(1, max(1, min(8, company.headcount))),
            )
            plan.mandatory_safety = outcome == "refused" and rnd.random() < 0.5
            plan.commitment = plan.net = 0
            plan.events = _other_events(profile, plan, rnd)
            plans.append(plan)
    return plans


def _other_events(profile: Profile, plan: RequestPlan, rnd: random.Random) -> dict:
    decided = plan.filed_on + dt.timedelta(days=rnd.randint(5, 30))
    events = {"submit": plan.filed_on}
    if plan.outcome == "pending":
        if rnd.random() < 0.5:
            events["review"] = plan.filed_on
        return events
    events["review"] = plan.filed_on + dt.timedelta(days=1)
    if plan.outcome == "refused":
        events["refuse"] = decided
    else:
        plan.commitment = 0  # set from the rules when built
        events["approve"] = decided
        cancelled = decided + dt.timedelta(days=rnd.randint(5, 40))
        events["cancel"] = min(cancelled, max(decided, profile.events_end))
    return events


def _situation(
    profile: Profile, first: dt.date, rnd: random.Random
) -> tuple[str, dt.date, dt.date | None]:
    """A situation active from before the company's first filing, retained by the rules then."""
    kinds = [
        k for k, _ in SITUATIONS if k not in ("transformation", "recovery") or first >= RULES_V2
    ]
    kind = rnd.choices(kinds, weights=[dict(SITUATIONS)[k] for k in kinds])[0]
    start = first - dt.timedelta(days=rnd.randint(10, 300))
    end = None if rnd.random() < 0.4 else dt.date(profile.year + 1, rnd.randint(1, 12), 28)
    return kind, start, end


def _choose_regime(request: RequestPlan, rnd: random.Random) -> None:
    chose_gber = request.filed_on >= RULES_V2 and rnd.random() < 0.2
    # From 1 July 2022 (fne-2022-07) the temporary framework is closed: GBER only.
    if chose_gber or "temporary_framework" not in parameters_in_force(request.filed_on).regimes:
        request.regime = "gber"

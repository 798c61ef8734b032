"""The perimeter: the operator's member companies, created once for every demo year."""

import random

from stdnum import luhn

from relance.companies.models import Company
from relance.companies.search import search_key
from relance.demo.progress import Progress
from relance.reference.models import Branch, Department

NAF_BY_BRANCH = {
    "metallurgie": ["2562B", "2511Z", "2599B", "2829B", "2932Z", "2550B", "2813Z"],
    "plasturgie": ["2229A", "2222Z", "2221Z"],
    "chimie": ["2014Z", "2059Z", "2030Z"],
    "caoutchouc": ["2219Z", "2211Z"],
    "pharmacie": ["2120Z", "2110Z"],
    "textile": ["1330Z", "1392Z"],
    "petrole": ["1920Z"],
    "habillement": ["1413Z", "1414Z"],
    "ameublement": ["3109B", "3101Z"],
    "verre": ["2313Z", "2311Z"],
    "papier-carton": ["1712Z", "1721A"],
    "materiaux": ["2361Z", "0812Z"],
    "ceramique": ["2341Z"],
    "chaussure": ["1520Z"],
    "maroquinerie": ["1512Z"],
}
WORDS = {
    "metallurgie": [
        "Forges",
        "Mécanique",
        "Usinage",
        "Chaudronnerie",
        "Fonderie",
        "Décolletage",
        "Tôlerie",
    ],
    "plasturgie": ["Plastiques", "Injection", "Polymères"],
    "chimie": ["Chimie", "Synthèse", "Résines"],
    "caoutchouc": ["Caoutchoucs", "Élastomères"],
    "pharmacie": ["Laboratoires", "Pharma"],
    "textile": ["Tissages", "Filatures"],
    "petrole": ["Raffinerie", "Lubrifiants"],
    "habillement": ["Confection", "Ateliers de couture"],
    "ameublement": ["Meubles", "Ébénisterie"],
    "verre": ["Verrerie", "Cristallerie"],
    "papier-carton": ["Papeterie", "Cartonnages"],
    "materiaux": ["Carrières", "Bétons"],
    "ceramique": ["Céramiques", "Faïencerie"],
    "chaussure": ["Chaussures", "Bottiers"],
    "maroquinerie": ["Maroquinerie", "Sellerie"],
}
PLACES = [
    "du Rhône",
    "de l'Est",
    "de la Loire",
    "du Nord",
    "des Alpes",
    "de l'Ouest",
    "du Centre",
    "Océane",
    "de Provence",
    "d'Armor",
    "des Vosges",
    "du Jura",
    "de Gascogne",
    "du Val",
    "de la Vallée",
    "Atlantique",
]
# Shares of the perimeter by size: 80 % below 50 employees.
SIZE_CLASSES = [((1, 49), 0.80), ((50, 299), 0.155), ((300, 1000), 0.035), ((1001, 15000), 0.01)]
SIREN_BASE = 40_000_000


def draw_headcount(rnd: random.Random, size_class: int | None = None) -> int:
    if size_class is None:
        size_class = rnd.choices(range(len(SIZE_CLASSES)), weights=[w for _, w in SIZE_CLASSES])[0]
    low, high = SIZE_CLASSES[size_class][0]
    return int(low + (high - low) * rnd.random() ** 2.2)  # more small ones within each class


def ensure_perimeter(
    *, count: int, delegation_weights: dict[str, float], rnd: random.Random, progress: bool
) -> int:
    """Create companies until the registry holds `count`; every delegation × branch cell gets at
    least two small companies and one larger one, so any demo year finds the profile it needs."""
    missing = count - Company.objects.count()
    if missing <= 0:
        return 0
    branches = list(Branch.objects.prefetch_related("agreements").order_by("code"))
    departments: dict[str, list[Department]] = {}
    for department in Department.objects.select_related("region__delegation"):
        departments.setdefault(department.region.delegation.code, []).append(department)
    specs = _specs(missing, sorted(departments), branches, delegation_weights, rnd)
    bar = Progress("Périmètre (entreprises)", len(specs), enabled=progress)
    rows = []
    for (delegation, branch, size), siren in zip(specs, _free_sirens(), strict=False):
        rows.append(_company(siren, rnd.choice(departments[delegation]), branch, size, rnd))
        if len(rows) >= 5000:
            Company.objects.bulk_create(rows)
            bar.advance(len(rows))
            rows = []
    Company.objects.bulk_create(rows)
    bar.advance(len(rows))
    bar.finish()
    return len(specs)


def _specs(missing: int, codes: list[str], branches: list, weights: dict, rnd) -> list[tuple]:
    """(delegation, branch, size class) for each company to create: every cell first."""
    specs = [(d, b, size) for d in codes for b in branches for size in (0, 0, 1)][:missing]
    branch_weights = [
        60.0 if b.code == "metallurgie" else 40.0 / (len(branches) - 1) for b in branches
    ]
    drawn = sorted(weights)
    while len(specs) < missing:
        delegation = rnd.choices(drawn, weights=[weights[c] for c in drawn])[0]
        specs.append((delegation, rnd.choices(branches, weights=branch_weights)[0], None))
    return specs


def _free_sirens():
    """Valid SIREN numbers (Luhn) not yet in the registry, in increasing order."""
    taken = set(Company.objects.values_list("siren", flat=True))
    body = SIREN_BASE + Company.objects.count()
    while True:
        siren = f"{body:08d}" + luhn.calc_check_digit(f"{body:08d}")
        body += 1
        if siren not in taken:
            yield siren


def _company(siren: str, department, branch, size: int | None, rnd: random.Random) -> Company:
    agreement = rnd.choice(branch.agreements.all())
    name = f"{rnd.choice(WORDS.get(branch.code, ['Industries']))} {rnd.choice(PLACES)}"
    return Company(
        siren=siren,
        name=name,
        search_name=search_key(name),
        naf=rnd.choice(NAF_BY_BRANCH.get(branch.code, ["2599B"])),
        headcount=draw_headcount(rnd, size),
        idcc=agreement.idcc,
        branch=branch,
        department=department,
        delegation=department.region.delegation,
    )

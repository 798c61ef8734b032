"""The bilan in French prose, written from the figures: nothing is typed in but the wording."""

import datetime as dt
from decimal import Decimal

from relance.common import formats
from relance.reference.models import Delegation
from relance.reports.formatting import fr_about, fr_int, fr_millions, fr_money, fr_percent

PATHWAY_LABELS = {
    "anticipation": "Anticipation des mutations",
    "crisis_context": "Compétences spécifiques contexte Covid/Crise",
    "certification": "Certifiant",
    "reconversion": "Reconversion",
}
DEFINITIONS = [
    "L'année est celle de l'enveloppe : les demandes déposées cette année-là.",
    "Les chiffres sont arrêtés à la date du bilan, sur toutes les écritures de l'enveloppe jusqu'à cette date ; les séries mensuelles suivent la date des écritures.",
    "Engagements nets = engagements − dégagements (annulations et sous-réalisations).",
    "Une entreprise bénéficiaire a au moins une demande dont les engagements nets sont positifs.",
    "Les salariés formés sont comptés une seule fois (entreprise × référence du salarié), parmi les stagiaires éligibles de ces demandes, dans le parcours de la première demande accordée.",
    "Les pourcentages sont arrondis à l'unité et les montants au million d'euros, à l'arrondi supérieur à partir de 0,5.",
]


def paragraphs(figures: dict) -> list[str]:
    if figures["beneficiary_companies"] is None:  # the public variant of fewer than 3 companies
        return [
            f"Moins de 3 entreprises bénéficient de l'enveloppe {figures['year']} au {_date(figures['as_of'])} : "
            "leurs chiffres relèvent du secret statistique."
        ]
    if not figures["beneficiary_companies"]:
        return [
            f"Aucun engagement n'est enregistré sur l'enveloppe {figures['year']} au {_date(figures['as_of'])}."
        ]
    return [
        p
        for p in (
            _envelope(figures),
            _companies(figures),
            _employees(figures),
            _delegations(figures),
            _branches(figures),
        )
        if p
    ]


def _date(iso: str) -> str:
    return formats.date(dt.date.fromisoformat(iso))


def _envelope(f: dict) -> str:
    costs = f.get("operator_costs", "0.00")
    kept_back = (
        f", dont {fr_money(costs)} réservés aux frais de gestion de l'opérateur et jamais engagés,"
        if Decimal(costs)
        else ""
    )
    return (
        f"Au {_date(f['as_of'])}, l'enveloppe {f['year']} de {fr_millions(f['envelope'])}{kept_back} est engagée à hauteur de "
        f"{fr_millions(f['net_commitments'])} d'engagements nets."
    )


def _companies(f: dict) -> str:
    small = f["small_companies"]
    text = (
        f"{fr_int(f['beneficiary_companies'])} entreprises ont bénéficié de la convention, soit "
        f"{fr_percent(f['beneficiary_share'])} des entreprises industrielles du périmètre"
    )
    if small["count"] is None:  # secret: it would give a hidden size band
        return text + "."
    return (
        f"{text} ; {fr_int(small['count'])} d'entre elles ({fr_percent(small['share'])}) "
        "comptent moins de 50 salariés."
    )


def _employees(f: dict) -> str:
    if f["employees_trained"] is None:
        return "Le nombre de salariés formés relève du secret statistique."
    parts = [
        f"{fr_percent(p['share'])} dans un parcours « {PATHWAY_LABELS.get(code, code)} »"
        for code, p in f["pathways"].items()
        if p.get("share") is not None
    ]
    listed = ", ".join(parts[:-1]) + (
        f" et {parts[-1]}" if len(parts) > 1 else (parts[0] if parts else "")
    )
    return f"{fr_int(f['employees_trained'])} salariés ont été formés : {listed}."


def _delegations(f: dict) -> str:
    top = [d for d in f["delegations"] if d.get("commitment_share") is not None][:3]
    if len(top) < 3:
        return ""
    short = dict(Delegation.objects.values_list("code", "short_name"))
    names = [
        f"{d['name']} ({_short(short.get(d['code']), d['name'])}{fr_percent(d['commitment_share'])})"
        for d in top
    ]
    names[0] = names[0].replace(")", " des engagements nets)")
    companies = sum(d["beneficiary_companies"] for d in top)
    share = companies / f["beneficiary_companies"]
    return (
        f"Les délégations régionales qui ont le plus mobilisé le dispositif sont {names[0]}, {names[1]} et {names[2]} ; "
        f"ensemble, elles ont financé {fr_percent(share)} des entreprises bénéficiaires (environ {fr_about(companies)})."
    )


def _short(short: str | None, name: str) -> str:
    return f"{short}, " if short and short != name and " " not in short else ""


def _branches(f: dict) -> str:
    top = [b for b in f["branches"] if b.get("commitment_share") is not None][:3]
    if len(top) < 3:
        return ""
    first, second, third = top
    return (
        f"Par branche, la branche « {first['name']} » concentre {fr_millions(first['net_commitments'])} d'engagements nets, "
        f"soit {fr_percent(first['commitment_share'])} du total, devant « {second['name']} » "
        f"({fr_millions(second['net_commitments'])}, {fr_percent(second['commitment_share'])}) et « {third['name']} » "
        f"({fr_millions(third['net_commitments'])}, {fr_percent(third['commitment_share'])})."
    )

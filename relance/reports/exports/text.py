"""Markdown and HTML renderings of the bilan."""

from django.template.loader import render_to_string

from relance.reports.document import Bilan
from relance.reports.formatting import fr_int, fr_money, fr_percent
from relance.reports.narrative import PATHWAY_LABELS


def rows(bilan: Bilan) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The breakdown tables, formatted in French, shared by Markdown and HTML."""
    f = bilan.figures
    return {
        "Délégations régionales": (
            ["Délégation", "Engagements nets", "Part", "Entreprises bénéficiaires", "Part"],
            [
                [
                    d["name"],
                    fr_money(d["net_commitments"]),
                    fr_percent(d["commitment_share"]),
                    _count(d["beneficiary_companies"]),
                    fr_percent(d["beneficiary_companies_share"]),
                ]
                for d in f["delegations"]
            ],
        ),
        "Branches professionnelles": (
            ["Branche", "Engagements nets", "Part", "Entreprises bénéficiaires"],
            [
                [
                    b["name"],
                    fr_money(b["net_commitments"]),
                    fr_percent(b["commitment_share"]),
                    _count(b["beneficiary_companies"]),
                ]
                for b in f["branches"]
            ],
        ),
        "Taille des entreprises bénéficiaires": (
            ["Taille", "Entreprises", "Part"],
            [
                [s["label"], _count(s["beneficiary_companies"]), fr_percent(s["share"])]
                for s in f["size_bands"]
            ],
        ),
        "Salariés formés par parcours": (
            ["Parcours", "Salariés", "Part"],
            [
                [PATHWAY_LABELS.get(code, code), _count(p["employees"]), fr_percent(p["share"])]
                for code, p in f["pathways"].items()
            ],
        ),
        "Engagements par mois": (
            ["Mois", "Engagé", "Dégagé", "Engagements nets cumulés"],
            [
                [
                    m["month"],
                    fr_money(m["committed"]),
                    fr_money(m["released"]),
                    fr_money(m["cumulative_net"]),
                ]
                for m in f["monthly"]
            ],
        ),
    }


def _count(value: int | None) -> str:
    return "secret statistique" if value is None else fr_int(value)


def markdown(bilan: Bilan) -> str:
    f = bilan.figures
    lines = [
        f"# Bilan {f['year']} de la Convention Relance Industrie (FNE-Formation)",
        "",
        f"*Arrêté au {f['as_of'][8:10]}/{f['as_of'][5:7]}/{f['as_of'][:4]}*"
        + (" — version publique" if bilan.public else ""),
        "",
    ]
    lines += [p + "\n" for p in bilan.paragraphs]
    for title, (header, body) in rows(bilan).items():
        lines += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in body] + [""]
    lines += ["## Définitions", ""] + [f"- {d}" for d in bilan.definitions]
    return "\n".join(lines) + "\n"


def html(bilan: Bilan, *, for_print: bool = False) -> str:
    return render_to_string(
        "reports/bilan.html",
        {"bilan": bilan, "f": bilan.figures, "tables": rows(bilan), "for_print": for_print},
    )

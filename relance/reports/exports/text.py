"""Markdown and HTML renderings of the bilan."""

from django.template.loader import render_to_string

from relance.reports.document import Bilan
from relance.reports.exports.tables import EURO, INT, PERCENT, TEXT, tables
from relance.reports.formatting import fr_int, fr_money, fr_percent


def rows(bilan: Bilan) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The documents' tables (title → header, rows), formatted in French."""
    shown = {}
    for table in tables(bilan.figures):
        if table.title is None:
            continue
        columns = [c for c in table.columns if c.in_documents]
        body = [[FORMATS[c.kind](c.value(row)) for c in columns] for row in table.rows]
        shown[table.title] = ([c.title for c in columns], body)
    return shown


def _count(value: int | None) -> str:
    return "secret statistique" if value is None else fr_int(value)


FORMATS = {TEXT: str, EURO: fr_money, PERCENT: fr_percent, INT: _count}


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

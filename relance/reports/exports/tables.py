"""The bilan's tables, declared once: the CSV/XLSX sheets write their typed values, the
Markdown/HTML documents the same columns formatted in French. One function per table."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from relance.reports.narrative import PATHWAY_LABELS

TEXT, EURO, PERCENT, INT, NUMBER = "text", "euro", "percent", "int", "number"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str
    value: Callable[[dict], object]
    # Codes are for spreadsheets (joins, filters); the documents show the names.
    in_documents: bool = True


@dataclass(frozen=True)
class Table:
    sheet: str  # the sheet's name in the spreadsheets
    title: str | None  # the heading in the documents; None: spreadsheets only
    columns: tuple[Column, ...]
    rows: list[dict]

    def values(self, row: dict) -> list:
        return [column.value(row) for column in self.columns]


def money(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _key(name: str) -> Callable[[dict], object]:
    return lambda row: row[name]


def _euros(name: str) -> Callable[[dict], object]:
    return lambda row: money(row[name])


def summary(f: dict) -> Table:
    rows = [
        {"label": "Enveloppe", "value": money(f["envelope"]), "share": None},
        {
            "label": "dont frais de gestion de l'opérateur (non engageables)",
            "value": money(f.get("operator_costs", "0.00")),
            "share": None,
        },
        {"label": "Engagements nets", "value": money(f["net_commitments"]), "share": None},
        {"label": "Entreprises du périmètre", "value": f["perimeter_companies"], "share": None},
        {
            "label": "Entreprises bénéficiaires",
            "value": f["beneficiary_companies"],
            "share": f["beneficiary_share"],
        },
        {
            "label": "dont moins de 50 salariés",
            "value": f["small_companies"]["count"],
            "share": f["small_companies"]["share"],
        },
        {"label": "Salariés formés", "value": f["employees_trained"], "share": None},
    ]
    columns = (
        Column("Indicateur", TEXT, _key("label")),
        Column("Valeur", NUMBER, _key("value")),
        Column("Part", PERCENT, _key("share")),
    )
    return Table("Synthèse", None, columns, rows)


def _breakdown(name: str) -> tuple[Column, ...]:
    """The columns of a breakdown by delegation or by branch."""
    return (
        Column("Code", TEXT, _key("code"), in_documents=False),
        Column(name, TEXT, _key("name")),
        Column("Engagements nets", EURO, _euros("net_commitments")),
        Column("Part des engagements", PERCENT, _key("commitment_share")),
        Column("Entreprises bénéficiaires", INT, _key("beneficiary_companies")),
    )


def delegations(f: dict) -> Table:
    columns = (
        *_breakdown("Délégation"),
        Column("Part des entreprises", PERCENT, _key("beneficiary_companies_share")),
    )
    return Table("Délégations", "Délégations régionales", columns, f["delegations"])


def branches(f: dict) -> Table:
    return Table("Branches", "Branches professionnelles", _breakdown("Branche"), f["branches"])


def size_bands(f: dict) -> Table:
    columns = (
        Column("Code", TEXT, _key("code"), in_documents=False),
        Column("Taille", TEXT, _key("label")),
        Column("Entreprises bénéficiaires", INT, _key("beneficiary_companies")),
        Column("Part", PERCENT, _key("share")),
    )
    return Table("Tailles", "Taille des entreprises bénéficiaires", columns, f["size_bands"])


def pathways(f: dict) -> Table:
    rows = [{"code": code, **p} for code, p in f["pathways"].items()]
    columns = (
        Column("Code", TEXT, _key("code"), in_documents=False),
        Column("Parcours", TEXT, lambda row: PATHWAY_LABELS.get(row["code"], row["code"])),
        Column("Salariés formés", INT, _key("employees")),
        Column("Part", PERCENT, _key("share")),
    )
    return Table("Parcours", "Salariés formés par parcours", columns, rows)


def monthly(f: dict) -> Table:
    columns = (
        Column("Mois", TEXT, _key("month")),
        Column("Engagé", EURO, _euros("committed")),
        Column("Dégagé", EURO, _euros("released")),
        Column("Engagements nets cumulés", EURO, _euros("cumulative_net")),
    )
    return Table("Mensuel", "Engagements par mois", columns, f["monthly"])


def tables(figures: dict) -> list[Table]:
    return [
        summary(figures),
        delegations(figures),
        branches(figures),
        size_bands(figures),
        pathways(figures),
        monthly(figures),
    ]

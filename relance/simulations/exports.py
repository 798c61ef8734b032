"""A simulation's result as Markdown or XLSX (French headings, real numbers in the sheets)."""

import io
from decimal import Decimal

from relance.common import formats
from relance.common.spreadsheets import safe_text

AXES = {
    "by_delegation": "Délégation",
    "by_branch": "Branche",
    "by_size_band": "Taille",
    "by_pathway": "Parcours",
}
SHEETS = {
    "by_delegation": "Délégations",
    "by_branch": "Branches",
    "by_size_band": "Tailles",
    "by_pathway": "Parcours",
}
HEADER = ["Éligibles (actuel)", "Financé (actuel, €)", "Éligibles (simulé)", "Financé (simulé, €)"]
EURO = '#,##0.00 "€"'


def _cells(row: dict) -> list:
    actual, simulated = row["actual"], row["simulated"]
    return [actual["eligible"], actual["funded"], simulated["eligible"], simulated["funded"]]


def markdown(summary: dict, description: str = "") -> str:
    lines = [
        f"# Simulation {summary['year']} — réforme « {summary['reform']} »",
        "",
        *([description, ""] if description else []),
        f"{summary['requests']} demandes décidées rejugées.",
        "",
        "| | éligibles | financé |",
        "|---|---:|---:|",
        f"| règles en vigueur | {summary['actual']['eligible']} | {formats.amount(summary['actual']['funded'])} |",
        f"| réforme | {summary['simulated']['eligible']} | {formats.amount(summary['simulated']['funded'])} |",
        "",
        f"Écart : {formats.amount(summary['difference'])} ; devenues inéligibles : "
        f"{summary['newly_ineligible']} ; devenues éligibles : {summary['newly_eligible']}.",
    ]
    for axis, title in AXES.items():
        lines += ["", f"## Par {title.lower()}", "", f"| {title} | " + " | ".join(HEADER) + " |"]
        lines.append("|---|---:|---:|---:|---:|")
        for row in summary[axis]:
            a, af, s, sf = _cells(row)
            lines.append(
                f"| {row['code']} | {a} | {formats.amount(af)} | {s} | {formats.amount(sf)} |"
            )
    return "\n".join(lines)


def workbook(summary: dict, changes: list[dict]) -> bytes:
    # openpyxl imports numpy: a second of start-up that the JSON and Markdown formats skip.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Synthèse"
    sheet.append([safe_text(f"Simulation {summary['year']} — réforme {summary['reform']}")])
    sheet.append(["Demandes rejugées", summary["requests"]])
    for label, side in (("Règles en vigueur", "actual"), ("Réforme", "simulated")):
        sheet.append([label, summary[side]["eligible"], Decimal(summary[side]["funded"])])
    sheet.append(["Écart (€)", None, Decimal(summary["difference"])])
    sheet.append(["Devenues inéligibles", summary["newly_ineligible"]])
    sheet.append(["Devenues éligibles", summary["newly_eligible"]])
    for axis, title in AXES.items():
        _table(book.create_sheet(SHEETS[axis]), [title, *HEADER], summary[axis])
    _changes(book.create_sheet("Changements de statut"), changes)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(sheet, header: list[str], rows: list[dict]) -> None:
    sheet.append(header)
    _bold_header(sheet)
    for row in rows:
        a, af, s, sf = _cells(row)
        sheet.append([safe_text(row["code"]), a, Decimal(af), s, Decimal(sf)])
        for column in (2, 4):
            sheet.cell(sheet.max_row, column + 1).number_format = EURO


def _changes(sheet, changes: list[dict]) -> None:
    sheet.append(
        ["Référence", "Délégation", "Branche", "Financé (actuel, €)", "Financé (simulé, €)"]
    )
    _bold_header(sheet)
    for item in changes:
        sheet.append(
            [
                safe_text(item["reference"]),
                item["delegation"],
                item["branch"],
                Decimal(item["actual"]["funded"]) if item["actual"]["eligible"] else None,
                Decimal(item["simulated"]["funded"]) if item["simulated"]["eligible"] else None,
            ]
        )


def _bold_header(sheet) -> None:
    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)

"""CSV for French Excel (`;`, UTF-8 with BOM, decimal comma) and XLSX with real numbers."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from relance.common.spreadsheets import safe_text
from relance.reports.document import Bilan
from relance.reports.narrative import PATHWAY_LABELS

EURO_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.0 %"


def sheets(bilan: Bilan) -> dict[str, tuple[list[str], list[list], list[str]]]:
    """Each breakdown: header, rows of typed values, and each column's kind (text, euro, percent, int)."""
    f = bilan.figures
    money = lambda v: None if v is None else Decimal(v)  # noqa: E731
    return {
        "Synthèse": (
            ["Indicateur", "Valeur", "Part"],
            [
                ["Enveloppe", money(f["envelope"]), None],
                ["Engagements nets", money(f["net_commitments"]), None],
                ["Entreprises du périmètre", f["perimeter_companies"], None],
                ["Entreprises bénéficiaires", f["beneficiary_companies"], f["beneficiary_share"]],
                [
                    "dont moins de 50 salariés",
                    f["small_companies"]["count"],
                    f["small_companies"]["share"],
                ],
                ["Salariés formés", f["employees_trained"], None],
            ],
            ["text", "number", "percent"],
        ),
        "Délégations": (
            [
                "Code",
                "Délégation",
                "Engagements nets (€)",
                "Part des engagements",
                "Entreprises bénéficiaires",
                "Part des entreprises",
            ],
            [
                [
                    d["code"],
                    d["name"],
                    money(d["net_commitments"]),
                    d["commitment_share"],
                    d["beneficiary_companies"],
                    d["beneficiary_companies_share"],
                ]
                for d in f["delegations"]
            ],
            ["text", "text", "euro", "percent", "int", "percent"],
        ),
        "Branches": (
            [
                "Code",
                "Branche",
                "Engagements nets (€)",
                "Part des engagements",
                "Entreprises bénéficiaires",
            ],
            [
                [
                    b["code"],
                    b["name"],
                    money(b["net_commitments"]),
                    b["commitment_share"],
                    b["beneficiary_companies"],
                ]
                for b in f["branches"]
            ],
            ["text", "text", "euro", "percent", "int"],
        ),
        "Tailles": (
            ["Code", "Taille", "Entreprises bénéficiaires", "Part"],
            [
                [s["code"], s["label"], s["beneficiary_companies"], s["share"]]
                for s in f["size_bands"]
            ],
            ["text", "text", "int", "percent"],
        ),
        "Parcours": (
            ["Code", "Parcours", "Salariés formés", "Part"],
            [
                [code, PATHWAY_LABELS.get(code, code), p["employees"], p["share"]]
                for code, p in f["pathways"].items()
            ],
            ["text", "text", "int", "percent"],
        ),
        "Mensuel": (
            ["Mois", "Engagé (€)", "Dégagé (€)", "Engagements nets cumulés (€)"],
            [
                [
                    m["month"],
                    money(m["committed"]),
                    money(m["released"]),
                    money(m["cumulative_net"]),
                ]
                for m in f["monthly"]
            ],
            ["text", "euro", "euro", "euro"],
        ),
    }


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        return f"{value:.6f}".replace(".", ",")
    return str(value).replace(".", ",")


def csv_bytes(bilan: Bilan) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [safe_text(f"Bilan {bilan.figures['year']} — arrêté au {bilan.figures['as_of']}")]
    )
    for title, (header, body, _) in sheets(bilan).items():
        writer.writerow([])
        writer.writerow([title])
        writer.writerow(header)
        for row in body:
            writer.writerow([_csv_cell(v) for v in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(bilan: Bilan) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, body, kinds) in sheets(bilan).items():
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in body:
            sheet.append(
                [
                    safe_text(v)
                    if isinstance(v, str)
                    else (float(v) if isinstance(v, Decimal) else v)
                    for v in row
                ]
            )
        for index, kind in enumerate(kinds, start=1):
            number_format = {
                "euro": EURO_FORMAT,
                "percent": PERCENT_FORMAT,
                "int": "#,##0",
                "number": "#,##0.00",
            }.get(kind)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if number_format:
                    cell.number_format = number_format
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = (
                26 if kind == "text" else 20
            )
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""CSV for French Excel (`;`, UTF-8 with BOM, decimal comma) and XLSX with real numbers."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from relance.common.spreadsheets import csv_cell, safe_text, xlsx_cell
from relance.reports.document import Bilan
from relance.reports.exports.tables import EURO, INT, NUMBER, PERCENT, TEXT, Table, tables

NUMBER_FORMATS = {
    EURO: '#,##0.00 "€"',
    PERCENT: "0.0 %",
    INT: "#,##0",
    NUMBER: "#,##0.00",
}


def header(table: Table) -> list[str]:
    return [c.title + (" (€)" if c.kind == EURO else "") for c in table.columns]


def csv_bytes(bilan: Bilan) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [safe_text(f"Bilan {bilan.figures['year']} — arrêté au {bilan.figures['as_of']}")]
    )
    for table in tables(bilan.figures):
        writer.writerow([])
        writer.writerow([table.sheet])
        writer.writerow(header(table))
        for row in table.rows:
            writer.writerow([csv_cell(v) for v in table.values(row)])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(bilan: Bilan) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables(bilan.figures):
        _sheet(workbook, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook: Workbook, table: Table) -> None:
    """One sheet: a bold frozen header, real numbers with euro and percent formats."""
    sheet = workbook.create_sheet(table.sheet)
    sheet.append(header(table))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([xlsx_cell(v) for v in table.values(row)])
    for index, column in enumerate(table.columns, start=1):
        number_format = NUMBER_FORMATS.get(column.kind)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if number_format:
                cell.number_format = number_format
        letter = sheet.cell(1, index).column_letter
        sheet.column_dimensions[letter].width = 26 if column.kind == TEXT else 20
    sheet.freeze_panes = "A2"

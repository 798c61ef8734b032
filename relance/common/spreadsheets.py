"""Spreadsheet safety and formats shared by every export: CSV for French Excel (`;`, UTF-8
with BOM, decimal comma, formulas neutralised) and XLSX with real numbers, both written row by
row so a long list streams instead of sitting in memory."""

import csv
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# What a spreadsheet skips before reading a formula: spaces, tabs, line breaks, invisible marks.
_LEADING_BLANKS = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]+")


def safe_text(value: str) -> str:
    """Neutralise spreadsheet formula injection in text cells (never in typed numbers).

    A cell is prefixed with an apostrophe when it starts with a formula sign (OWASP's list:
    = + - @, tab, carriage return), also after leading blanks or line breaks, and also when that
    sign is a full-width or other compatibility form (＝ ＋ － ＠, read as = + - @ by spreadsheets).
    """
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    head = _LEADING_BLANKS.sub("", unicodedata.normalize("NFKC", value[:100]))
    return "'" + value if head.startswith(FORMULA_STARTS) else value


def csv_cell(value) -> str:
    """A typed value as French Excel reads it: decimal comma, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        return f"{value:.6f}".replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value).replace(".", ",")


class _Line:
    """csv.writer's file: hands back each line it writes."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The CSV, line by line (a StreamingHttpResponse's content), the BOM first."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield (BOM + writer.writerow([safe_text(h) for h in header])).encode()
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row]).encode()


def xlsx_cell(value):
    if isinstance(value, str):
        return safe_text(value)
    return float(value) if isinstance(value, Decimal) else value


def xlsx_file(sheet_name: str, header: list[str], rows: Iterable[list], formats: dict[int, str]):
    """An XLSX written row by row (openpyxl's write-only mode) to a temporary file, returned
    open at its start; `formats` maps a column's index to its number format."""
    from openpyxl import Workbook  # only for spreadsheets
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_styled(WriteOnlyCell(sheet, value=h), font=bold) for h in header])
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=xlsx_cell(value))
            cells.append(_styled(cell, number_format=formats.get(index)))
        sheet.append(cells)
    file = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    workbook.save(file)
    file.seek(0)
    return file


def _styled(cell, *, font=None, number_format=None):
    if font is not None:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell

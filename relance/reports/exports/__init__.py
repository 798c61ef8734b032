"""The bilan in every format: json, md, html, csv, xlsx, pdf."""

import json

from relance.reports.document import Bilan
from relance.reports.exports import text

TEXT_FORMATS = {"json", "md", "html", "csv"}
BINARY_FORMATS = {"xlsx", "pdf"}
CONTENT_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render(bilan: Bilan, fmt: str) -> bytes:
    if fmt == "json":
        return (json.dumps(bilan.figures, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "md":
        return text.markdown(bilan).encode()
    if fmt == "html":
        return text.html(bilan).encode()
    if fmt in ("csv", "xlsx"):
        from relance.reports.exports import spreadsheet  # openpyxl: only for spreadsheets

        return spreadsheet.csv_bytes(bilan) if fmt == "csv" else spreadsheet.xlsx_bytes(bilan)
    if fmt == "pdf":
        from weasyprint import HTML

        return HTML(string=text.html(bilan, for_print=True)).write_pdf()
    raise ValueError(f"format inconnu : {fmt}")

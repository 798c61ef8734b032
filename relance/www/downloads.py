"""A page's selection as a download, declared once for the queue, finance and the audit log:
CSV streamed line by line (`;`, BOM, decimal comma) or XLSX with typed cells, at most
EXPORT_LIMIT rows."""

from collections.abc import Iterable, Iterator

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

from relance.common.spreadsheets import csv_lines, xlsx_file

EXPORT_LIMIT = 200_000
FORMATS = ("csv", "xlsx")
# XLSX number formats of the exports' columns.
DAY = "DD/MM/YYYY"
EUROS = '#,##0.00 "€"'


def csv_download(lines: Iterator[bytes] | Iterator[str], filename: str) -> StreamingHttpResponse:
    """Lines already written as CSV, streamed as the attachment `filename`."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def selection_download(
    fmt: str, name: str, header: list[str], rows: Iterable[list], formats: dict[int, str]
) -> HttpResponse:
    """`rows` (a lazy iterable) as `name.csv` or as `name.xlsx` with one sheet, `name`
    capitalised; any other format is a 404. `formats` maps an XLSX column to its format."""
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    if fmt == "csv":
        return csv_download(csv_lines(header, rows), f"{name}.csv")
    file = xlsx_file(name.capitalize(), header, rows, formats)
    return FileResponse(file, as_attachment=True, filename=f"{name}.xlsx")

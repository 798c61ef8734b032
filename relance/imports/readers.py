"""Read hostile spreadsheets safely: size-limited, typed by content, encoding and separator detected."""

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

MAX_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    pass


def kind_of(head: bytes, name: str) -> str:
    """xlsx (a zip), jsonl or csv, from the content; the extension only separates text kinds."""
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if b"\x00" in head:
        raise UnreadableFile("Fichier refusé : ni CSV, ni XLSX, ni JSON Lines (contenu binaire).")
    stripped = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    return (
        "jsonl"
        if stripped.startswith(b"{") or name.lower().endswith((".jsonl", ".ndjson"))
        else "csv"
    )


def load(path: Path) -> tuple[str, bytes]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableFile(
            f"Fichier trop volumineux ({size // 1_000_000} Mo ; {MAX_BYTES // 1_000_000} Mo au plus)."
        )
    content = path.read_bytes()
    return kind_of(content[:512], path.name), content


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("Encodage illisible : enregistrez le fichier en UTF-8 ou Windows-1252.")


def csv_rows(content: bytes) -> Iterator[tuple[int, dict]]:
    text = decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    for number, row in enumerate(reader, start=2):
        if any(cell.strip() for cell in row):
            yield number, dict(zip(header, row, strict=False))


def xlsx_sheets(content: bytes) -> dict[str, list[tuple[int, dict]]]:
    from openpyxl import load_workbook  # half a second to import: only for XLSX files

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a corrupt file
        raise UnreadableFile(f"Classeur XLSX illisible : {error.__class__.__name__}.") from None
    sheets = {}
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(rows, [])]
        sheets[sheet.title.strip().lower()] = [
            (number, dict(zip(header, row, strict=False)))
            for number, row in enumerate(rows, start=2)
            if any(cell not in (None, "") for cell in row)
        ]
    workbook.close()
    return sheets


def jsonl_rows(content: bytes) -> Iterator[tuple[int, dict | None]]:
    for number, line in enumerate(decode(content).splitlines(), start=1):
        if line.strip():
            try:
                value = json.loads(line)
            except ValueError:
                value = None
            yield number, value if isinstance(value, dict) else None


def table(path: Path) -> list[tuple[int, dict]]:
    """The rows of a one-table file (CSV, or the first sheet of an XLSX)."""
    kind, content = load(path)
    if kind == "xlsx":
        sheets = xlsx_sheets(content)
        return next(iter(sheets.values()), [])
    if kind == "jsonl":
        raise UnreadableFile("Un fichier d'entreprises est un CSV ou un XLSX.")
    return list(csv_rows(content))

"""Read hostile spreadsheets safely: size-limited, typed by content, encoding and separator
detected, and streamed from the file so that memory stays bounded whatever the file holds.

An XLSX is a zip: a 1 MB file may decompress to gigabytes. Every part's uncompressed size is
checked from the zip's directory before anything is read (RELANCE_MAX_IMPORT_UNCOMPRESSED); the
sizes cannot lie, since zipfile never decompresses past a part's declared size (and then fails
its CRC). Rows are counted as they are read and the file is refused past RELANCE_MAX_IMPORT_ROWS.
"""

import codecs
import csv
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.conf import settings

from relance.common import formats

MAX_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
MB = 1_000_000


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


def check_workbook(source: Path | IO[bytes]) -> None:
    """Refuse an XLSX any part of which would decompress past the limit, before reading it."""
    limit = settings.RELANCE_MAX_IMPORT_UNCOMPRESSED
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile("Classeur XLSX illisible : archive zip invalide.") from None
    for part in parts:
        if part.file_size > limit:
            raise UnreadableFile(
                f"Classeur refusé : la partie « {part.filename[:80]} » ferait "
                f"{part.file_size // MB} Mo une fois décompressée ({limit // MB} Mo au plus)."
            )


def load(path: Path) -> tuple[str, Path]:
    """The file's kind, once its size (and an XLSX's parts) are checked; rows are read later."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableFile(
            f"Fichier trop volumineux ({size // MB} Mo ; {MAX_BYTES // MB} Mo au plus)."
        )
    with path.open("rb") as file:
        kind = kind_of(file.read(512), path.name)
    if kind == "xlsx":
        check_workbook(path)
    return kind, path


def _encoding(path: Path) -> str:
    """UTF-8 if the whole file decodes as such (checked by chunks), else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as file:
        try:
            while chunk := file.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _bounded(rows: Iterable) -> Iterator:
    limit = settings.RELANCE_MAX_IMPORT_ROWS
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise UnreadableFile(f"Fichier refusé : plus de {formats.integer(limit)} lignes.")
        yield row


def csv_rows(path: Path) -> Iterator[tuple[int, dict]]:
    encoding = _encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as file:
            first_line = file.readline(1 << 16)
            delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
            file.seek(0)
            reader = csv.reader(file, delimiter=delimiter)
            header = [h.strip().lower() for h in next(reader, [])]
            for number, row in enumerate(reader, start=2):
                if any(cell.strip() for cell in row):
                    yield number, dict(zip(header, row, strict=False))
    except UnicodeDecodeError:
        raise UnreadableFile(
            "Encodage illisible : enregistrez le fichier en UTF-8 ou Windows-1252."
        ) from None
    except csv.Error as error:
        raise UnreadableFile(f"CSV illisible : {error}.") from None


def _sheet_rows(sheet) -> Iterator[tuple[int, dict]]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(rows, [])]
    for number, row in enumerate(rows, start=2):
        if any(cell not in (None, "") for cell in row):
            yield number, dict(zip(header, row, strict=False))


def _workbook(path: Path):
    from openpyxl import load_workbook  # half a second to import: only for XLSX files

    try:
        # read_only streams each sheet's XML instead of building the whole workbook in memory
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a corrupt file
        raise UnreadableFile(f"Classeur XLSX illisible : {error.__class__.__name__}.") from None


def xlsx_first_sheet(path: Path) -> Iterator[tuple[int, dict]]:
    workbook = _workbook(path)
    try:
        if workbook.worksheets:
            yield from _sheet_rows(workbook.worksheets[0])
    except (zipfile.BadZipFile, ValueError, KeyError) as error:
        raise UnreadableFile(f"Classeur XLSX illisible : {error.__class__.__name__}.") from None
    finally:
        workbook.close()


def xlsx_sheets(path: Path) -> dict[str, list[tuple[int, dict]]]:
    """Every sheet's rows (a requests workbook joins three sheets), at most the row limit in all."""
    workbook = _workbook(path)
    sheets: dict[str, list[tuple[int, dict]]] = {}
    counted = _bounded(
        (sheet.title.strip().lower(), row)
        for sheet in workbook.worksheets
        for row in _sheet_rows(sheet)
    )
    try:
        for title in (sheet.title.strip().lower() for sheet in workbook.worksheets):
            sheets.setdefault(title, [])
        for title, row in counted:
            sheets[title].append(row)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, ValueError, KeyError) as error:
        raise UnreadableFile(f"Classeur XLSX illisible : {error.__class__.__name__}.") from None
    finally:
        workbook.close()
    return sheets


def jsonl_rows(path: Path) -> Iterator[tuple[int, dict | None]]:
    return _bounded(_jsonl_lines(path))


def _jsonl_lines(path: Path) -> Iterator[tuple[int, dict | None]]:
    try:
        with path.open(encoding=_encoding(path)) as file:
            for number, line in enumerate(file, start=1):
                if line.strip():
                    yield number, _json_object(line)
    except UnicodeDecodeError:
        raise UnreadableFile(
            "Encodage illisible : enregistrez le fichier en UTF-8 ou Windows-1252."
        ) from None


def _json_object(line: str) -> dict | None:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
        return None
    return value if isinstance(value, dict) else None


def table(path: Path) -> Iterator[tuple[int, dict]]:
    """The rows of a one-table file (CSV, or the first sheet of an XLSX), streamed."""
    kind, path = load(path)
    if kind == "jsonl":
        raise UnreadableFile("Un fichier d'entreprises est un CSV ou un XLSX.")
    return _bounded(xlsx_first_sheet(path) if kind == "xlsx" else csv_rows(path))

"""XLSX "bombs": small files whose sheet decompresses to gigabytes, and the timing of their refusal.

    .venv/bin/python benchmarks/xlsx_bombs.py [DIR=$TMPDIR]      # builds bomb-1mb.xlsx, bomb-3mb.xlsx
    /usr/bin/time -v .venv/bin/relance import companies DIR/bomb-1mb.xlsx   # exit 2, French reason

A bomb is a valid workbook whose one sheet repeats the same tiny row millions of times, so
deflate packs about 410 bytes into one: the 1 MB file holds about 420 MB of XML (16 million rows),
the 3 MB one 1.26 GB, the sizes of the campaign's bombs.
`write_bomb` is also used by the tests (with a small size).
"""

import sys
import tempfile
import zipfile
from pathlib import Path

ROW = b"<row><c><v>1</v></c></row>"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="entreprises" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row><c t="inlineStr"><is><t>siren</t></is></c></row>'
)
TAIL = b"</sheetData></worksheet>"


def write_bomb(path: Path, uncompressed_bytes: int) -> Path:
    """A workbook whose sheet holds about `uncompressed_bytes` of identical rows."""
    chunk = ROW * ((1 << 20) // len(ROW) + 1)  # about 1 MB per write
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(HEAD)
            written = len(HEAD)
            while written < uncompressed_bytes:
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(TAIL)
    return path


if __name__ == "__main__":
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir())
    for name, size in (("bomb-1mb.xlsx", 420_000_000), ("bomb-3mb.xlsx", 1_260_000_000)):
        path = write_bomb(directory / name, size)
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB, sheet {size / 1e9:.2f} GB")

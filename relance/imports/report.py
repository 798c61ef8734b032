"""What an import did, and every row it rejected (line, column, French reason) as a CSV."""

import csv
import io
from dataclasses import dataclass, field

from relance.common.spreadsheets import safe_text


@dataclass
class ImportReport:
    applied: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)

    def reject(self, line: int, column: str | None, message: str) -> None:
        self.rejected.append((line, column or "", message))

    @property
    def rejected_lines(self) -> int:
        return len({line for line, _, _ in self.rejected})

    def summary(self) -> str:
        mode = "" if self.applied else "À blanc (rien n'est écrit ; --apply pour importer) : "
        return (
            f"{mode}{self.created} créée(s), {self.updated} mise(s) à jour, {self.unchanged} inchangée(s), "
            f"{self.rejected_lines} ligne(s) rejetée(s)."
        )

    def rejected_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(["ligne", "colonne", "motif"])
        for line, column, message in sorted(self.rejected):
            writer.writerow([line, safe_text(column), safe_text(message)])
        return "\ufeff".encode() + buffer.getvalue().encode()

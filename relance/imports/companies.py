"""Import companies from a CSV or XLSX: one row per company situation, the columns of
POST /api/v1/companies. Validated by the same rules as the API; idempotent by SIREN."""

import pickle
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import fields, replace
from decimal import Decimal
from pathlib import Path

from django.db import reset_queries, transaction

from relance.common.errors import InvalidInput
from relance.companies.identifiers import compact_identifier
from relance.companies.models import Company, Situation
from relance.companies.search import search_key
from relance.companies.services import CompanyData, ReferenceLookup, SituationData, company_validate
from relance.imports import cells
from relance.imports.report import ImportReport
from relance.reports import kept

# The company's own fields, as CompanyData declares them (the API's and the admin's shape), then
# one situation per row.
COMPANY_FIELDS = tuple(
    f.name for f in fields(CompanyData) if f.name not in {"siren", "situations", "establishments"}
)
COLUMNS = [
    "siren",
    *COMPANY_FIELDS,
    "situation_kind",
    "situation_start",
    "situation_end",
    "evidence",
]
READERS = {
    "name": cells.text,
    "naf": cells.text,
    "department": cells.text,
    "idcc": cells.text,
    "headcount": cells.integer,
    "in_difficulty_on_2019_12_31": cells.boolean,
    "ceasing_activity": cells.boolean,
    "pse_negotiation": cells.boolean,
    "declared_state_aid": lambda v: cells.decimal(v, required=False) or Decimal("0.00"),
    # Optional GBER figures: an empty cell (or an absent column) means not given.
    "annual_turnover": lambda v: cells.decimal(v, required=False),
    "balance_sheet_total": lambda v: cells.decimal(v, required=False),
}
CHUNK = 2000
SPILL_AFTER = 50_000  # rows held in memory; a larger file goes to buckets on disk
BUCKETS = 64


def _row_company(
    line: int, row: dict, report: ImportReport
) -> tuple[str, dict, SituationData | None] | None:
    missing = [
        c for c in ("siren", "name", "naf", "headcount", "department", "idcc") if c not in row
    ]
    if missing:
        report.reject(line, ", ".join(missing), "colonne(s) absente(s) du fichier")
        return None
    values, ok = {}, True
    for column, read in READERS.items():
        try:
            values[column] = read(row.get(column))
        except cells.CellError as error:
            report.reject(line, column, str(error))
            ok = False
    situation = None
    if cells.text(row.get("situation_kind")):
        try:
            situation = SituationData(
                cells.text(row["situation_kind"]),
                cells.date(row.get("situation_start")),
                cells.date(row.get("situation_end"), required=False),
                cells.text(row.get("evidence"))[:200],
            )
        except cells.CellError as error:
            report.reject(line, "situation_start", str(error))
            ok = False
    return (compact_identifier(cells.text(row.get("siren"))), values, situation) if ok else None


Parsed = tuple[int, str, dict, SituationData | None]  # line, SIREN, company values, situation


class _Batches:
    """The file's well-formed rows, read to the end before anything is written (a file past the
    row limit, or unreadable halfway, writes nothing), then given back in batches that each hold
    every row of their SIRENs in file order. A small file is one batch in memory; past
    SPILL_AFTER rows they are spread over BUCKETS files on disk by a hash of the SIREN, so memory
    holds one bucket (a sixty-fourth of the file) at a time, never the whole file's companies."""

    def __init__(self, rows: Iterable[tuple[int, dict]], report: ImportReport):
        self.rows, self._memory = 0, []
        self._files: list = []
        self._disk = ExitStack()  # the bucket files and their directory, removed by close()
        try:
            for line, row in rows:
                parsed = _row_company(line, row, report)
                if parsed is not None:
                    self._add((line, *parsed))
        except BaseException:
            self.close()
            raise

    def _add(self, item: Parsed) -> None:
        self.rows += 1
        if self._files:
            pickle.dump(item, self._files[zlib.crc32(item[1].encode()) % BUCKETS])
            return
        self._memory.append(item)
        if len(self._memory) >= SPILL_AFTER:
            folder = Path(self._disk.enter_context(tempfile.TemporaryDirectory(prefix="relance-")))
            self._files = [
                self._disk.enter_context((folder / str(i)).open("w+b")) for i in range(BUCKETS)
            ]
            held, self._memory = self._memory, []
            self.rows -= len(held)
            for kept_item in held:
                self._add(kept_item)

    def __iter__(self) -> Iterator[list[Parsed]]:
        if not self._files:
            yield self._memory
        for file in self._files:
            file.seek(0)
            batch = []
            with suppress(EOFError):
                while True:
                    batch.append(pickle.load(file))  # noqa: S301 (our own temporary files)
            yield batch

    def close(self) -> None:
        self._disk.close()


def plan(
    rows: Iterable[Parsed], report: ImportReport, lookup: ReferenceLookup
) -> dict[str, tuple[int, CompanyData]]:
    """Group parsed rows by SIREN into validated companies; every problem goes to the report."""
    companies: dict[str, tuple[int, CompanyData]] = {}
    rejected = set()
    for line, siren, values, situation in rows:
        if siren in companies:
            first_line, data = companies[siren]
            if any(getattr(data, f) != values[f] for f in COMPANY_FIELDS):
                report.reject(
                    line,
                    None,
                    f"les données de l'entreprise {siren} diffèrent de la ligne {first_line}",
                )
                rejected.add(siren)
                continue
            companies[siren] = (
                first_line,
                replace(data, situations=[*data.situations, *([situation] if situation else [])]),
            )
        else:
            companies[siren] = (
                line,
                CompanyData(siren=siren, **values, situations=[situation] if situation else []),
            )
    valid = {}
    for siren, (line, data) in companies.items():
        try:
            company_validate(data, lookup)
        except InvalidInput as error:
            for problem in error.errors:
                report.reject(line, problem.field, problem.message)
            continue
        if siren not in rejected:
            valid[siren] = (line, data)
    return valid


def import_companies(
    rows: Iterable[tuple[int, dict]],
    *,
    apply: bool,
    progress: Callable[[int], None] = lambda n: None,
    planned: Callable[[int], None] = lambda n: None,
) -> ImportReport:
    """Rows are read once, as they stream; `planned` learns how many well-formed rows will be
    handled and `progress` how many are done, batch by batch, chunk by chunk."""
    report = ImportReport(applied=apply)
    batches, lookup = _Batches(rows, report), ReferenceLookup()
    try:
        planned(batches.rows)
        for batch in batches:
            _import_batch(batch, lookup, report, apply, progress)
    finally:
        batches.close()
    return report


def _import_batch(
    batch: list[Parsed],
    lookup: ReferenceLookup,
    report: ImportReport,
    apply: bool,
    progress: Callable[[int], None],
) -> None:
    companies, lines = plan(batch, report, lookup), Counter(item[1] for item in batch)
    sirens = list(companies)
    for start in range(0, len(sirens), CHUNK):
        chunk = sirens[start : start + CHUNK]
        with transaction.atomic():
            _write_chunk({s: companies[s][1] for s in chunk}, lookup, report, apply)
        reset_queries()  # with DEBUG (local mode) Django keeps the last 9 000 statements' SQL
        progress(sum(lines[s] for s in chunk))
    if refused := len(batch) - sum(lines[s] for s in sirens):
        progress(refused)


def _write_chunk(
    chunk: dict[str, CompanyData], lookup: ReferenceLookup, report: ImportReport, apply: bool
) -> None:
    existing = {
        c.siren: c
        for c in Company.objects.filter(siren__in=list(chunk)).prefetch_related("situations")
    }
    creates, updates, replaced = [], [], []
    moved: dict[int, tuple[int, int]] = {}
    for siren, data in chunk.items():
        department, agreement = lookup.department(data.department), lookup.agreement(data.idcc)
        company = existing.get(siren) or Company(siren=siren)
        before = _signature(company) if siren in existing else None
        cell = (company.delegation_id, company.branch_id, company.headcount)
        _assign(company, data, department, agreement)
        if before is not None and cell != (
            company.delegation_id,
            company.branch_id,
            company.headcount,
        ):
            moved[company.pk] = cell[:2]
        if before is None:
            creates.append((company, data))
        elif before != _signature(company) or _situations(company) != _wanted(data):
            updates.append(company)
            replaced.append((company, data))
        else:
            report.unchanged += 1
    report.created += len(creates)
    report.updated += len(updates)
    if not apply:
        return
    for company in [c for c, _ in creates] + updates:
        company.search_name = search_key(company.name)
    Company.objects.bulk_create([c for c, _ in creates])
    Company.objects.bulk_update(updates, [*COMPANY_FIELDS, "search_name", "branch", "delegation"])
    kept.companies_changed(moved)
    Situation.objects.filter(company__in=[c for c, _ in replaced]).delete()
    Situation.objects.bulk_create(
        Situation(company=c, kind=s.kind, start=s.start, end=s.end, evidence=s.evidence)
        for c, d in creates + replaced
        for s in d.situations
    )


def _assign(company: Company, data: CompanyData, department, agreement) -> None:
    company.name, company.naf = data.name.strip(), data.naf.strip().upper().replace(".", "")
    company.headcount, company.idcc, company.branch_id = (
        data.headcount,
        agreement.idcc,
        agreement.branch_id,
    )
    company.department, company.delegation_id = department, department.region.delegation_id
    company.in_difficulty_on_2019_12_31, company.ceasing_activity = (
        data.in_difficulty_on_2019_12_31,
        data.ceasing_activity,
    )
    company.pse_negotiation, company.declared_state_aid = (
        data.pse_negotiation,
        data.declared_state_aid,
    )
    company.annual_turnover = data.annual_turnover
    company.balance_sheet_total = data.balance_sheet_total


def _signature(company: Company) -> tuple:
    return (
        company.name,
        company.naf,
        company.headcount,
        company.idcc,
        company.department_id,
        company.in_difficulty_on_2019_12_31,
        company.ceasing_activity,
        company.pse_negotiation,
        Decimal(company.declared_state_aid).quantize(Decimal("0.01")),
        _cents(company.annual_turnover),
        _cents(company.balance_sheet_total),
    )


def _cents(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _situations(company: Company) -> list[tuple]:
    return sorted((s.kind, s.start, s.end, s.evidence) for s in company.situations.all())


def _wanted(data: CompanyData) -> list[tuple]:
    return sorted((s.kind, s.start, s.end, s.evidence) for s in data.situations)

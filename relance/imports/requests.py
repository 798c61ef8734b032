"""Import funding requests: an XLSX with the sheets `demandes`, `actions` and `stagiaires` joined
by the request `reference`, or JSON Lines in the shape of POST /api/v1/requests. Each request
goes through the same service as the API; idempotent by company and reference, a line without
reference by a reference derived from its content."""

import dataclasses
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from relance.accounts.models import User
from relance.common.errors import ServiceError
from relance.companies.identifiers import compact_identifier
from relance.funding import services
from relance.funding.data import ActionData, RequestData, TraineeData, request_fingerprint
from relance.funding.models import FundingRequest
from relance.imports import cells
from relance.imports.readers import UnreadableFile, jsonl_rows, load, xlsx_sheets
from relance.imports.report import ImportReport

SHEETS = ("demandes", "actions", "stagiaires")


def read_requests(path: Path, report: ImportReport) -> list[tuple[int, RequestData]]:
    kind, path = load(path)
    if kind == "xlsx":
        return _from_workbook(xlsx_sheets(path), report)
    if kind == "jsonl":
        return _from_jsonl(path, report)
    raise UnreadableFile(
        "Un fichier de demandes est un XLSX (feuilles demandes, actions, stagiaires) ou du JSON Lines."
    )


def _from_workbook(sheets: dict, report: ImportReport) -> list[tuple[int, RequestData]]:
    missing = [s for s in SHEETS if s not in sheets]
    if missing:
        raise UnreadableFile(f"Feuille(s) absente(s) du classeur : {', '.join(missing)}.")
    actions, trainees = (
        _grouped(sheets["actions"], _action, report),
        _grouped(sheets["stagiaires"], _trainee, report),
    )
    requests = []
    for line, row in sheets["demandes"]:
        reference = cells.text(row.get("reference"))
        try:
            data = RequestData(
                siren=cells.text(row.get("siren")),
                reference=reference or None,
                aid_regime=cells.text(row.get("aid_regime")),
                pathway=cells.text(row.get("pathway")),
                filed_on=cells.date(row.get("filed_on"), required=False),
                training_actions=actions.get(reference, []),
                trainees=trainees.get(reference, []),
            )
        except cells.CellError as error:
            report.reject(line, "filed_on", str(error))
            continue
        requests.append((line, data))
    return requests


def _grouped(rows, read, report: ImportReport) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for line, row in rows:
        try:
            grouped.setdefault(cells.text(row.get("reference")), []).append(read(row))
        except (cells.CellError, KeyError) as error:
            report.reject(line, None, f"ligne illisible : {error}")
    return grouped


def _action(row: dict) -> ActionData:
    return ActionData(
        title=cells.text(row.get("title")),
        provider_siret=cells.text(row.get("provider_siret")),
        provider_declaration_number=cells.text(row.get("provider_declaration_number")),
        hours=cells.decimal(row.get("hours")),
        start=cells.date(row.get("start")),
        end=cells.date(row.get("end")),
        cost=cells.decimal(row.get("cost")),
        mandatory_safety=cells.boolean(row.get("mandatory_safety")),
    )


def _trainee(row: dict) -> TraineeData:
    return TraineeData(
        employee_ref=cells.text(row.get("employee_ref")),
        contract=cells.text(row.get("contract")),
        contract_end=cells.date(row.get("contract_end"), required=False),
        leaving_under_pse_or_rcc=cells.boolean(row.get("leaving_under_pse_or_rcc")),
        disadvantaged=cells.boolean(row.get("disadvantaged")),
    )


def _from_jsonl(path: Path, report: ImportReport) -> list[tuple[int, RequestData]]:
    requests = []
    for line, value in jsonl_rows(path):
        if value is None:
            report.reject(line, None, "ligne illisible : un objet JSON est attendu")
            continue
        try:
            requests.append(
                (
                    line,
                    RequestData(
                        siren=str(value["siren"]),
                        reference=value.get("reference"),
                        aid_regime=str(value["aid_regime"]),
                        pathway=str(value["pathway"]),
                        filed_on=cells.date(value.get("filed_on"), required=False),
                        training_actions=[_action(a) for a in value.get("training_actions", [])],
                        trainees=[_trainee(t) for t in value.get("trainees", [])],
                    ),
                )
            )
        except (KeyError, TypeError, AttributeError, cells.CellError) as error:
            report.reject(line, None, f"champ manquant ou illisible : {error}")
    return requests


def import_requests(
    path: Path,
    *,
    actor: User,
    apply: bool,
    submit: bool = False,
    progress: Callable[[int], None] = lambda n: None,
) -> ImportReport:
    report = ImportReport(applied=apply)
    for line, data in read_requests(path, report):
        data = with_reference(data)
        if FundingRequest.objects.filter(
            company__siren=compact_identifier(data.siren), reference=data.reference
        ).exists():
            report.unchanged += 1
        else:
            _create(line, data, actor, apply, submit, report)
        progress(1)
    return report


def with_reference(data: RequestData) -> RequestData:
    """A line without reference gets one derived from its content (`IMP-` and 16 hexadecimal
    digits): importing the same file again finds every request it created."""
    if data.reference and data.reference.strip():
        return data
    derived = f"IMP-{request_fingerprint(dataclasses.replace(data, reference=None))[:16].upper()}"
    return dataclasses.replace(data, reference=derived)


def _create(
    line: int, data: RequestData, actor: User, apply: bool, submit: bool, report: ImportReport
) -> None:
    try:
        with transaction.atomic():
            created, _ = services.request_create(actor=actor, data=data)
            if submit:
                services.request_submit(actor=actor, request_id=created.pk)
            if not apply:
                transaction.set_rollback(True)
    except ServiceError as error:
        for problem in error.errors:
            report.reject(line, problem.field, problem.message)
        return
    report.created += 1

"""Load the shipped reference data into the database, idempotently.

Rows the files ship are restored to their shipped values; rows administrators added are kept.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model

from relance.reference import files
from relance.reference.models import (
    Branch,
    BranchAgreement,
    Delegation,
    Department,
    Pathway,
    Region,
    SituationKind,
    SizeBand,
)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, model: type[Model], created: bool, changed: bool) -> None:
        name = model._meta.model_name
        if created:
            self.created[name] = self.created.get(name, 0) + 1
        elif changed:
            self.updated[name] = self.updated.get(name, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _restore(report: LoadReport, model: type[Model], lookup: dict, values: dict) -> Model:
    row = model.objects.filter(**lookup).first()
    if row is None:
        report.count(model, created=True, changed=True)
        return model.objects.create(**lookup, **values)
    changed = any(getattr(row, name) != value for name, value in values.items())
    if changed:
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    report.count(model, created=False, changed=changed)
    return row


@transaction.atomic
def reference_load() -> LoadReport:
    report = LoadReport()
    _load_territories(report)
    _load_branches(report)
    _load_catalogue(report)
    return report


def _load_territories(report: LoadReport) -> None:
    data = files.read("territories")
    delegations = {
        item["code"]: _restore(
            report,
            Delegation,
            {"code": item["code"]},
            {"name": item["name"], "short_name": item["short_name"]},
        )
        for item in data["delegations"]
    }
    for item in data["regions"]:
        region = _restore(
            report,
            Region,
            {"code": item["code"]},
            {"name": item["name"], "delegation": delegations[item["delegation"]]},
        )
        for code, name in item["departments"].items():
            _restore(report, Department, {"code": code}, {"name": name, "region": region})


def _load_branches(report: LoadReport) -> None:
    for item in files.read("branches")["branches"]:
        branch = _restore(report, Branch, {"code": item["code"]}, {"name": item["name"]})
        for idcc in item["idcc"]:
            _restore(report, BranchAgreement, {"idcc": idcc}, {"branch": branch})


def _load_catalogue(report: LoadReport) -> None:
    data = files.read("catalogue")
    for item in data["size_bands"]:
        values = {
            "label": item["label"],
            "min_headcount": item["min_headcount"],
            "max_headcount": item.get("max_headcount"),
        }
        _restore(report, SizeBand, {"code": item["code"]}, values)
    for item in data["pathways"]:
        values = {"label": item["label"], "description": item["description"]}
        _restore(report, Pathway, {"code": item["code"]}, values)
    for item in data["situations"]:
        _restore(report, SituationKind, {"code": item["code"]}, {"label": item["label"]})

"""A reform built from the managers' form: the year's editable parameters, and the TOML file of
the values that differ from them."""

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from relance.reference.files import read as read_reference
from relance.rules.labels import REGIME_LABELS, SITUATION_LABELS
from relance.rules.parameters import (
    all_parameters,
    parameter_files,
    parameters_for_year,
    read_file,
)
from relance.rules.reforms import patch


@dataclass(frozen=True)
class Editable:
    """One parameter the form offers: its path, its French label, its kind and current value."""

    path: str
    label: str
    kind: str  # "rate" (a share shown in %), "money", "date"
    current: Any
    group: str


def editable(year: int) -> list[Editable]:
    """The rates by regime, band and situation, the caps, the deadline and the branches' hourly
    caps of the year's latest parameter file; a regime the latest file no longer has (the
    temporary framework after 1 July 2022) comes from the latest file that still has it."""
    params = parameters_for_year(year)
    fields = [
        Editable("filing_deadline", "Date limite de dépôt", "date", params.filing_deadline, "Dates")
    ]
    for code, regime in _regimes_of_year(year).items():
        group = REGIME_LABELS.get(code, code)
        fields.append(Editable(f"regimes.{code}.cap", "Plafond (€)", "money", regime.cap, group))
        for index, band in enumerate(regime.bands):
            size = f"≤ {band.max_headcount} salariés" if band.max_headcount else "au-delà"
            fields += [
                Editable(
                    f"regimes.{code}.bands.{index}.rates.{situation}",
                    f"{size} — {SITUATION_LABELS[situation]} (%)",
                    "rate",
                    rate,
                    group,
                )
                for situation, rate in band.rates.items()
            ]
    for branch in read_reference("branches")["branches"]:
        override = params.branch_overrides.get(branch["code"])
        fields.append(
            Editable(
                f"branch_overrides.{branch['code']}.hourly_cost_cap",
                f"{branch['name']} : plafond horaire (€/h)",
                "money",
                override.hourly_cost_cap if override else None,
                "Plafonds horaires des branches",
            )
        )
    return fields


def _regimes_of_year(year: int) -> dict:
    regimes = {}
    for params in reversed([p for p in all_parameters() if p.year == year]):
        for code, regime in params.regimes.items():
            regimes.setdefault(code, regime)
    return regimes


def reform_toml(*, name: str, description: str, year: int, values: dict[str, Any]) -> str:
    """`values` by path, in the files' units (a rate as a share: 0.3). The reform of the values that differ from the year's; it applies to the year's files
    where every changed path exists (a GBER rate leaves out the files without GBER)."""
    changes = {}
    for field in editable(year):
        value = values.get(field.path)
        if value is None or value == field.current:
            continue
        changes[field.path] = _file_value(field.kind, value)
    lines = [f"name = {_quoted(name)}", f"description = {_quoted(description)}"]
    lines.append(f"applies_to = {json.dumps(_files_taking(year, changes))}")
    for path, value in changes.items():
        lines += ["", "[[changes]]", f"path = {_quoted(path)}", f"value = {value}"]
    return "\n".join(lines) + "\n"


def _file_value(kind: str, value: Any) -> str:
    if kind == "rate":
        return _quoted(str(value))
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return _quoted(f"{Decimal(value):.2f}")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _files_taking(year: int, changes: dict[str, str]) -> list[str]:
    names = []
    for path in parameter_files():
        data = read_file(path)
        if data.get("year") != year:
            continue
        try:
            for change in changes:
                patch(data, change, "0")
        except ValueError:
            continue
        names.append(path.stem)
    return names

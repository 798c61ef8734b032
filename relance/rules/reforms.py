"""Reforms as data: a TOML file of changes applied to the shipped parameter files.

A reform has a `name`, a `description`, an optional `applies_to` (parameter file names) and
`[[changes]]` entries `{path, value}`: a dotted path into a parameter file, list indices as
numbers, and a value written as in the parameter files. A change sets the value at its path,
creating missing tables on the way but never a missing list item; the patched files are then
validated like the shipped ones, and decisions taken under them name the reform in their rules
version (`fne-2021-07+<name>`). Nothing here reads a database: `relance evaluate --reform`
uses it as it is.
"""

import copy
import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relance.reference.files import read as read_reference
from relance.rules.parameters import (
    PARAMETERS_DIR,
    REGIMES,
    SITUATIONS,
    ParameterFileError,
    Parameters,
    parameter_files,
    parse,
    read_file,
)

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
REFORM_KEYS = frozenset({"name", "description", "applies_to", "changes"})
MAX_CHANGES = 500
BRANCHES = frozenset(branch["code"] for branch in read_reference("branches")["branches"])
INDEX = "<index>"  # a list position in the schema below
BAND = {
    "max_headcount": None,
    "max_turnover": None,
    "max_balance_sheet_total": None,
    "rates": dict.fromkeys(SITUATIONS),
}
REGIME = {
    "label": None,
    "cap": None,
    "cap_scope": None,
    "disadvantaged_uplift": None,
    "uplifted_rate_max": None,
    "bands": {INDEX: BAND},
}
# What a reform may change: the fields the parameter parser reads. A path outside it would be
# ignored by the engine and the simulation would silently show no effect, so it is refused.
# The file's identity (version, scheme, year, starts_on) is not a reform's to change.
SCHEMA: dict[str, Any] = {
    "filing_deadline": None,
    "training_end_by": None,
    "envelope_initial": None,
    "operator_costs_share": None,
    "source": None,
    "eligible_situations": None,
    "difficulty_reference_date": None,
    "eligible_pathways": None,
    "excluded_contracts": None,
    "max_training_months": None,
    "regimes": dict.fromkeys(REGIMES, REGIME),
    "branch_overrides": {
        branch: {"hourly_cost_cap": None, "allowed_pathways": None} for branch in BRANCHES
    },
}


class ReformError(ValueError):
    """A reform file is unreadable, malformed, or patches a file into invalid parameters."""


@dataclass(frozen=True)
class Change:
    path: str
    value: Any


@dataclass(frozen=True)
class Reform:
    name: str
    description: str
    applies_to: frozenset[str] | None
    changes: tuple[Change, ...]
    source: str = ""  # the file it came from, for messages

    def applies(self, file_name: str) -> bool:
        return self.applies_to is None or file_name in self.applies_to


def load(path: Path | str, *, year: int | None = None) -> Reform:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReformError(f"Réforme {path} : lecture impossible ({error}).") from None
    return loads(text, source=str(path), year=year)


def loads(
    text: str, *, source: str = "réforme", year: int | None = None, scheme: str = "fne"
) -> Reform:
    """Parse and check a reform; every file it patches (for `year`, if given) is validated too."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReformError(f"Réforme {source} : TOML invalide : {error}.") from None
    reform = _reform(data, source, scheme)
    reformed_parameters(reform, year=year, scheme=scheme)  # fail now, not amid a batch
    return reform


def _reform(data: dict, source: str, scheme: str) -> Reform:
    def fail(message: str) -> ReformError:
        return ReformError(f"Réforme {source} : {message}")

    if extra := sorted(data.keys() - REFORM_KEYS):
        raise fail(f"champs inconnus {extra} (possibles : {sorted(REFORM_KEYS)}).")
    name, description = data.get("name"), data.get("description")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise fail(
            "« name » est obligatoire : 1 à 40 caractères parmi a-z, 0-9, « - » et « _ », "
            f"commençant par une lettre ou un chiffre (reçu {name!r})."
        )
    if not isinstance(description, str):
        raise fail("« description » est obligatoire (un texte).")
    return Reform(name, description, _applies_to(data, fail, scheme), _changes(data, fail), source)


def _applies_to(data: dict, fail, scheme: str) -> frozenset[str] | None:
    if "applies_to" not in data:
        return None
    names = data["applies_to"]
    known = {path.stem for path in parameter_files(scheme)}
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise fail("« applies_to » est une liste de noms de fichiers de paramètres.")
    if unknown := sorted(set(names) - known):
        raise fail(f"« applies_to » : fichiers inconnus {unknown} (possibles : {sorted(known)}).")
    return frozenset(names)


def _changes(data: dict, fail) -> tuple[Change, ...]:
    raw = data.get("changes", [])
    if not isinstance(raw, list) or len(raw) > MAX_CHANGES:
        raise fail(f"« changes » est une liste d'au plus {MAX_CHANGES} changements.")
    changes = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or item.keys() != {"path", "value"}:
            raise fail(f"changement n° {number} : « path » et « value » attendus, et eux seuls.")
        path = item["path"]
        if not isinstance(path, str) or not path:
            raise fail(f"changement n° {number} : « path » est un chemin pointé non vide.")
        if problem := _outside_schema(path):
            raise fail(f"changement « {path} » : {problem}")
        changes.append(Change(path, item["value"]))
    return tuple(changes)


def _outside_schema(path: str) -> str | None:
    node: Any = SCHEMA
    for depth, part in enumerate(path.split(".")):
        here = ".".join(path.split(".")[:depth]) or "la racine"
        if node is None:
            return f"« {here} » est une valeur, pas une table."
        key = INDEX if part.isdigit() and INDEX in node else part
        if key not in node:
            possible = "un indice" if INDEX in node else ", ".join(sorted(node))
            return f"« {part} » n'est pas un paramètre de « {here} » (possibles : {possible})."
        node = node[key]
    return None


def patch(data: dict, path: str, value: Any) -> None:
    """Set `value` at `path` in place, creating missing tables, never a missing list item."""
    parts = path.split(".")
    node: Any = data
    for depth, part in enumerate(parts):
        here, last = ".".join(parts[:depth]) or "la racine", depth == len(parts) - 1
        if isinstance(node, list):
            index = int(part) if part.isdigit() else None
            if index is None or index >= len(node):
                raise ValueError(
                    f"la liste « {here} » a {len(node)} élément(s) : l'indice « {part} » n'existe pas."
                )
            if last:
                node[index] = value
                return
            node = node[index]
        elif isinstance(node, dict):
            if part.isdigit():
                raise ValueError(f"« {here} » n'est pas une liste : pas d'indice « {part} ».")
            if last:
                node[part] = value
                return
            node = node.setdefault(part, {})
        else:
            raise ValueError(f"« {here} » est une valeur, pas une table.")


def reformed_parameters(
    reform: Reform | None,
    *,
    year: int | None = None,
    scheme: str = "fne",
    directory: Path = PARAMETERS_DIR,
) -> tuple[Parameters, ...]:
    """Every parameter file of the scheme, oldest first, those the reform applies to patched.

    Without `applies_to`, a reform applies to every file, or to the files of `year` when one is
    given (`relance simulate --year`)."""
    loaded = []
    for path in parameter_files(scheme, directory):
        data = read_file(path)
        if reform is not None and _applies(reform, path.stem, data, year):
            loaded.append(_patched(reform, path.stem, data))
        else:
            loaded.append(parse(path.stem, data))
    return tuple(sorted(loaded, key=lambda p: p.starts_on))


def _applies(reform: Reform, name: str, data: dict, year: int | None) -> bool:
    if reform.applies_to is not None:
        return name in reform.applies_to
    return year is None or data.get("year") == year


def _patched(reform: Reform, name: str, data: dict) -> Parameters:
    data = copy.deepcopy(data)
    for change in reform.changes:
        try:
            patch(data, change.path, copy.deepcopy(change.value))
        except ValueError as error:
            raise ReformError(
                f"Réforme {reform.source} : changement « {change.path} » sur {name} : {error}"
            ) from None
    try:
        params = parse(name, data)
    except ParameterFileError as error:
        raise ReformError(f"Réforme {reform.source} appliquée : {error}") from None
    return dataclasses.replace(params, version=f"{name}+{reform.name}")


class RuleSet:
    """The parameter files a batch of decisions is taken under: shipped, or patched by a reform."""

    def __init__(self, files: tuple[Parameters, ...]):
        self.files = files

    @classmethod
    def of(cls, reform: Reform | None, *, year: int | None = None) -> "RuleSet":
        return cls(reformed_parameters(reform, year=year))

    def in_force(self, filed_on) -> Parameters | None:
        """The latest file starting on or before the filing date, as `parameters_in_force`."""
        in_force = None
        for params in self.files:
            if params.starts_on <= filed_on:
                in_force = params
        return in_force

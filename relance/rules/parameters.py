"""Dated parameter files: one per scheme and period, validated when loaded.

The file in force for a filing date is the latest one starting on or before it. A new year or a
changed instruction is a new file in `parameters/`, never a code change.
"""

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from relance.reference import files as reference_files

PARAMETERS_DIR = Path(__file__).parent / "parameters"
SITUATIONS = frozenset(item["code"] for item in reference_files.read("catalogue")["situations"])
PATHWAYS = frozenset(item["code"] for item in reference_files.read("catalogue")["pathways"])
CONTRACTS = frozenset({"permanent", "fixed_term", "apprenticeship", "professionalisation"})
REGIMES = frozenset({"temporary_framework", "gber"})
CAP_SCOPES = frozenset({"company", "request"})


class ParameterFileError(ValueError):
    """A parameter file is missing a field or holds a wrong value; the message names both."""


@dataclass(frozen=True, slots=True)
class Band:
    max_headcount: int | None
    rates: dict[str, Decimal]
    # GBER Annex I: a size category also has financial ceilings, met when the turnover *or* the
    # balance-sheet total given is within its own; both set or neither (checked at load).
    max_turnover: Decimal | None = None
    max_balance_sheet_total: Decimal | None = None

    def fits(self, headcount: int, turnover: Decimal | None, balance: Decimal | None) -> bool:
        if self.max_headcount is not None and headcount > self.max_headcount:
            return False
        if self.max_turnover is None or (turnover is None and balance is None):
            return True  # no financial ceiling, or no figure given: headcount alone decides
        return (turnover is not None and turnover <= self.max_turnover) or (
            balance is not None and balance <= self.max_balance_sheet_total
        )


@dataclass(frozen=True, slots=True)
class Regime:
    code: str
    label: str
    cap: Decimal
    cap_scope: str
    bands: tuple[Band, ...]
    # GBER art. 31(4)(a): points added for disabled or disadvantaged workers, and the maximum.
    disadvantaged_uplift: Decimal | None = None
    uplifted_rate_max: Decimal | None = None

    def rates_for(
        self,
        headcount: int,
        turnover: Decimal | None = None,
        balance_sheet_total: Decimal | None = None,
    ) -> dict[str, Decimal]:
        for band in self.bands:
            if band.fits(headcount, turnover, balance_sheet_total):
                return band.rates
        raise AssertionError("the last band is open-ended (checked at load)")

    def uplifted(self, rate: Decimal) -> Decimal:
        """The rate for disabled or disadvantaged workers; the base rate without an uplift."""
        if self.disadvantaged_uplift is None:
            return rate
        return max(rate, min(rate + self.disadvantaged_uplift, self.uplifted_rate_max))


@dataclass(frozen=True, slots=True)
class BranchOverride:
    hourly_cost_cap: Decimal | None
    allowed_pathways: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Parameters:
    version: str
    scheme: str
    year: int
    starts_on: dt.date
    filing_deadline: dt.date
    # Training funded under this year's convention must end by this date.
    training_end_by: dt.date
    envelope_initial: Decimal
    # Default share of the envelope kept for the operator's own costs (not committable).
    operator_costs_share: Decimal
    source: str
    eligible_situations: frozenset[str]
    difficulty_reference_date: dt.date
    eligible_pathways: frozenset[str]
    excluded_contracts: frozenset[str]
    max_training_months: int
    regimes: dict[str, Regime]
    branch_overrides: dict[str, BranchOverride]


class _Reader:
    """Reads typed fields from a parsed file, raising errors that name the file and the field."""

    def __init__(self, name: str, data: dict[str, Any]):
        self.name, self.data = name, data

    def fail(self, path: str, message: str) -> ParameterFileError:
        return ParameterFileError(
            f"Fichier de paramètres {self.name} : champ « {path} » : {message}"
        )

    def get(self, path: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
        node: Any = self.data
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                if optional:
                    return None
                raise self.fail(path, "obligatoire et absent.")
            node = node[part]
        if not isinstance(node, kind) or (isinstance(node, bool) and kind is int):
            raise self.fail(path, f"type attendu {getattr(kind, '__name__', kind)}, reçu {node!r}.")
        return node

    def money(self, path: str, *, optional: bool = False) -> Decimal | None:
        raw = self.get(path, str, optional=optional)
        if raw is None:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.fail(path, f"montant décimal attendu, reçu {raw!r}.") from None
        if not value.is_finite() or value < 0:
            raise self.fail(path, f"montant positif attendu, reçu {raw!r}.")
        return value

    def share(self, path: str, *, optional: bool = False) -> Decimal | None:
        """A rate or a share: a decimal string between 0 and 1."""
        value = self.money(path, optional=optional)
        if value is not None and value > 1:
            raise self.fail(path, f"valeur comprise entre 0 et 1 attendue, reçu {value}.")
        return value

    def codes(self, path: str, allowed: frozenset[str]) -> frozenset[str]:
        values = self.get(path, list)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise self.fail(path, f"valeurs inconnues {unknown} (possibles : {sorted(allowed)}).")
        return frozenset(values)


def parse(name: str, data: dict[str, Any]) -> Parameters:
    read = _Reader(name, data)
    situations = read.codes("eligible_situations", SITUATIONS)
    params = Parameters(
        version=read.get("version", str),
        scheme=read.get("scheme", str),
        year=read.get("year", int),
        starts_on=read.get("starts_on", dt.date),
        filing_deadline=read.get("filing_deadline", dt.date),
        training_end_by=read.get("training_end_by", dt.date),
        envelope_initial=read.money("envelope_initial"),
        operator_costs_share=read.share("operator_costs_share"),
        source=read.get("source", str),
        eligible_situations=situations,
        difficulty_reference_date=read.get("difficulty_reference_date", dt.date),
        eligible_pathways=read.codes("eligible_pathways", PATHWAYS),
        excluded_contracts=read.codes("excluded_contracts", CONTRACTS),
        max_training_months=read.get("max_training_months", int),
        regimes=_regimes(read, situations),
        branch_overrides=_branch_overrides(read),
    )
    if params.version != name:
        raise read.fail(
            "version", f"doit être le nom du fichier ({name}), reçu {params.version!r}."
        )
    if params.filing_deadline < params.starts_on:
        raise read.fail("filing_deadline", "précède starts_on.")
    if params.training_end_by < params.starts_on:
        raise read.fail("training_end_by", "précède starts_on.")
    return params


def _regimes(read: _Reader, situations: frozenset[str]) -> dict[str, Regime]:
    regimes = {}
    for code in read.get("regimes", dict):
        prefix = f"regimes.{code}"
        if code not in REGIMES:
            raise read.fail(prefix, f"régime inconnu (possibles : {sorted(REGIMES)}).")
        scope = read.get(f"{prefix}.cap_scope", str)
        if scope not in CAP_SCOPES:
            raise read.fail(f"{prefix}.cap_scope", f"valeur attendue parmi {sorted(CAP_SCOPES)}.")
        uplift = read.share(f"{prefix}.disadvantaged_uplift", optional=True)
        maximum = read.share(f"{prefix}.uplifted_rate_max", optional=True)
        if (uplift is None) != (maximum is None):
            raise read.fail(
                f"{prefix}.uplifted_rate_max",
                "disadvantaged_uplift et uplifted_rate_max vont ensemble.",
            )
        regimes[code] = Regime(
            code=code,
            label=read.get(f"{prefix}.label", str),
            cap=read.money(f"{prefix}.cap"),
            cap_scope=scope,
            bands=_bands(read, prefix, situations),
            disadvantaged_uplift=uplift,
            uplifted_rate_max=maximum,
        )
    if not regimes:
        raise read.fail("regimes", "au moins un régime est requis.")
    return regimes


def _bands(read: _Reader, prefix: str, situations: frozenset[str]) -> tuple[Band, ...]:
    raw_bands = read.get(f"{prefix}.bands", list)
    bands: list[Band] = []
    for index, raw in enumerate(raw_bands):
        band = _band(read, f"{prefix}.bands[{index}]", _Reader(read.name, raw), situations)
        if (band.max_headcount is None) != (index == len(raw_bands) - 1):
            raise read.fail(
                f"{prefix}.bands[{index}]", "seule la dernière tranche est sans max_headcount."
            )
        if (
            bands
            and band.max_headcount is not None
            and band.max_headcount <= bands[-1].max_headcount
        ):
            raise read.fail(
                f"{prefix}.bands[{index}].max_headcount", "les tranches doivent être croissantes."
            )
        bands.append(band)
    if not bands:
        raise read.fail(f"{prefix}.bands", "au moins une tranche est requise.")
    return tuple(bands)


def _band(read: _Reader, path: str, band_reader: _Reader, situations: frozenset[str]) -> Band:
    maximum = band_reader.get("max_headcount", int, optional=True)
    rates = {code: band_reader.money(f"rates.{code}") for code in band_reader.get("rates", dict)}
    if missing := situations - rates.keys():
        raise read.fail(f"{path}.rates", f"taux manquant pour {sorted(missing)}.")
    if any(rate > 1 for rate in rates.values()):
        raise read.fail(f"{path}.rates", "un taux doit être compris entre 0 et 1.")
    turnover = band_reader.money("max_turnover", optional=True)
    balance = band_reader.money("max_balance_sheet_total", optional=True)
    if (turnover is None) != (balance is None) or (turnover is not None and maximum is None):
        raise read.fail(
            f"{path}.max_balance_sheet_total",
            "max_turnover et max_balance_sheet_total vont ensemble, sauf dans la dernière tranche.",
        )
    return Band(maximum, rates, turnover, balance)


def _branch_overrides(read: _Reader) -> dict[str, BranchOverride]:
    overrides = {}
    for branch, _ in (read.get("branch_overrides", dict, optional=True) or {}).items():
        prefix = f"branch_overrides.{branch}"
        pathways = read.get(f"{prefix}.allowed_pathways", list, optional=True)
        overrides[branch] = BranchOverride(
            hourly_cost_cap=read.money(f"{prefix}.hourly_cost_cap", optional=True),
            allowed_pathways=read.codes(f"{prefix}.allowed_pathways", PATHWAYS)
            if pathways is not None
            else None,
        )
    return overrides


def read_file(path: Path) -> dict[str, Any]:
    """A parameter file as parsed TOML, before validation (reforms patch this form)."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ParameterFileError(
            f"Fichier de paramètres {path.stem} : TOML invalide : {error}"
        ) from error


def load_file(path: Path) -> Parameters:
    return parse(path.stem, read_file(path))


def parameter_files(scheme: str = "fne", directory: Path = PARAMETERS_DIR) -> list[Path]:
    return sorted(directory.glob(f"{scheme}-*.toml"))


@functools.cache
def all_parameters(scheme: str = "fne", directory: Path = PARAMETERS_DIR) -> tuple[Parameters, ...]:
    """Every parameter file of a scheme, oldest first."""
    loaded = [load_file(path) for path in parameter_files(scheme, directory)]
    return tuple(sorted(loaded, key=lambda p: p.starts_on))


def parameters_in_force(filed_on: dt.date, scheme: str = "fne") -> Parameters | None:
    """The latest file starting on or before the filing date; None before the first one."""
    in_force = None
    for params in all_parameters(scheme):
        if params.starts_on <= filed_on:
            in_force = params
    return in_force


def parameters_for_year(year: int, scheme: str = "fne") -> Parameters | None:
    """The latest file of a funding year (its deadline and envelope are the year's)."""
    candidates = [p for p in all_parameters(scheme) if p.year == year]
    return candidates[-1] if candidates else None


@functools.cache
def decline_quarters_by_headcount() -> tuple[tuple[int | None, int], ...]:
    """Labour Code art. L.1233-3 thresholds, from parameters/labour-code.toml."""
    with (PARAMETERS_DIR / "labour-code.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return tuple((row.get("max_headcount"), row["quarters"]) for row in data["decline_quarters"])

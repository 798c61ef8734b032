"""Read the shipped reference data files. Plain Python: `relance evaluate` uses it without a database."""

import functools
import tomllib
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


@functools.cache
def read(name: str) -> dict[str, Any]:
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def branch_by_idcc() -> dict[str, str]:
    """Map every shipped IDCC number to its branch code."""
    return {
        idcc: branch["code"] for branch in read("branches")["branches"] for idcc in branch["idcc"]
    }


def normalise_idcc(value: str) -> str:
    """IDCC numbers are four digits; spreadsheets often drop the leading zeros."""
    value = value.strip()
    return value.zfill(4) if value.isdigit() else value

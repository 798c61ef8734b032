"""The public variant: no cell describing fewer than 3 companies (statistical secrecy)."""

import copy

SECRECY_THRESHOLD = 3
SECRET_FIELDS = (
    "net_commitments",
    "commitment_share",
    "beneficiary_companies",
    "beneficiary_companies_share",
    "share",
    "employees",
)


def public_figures(figures: dict) -> dict:
    public = copy.deepcopy(figures)
    public["public"] = True
    for key in ("delegations", "branches", "size_bands"):
        for row in public[key]:
            _suppress_if_small(row, row.get("beneficiary_companies", 0))
    for row in public["pathways"].values():
        _suppress_if_small(row, row.get("beneficiary_companies", 0))
    return public


def _suppress_if_small(row: dict, companies: int) -> None:
    if 0 < companies < SECRECY_THRESHOLD:
        for field in SECRET_FIELDS:
            if field in row:
                row[field] = None
        row["secret"] = True

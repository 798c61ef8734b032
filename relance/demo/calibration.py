"""Exact integer splits: the demo's amounts and counts add up to its targets to the cent."""

from collections.abc import Sequence

import numpy as np


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainders), each at
    least `minimum`; the parts always add up to `total` exactly."""
    count = len(weights)
    if count == 0:
        if total:
            raise ValueError("cannot split a non-zero total into no parts")
        return []
    rest = total - minimum * count
    if rest < 0:
        raise ValueError(f"{total} cannot give {minimum} to each of {count} parts")
    w = np.asarray(weights, dtype=float)
    w = w / w.sum() if w.sum() > 0 else np.full(count, 1 / count)
    exact = w * rest
    parts = np.floor(exact).astype(np.int64)
    shortfall = rest - int(parts.sum())
    if shortfall:
        order = np.argsort(-(exact - parts), kind="stable")[:shortfall]
        parts[order] += 1
    return [int(p) + minimum for p in parts]


def fit_matrix(
    rows: Sequence[int], cols: Sequence[int], seed: np.ndarray, hub_row: int, hub_col: int
) -> np.ndarray:
    """Integer matrix with exact row and column sums, shaped like `seed` (iterative
    proportional fitting), zero where `seed` is zero. The hub row and column must be positive
    everywhere: the rounding residues are routed through them."""
    rows_a, cols_a = np.asarray(rows, dtype=float), np.asarray(cols, dtype=float)
    if rows_a.sum() != cols_a.sum():
        raise ValueError("row and column targets must have the same total")
    if (seed[hub_row, :] <= 0).any() or (seed[:, hub_col] <= 0).any():
        raise ValueError("the hub row and column need a positive seed in every cell")
    matrix = seed.astype(float)
    for _ in range(200):
        matrix *= (rows_a / np.where(matrix.sum(axis=1) == 0, 1, matrix.sum(axis=1)))[:, None]
        matrix *= cols_a / np.where(matrix.sum(axis=0) == 0, 1, matrix.sum(axis=0))
        if np.abs(matrix.sum(axis=1) - rows_a).max() < 0.5:
            break
    result = np.floor(matrix).astype(np.int64)
    _route_residues(
        result, np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), hub_row, hub_col
    )
    return result


def _route_residues(
    matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray, hub_row: int, hub_col: int
) -> None:
    row_gap = rows - matrix.sum(axis=1)
    for r in range(matrix.shape[0]):
        if r != hub_row:
            matrix[r, hub_col] += row_gap[r]
    col_gap = cols - matrix.sum(axis=0)
    for c in range(matrix.shape[1]):
        matrix[hub_row, c] += col_gap[c]
    if (matrix < 0).any():
        raise ValueError("the fitted matrix went negative: the targets are inconsistent")
    assert (matrix.sum(axis=1) == rows).all() and (matrix.sum(axis=0) == cols).all()

"""Spreadsheet safety shared by every export and report of rejected rows."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Neutralise spreadsheet formula injection in text cells (never in typed numbers)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value

"""Date arithmetic for the rules."""

import calendar
import datetime as dt
import functools


@functools.lru_cache(maxsize=4096)
def add_months(start: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later; the month's last day when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

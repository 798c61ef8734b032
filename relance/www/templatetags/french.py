"""French formats for templates: « 12 345,67 € », « 70 % », « 15/03/2022 14:05 » (Paris time).
Each filter delegates to relance/common/formats.py, where the formats are declared once."""

from decimal import Decimal, InvalidOperation

from django import template

from relance.common import formats

register = template.Library()


@register.filter
def euros(value) -> str:
    if value in (None, ""):
        return formats.NONE
    try:
        return formats.amount(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def percent(value) -> str:
    """One decimal at most, rounded half-up: « 70 % », « 16,2 % »."""
    return formats.percent(value, decimals=1)


@register.filter
def moment(value) -> str:
    """A date and time as the operator's clocks show it: « 15/03/2022 14:05 »."""
    return formats.date_time(value)


@register.filter
def pluriel(count) -> str:
    """« s » from two on: in French 0 and 1 take the singular (« 0 demande traitée »)."""
    try:
        return "s" if abs(int(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""

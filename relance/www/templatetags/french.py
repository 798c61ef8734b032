"""French formats for templates: « 12 345,67 € », « 70 % », dates jj/mm/aaaa."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from relance.rules.labels import french_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    if value in (None, ""):
        return "—"
    try:
        return french_euros(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def percent(value) -> str:
    if value in (None, ""):
        return "—"
    # One decimal at most, rounded half-up: « 70 % », « 16,2 % ».
    rate = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    shown = rate.quantize(Decimal(1)) if rate == rate.to_integral() else rate
    return f"{shown}\u00a0%".replace(".", ",")

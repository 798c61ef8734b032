"""French formats for templates: « 12 345,67 € », « 70 % », dates jj/mm/aaaa."""

from decimal import Decimal, InvalidOperation

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
    rate = Decimal(str(value)) * 100
    return f"{rate.quantize(Decimal('1')) if rate == rate.to_integral() else rate.normalize()} %".replace(
        ".", ","
    )

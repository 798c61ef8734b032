"""Form fields reading what French users type."""

from decimal import Decimal

from django import forms

from relance.common.formats import parse_number


class FrenchDecimalField(forms.DecimalField):
    """A DecimalField that reads « 14 000,00 », « 14 000 € » or a copied no-break space; the
    bounds and decimal places of DecimalField still apply. Rendered as text (`inputmode`
    decimal), since a browser's number input refuses the spaces and the comma."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value).strip())
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

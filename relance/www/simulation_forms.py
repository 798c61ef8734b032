"""The simulation page's two forms: upload a reform file, or build one from the year's values."""

from decimal import Decimal

from django import forms

from relance.rules.reforms import NAME, ReformError, loads
from relance.simulations.builder import Editable, reform_toml
from relance.www.fields import FrenchDecimalField

YEARS = [2021, 2022]
MAX_REFORM_BYTES = 64 * 1024
PERCENT = Decimal(100)


def _checked(text: str, *, source: str, year: int) -> dict:
    try:
        reform = loads(text, source=source, year=year)
    except ReformError as error:
        raise forms.ValidationError(str(error)) from None
    return {"year": year, "text": text, "name": reform.name, "description": reform.description}


class UploadForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Année rejouée", choices=[(y, y) for y in YEARS], coerce=int
    )
    file = forms.FileField(label="Fichier de réforme (TOML, 64 Ko au plus)")

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None or "year" not in data:
            return data
        if upload.size > MAX_REFORM_BYTES:
            raise forms.ValidationError("Fichier trop volumineux (64 Ko au plus).")
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("Le fichier n'est pas un texte UTF-8.") from None
        data["reform"] = _checked(text, source=upload.name[:80], year=data["year"])
        return data

    def reform(self) -> dict:
        return self.cleaned_data["reform"]


class BuilderForm(forms.Form):
    name = forms.RegexField(
        label="Nom de la réforme (a-z, 0-9, - et _)",
        regex=NAME.pattern + "$",
        max_length=40,
        error_messages={"invalid": "Lettres minuscules, chiffres, « - » et « _ » seulement."},
    )
    description = forms.CharField(label="Description", max_length=300)

    def __init__(self, *args, fields: list[Editable], year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.editable, self.year = {f"p{n}": f for n, f in enumerate(fields)}, year
        for key, field in self.editable.items():
            self.fields[key] = _field(field)

    def groups(self) -> dict[str, list]:
        grouped: dict[str, list] = {}
        for key, field in self.editable.items():
            grouped.setdefault(field.group, []).append(self[key])
        return grouped

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        values = {
            field.path: _file_units(field, data.get(key)) for key, field in self.editable.items()
        }
        text = reform_toml(
            name=data["name"], description=data["description"], year=self.year, values=values
        )
        if "[[changes]]" not in text:
            raise forms.ValidationError("Aucun paramètre n'a été modifié.")
        data["reform"] = _checked(text, source=data["name"], year=self.year)
        return data

    def reform(self) -> dict:
        return self.cleaned_data["reform"]


def _field(field: Editable) -> forms.Field:
    if field.kind == "date":
        return forms.DateField(label=field.label, initial=field.current)
    if field.kind == "rate":
        return FrenchDecimalField(
            label=field.label,
            min_value=0,
            max_value=100,
            decimal_places=2,
            initial=(field.current * PERCENT).quantize(Decimal("0.01")),
        )
    return FrenchDecimalField(
        label=field.label,
        min_value=0,
        decimal_places=2,
        required=field.current is not None,
        initial=field.current,
    )


def _file_units(field: Editable, value):
    if value is not None and field.kind == "rate":
        return value / PERCENT
    return value

from django import forms
from django.contrib import admin

from relance.audit.admin_trail import AuditedAdmin
from relance.companies.identifiers import identifier_error
from relance.companies.models import Company, Establishment, Situation
from relance.reports import kept


class CompanyAdminForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = [
            "siren",
            "name",
            "naf",
            "headcount",
            "in_difficulty_on_2019_12_31",
            "ceasing_activity",
            "pse_negotiation",
            "declared_state_aid",
            "annual_turnover",
            "balance_sheet_total",
        ]

    def clean_siren(self) -> str:
        siren = self.cleaned_data["siren"]
        if problem := identifier_error("siren", siren, "siren"):
            raise forms.ValidationError(problem.message)
        return siren


class SituationInline(admin.TabularInline):
    model = Situation
    extra = 0


class EstablishmentInline(admin.TabularInline):
    model = Establishment
    extra = 0


@admin.register(Company)
class CompanyAdmin(AuditedAdmin):
    form = CompanyAdminForm
    list_display = ["siren", "name", "headcount", "branch", "delegation"]
    list_filter = ["delegation", "branch"]
    search_fields = ["siren", "name"]
    readonly_fields = ["branch", "delegation", "idcc", "department"]
    inlines = [SituationInline, EstablishmentInline]

    def save_model(self, request, obj, form, change) -> None:
        """A new headcount may move the company to another size band of the report."""
        super().save_model(request, obj, form, change)
        if change and "headcount" in form.changed_data:
            kept.companies_changed({obj.pk: (obj.delegation_id, obj.branch_id)})

from django import forms
from django.contrib import admin

from relance.audit.admin_trail import AuditedAdmin
from relance.audit.models import Source
from relance.budget.models import Envelope, LedgerEntry
from relance.budget.services import envelope_set_threshold


class EnvelopeForm(forms.ModelForm):
    def clean_second_approval_above(self):
        """The service refuses a negative threshold too; here it is a message on the field."""
        amount = self.cleaned_data["second_approval_above"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("Le seuil ne peut pas être négatif.")
        return amount


@admin.register(Envelope)
class EnvelopeAdmin(AuditedAdmin):
    form = EnvelopeForm
    list_display = ["scheme", "year", "initial_amount", "operator_costs", "second_approval_above"]
    # The operator's costs change only through PUT /api/v1/envelopes/…, which checks them
    # against the net commitments under the envelope's lock.
    readonly_fields = ["scheme", "year", "initial_amount", "operator_costs"]

    def save_model(self, request, obj, form, change) -> None:
        """The threshold, the one field left to edit, changes through the same service as the
        envelope's page and the API: under the envelope's lock, recorded in the audit trail."""
        if not change:
            return super().save_model(request, obj, form, change)
        envelope_set_threshold(
            actor=request.user,
            envelope=obj,
            amount=obj.second_approval_above,
            source=Source.ADMIN,
        )


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only and changes only through the services."""

    list_display = ["created_at", "envelope", "kind", "amount", "request", "actor", "reference"]
    list_filter = ["envelope", "kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

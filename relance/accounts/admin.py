from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from relance.accounts.models import ApiToken, User
from relance.accounts.services import token_revoke
from relance.audit.admin_trail import AuditedAdmin


@admin.register(User)
class RelanceUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "email", "role", "company", "delegation", "is_active"]
    list_filter = ["role", "delegation", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Rôle", {"fields": ["role", "company", "delegation"]})]
    autocomplete_fields = ["company"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "revoked_at"]
    # Revocation is final: the date is set once by « Révoquer » and no form can clear it.
    readonly_fields = ["user", "key_hash", "prefix", "created_at", "revoked_at"]
    actions = ["revoke"]

    @admin.action(description="Révoquer les jetons sélectionnés")
    def revoke(self, request, queryset) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token)

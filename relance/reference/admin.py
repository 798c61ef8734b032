from django.contrib import admin

from relance.audit.admin_trail import AuditedAdmin
from relance.reference.models import (
    Branch,
    BranchAgreement,
    Delegation,
    Department,
    Pathway,
    Region,
    SituationKind,
    SizeBand,
)


class BranchAgreementInline(admin.TabularInline):
    model = BranchAgreement
    extra = 1


@admin.register(Branch)
class BranchAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name", "agreements__idcc"]
    inlines = [BranchAgreementInline]


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region__delegation"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["code", "name", "delegation"]


admin.site.register(Delegation, AuditedAdmin, list_display=["code", "name", "short_name"])
admin.site.register(
    SizeBand, AuditedAdmin, list_display=["code", "label", "min_headcount", "max_headcount"]
)
admin.site.register(Pathway, AuditedAdmin, list_display=["code", "label"])
admin.site.register(SituationKind, AuditedAdmin, list_display=["code", "label"])
admin.site.site_header = "relance — administration"
admin.site.site_title = "relance"

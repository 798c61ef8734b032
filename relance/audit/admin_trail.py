"""Every change made in Django's admin, recorded in the audit trail with who, when, before and
after: envelopes (amount, four-eyes threshold), reference data, companies and users. The admin's
own LogEntry says only which fields changed; an auditor needs the values."""

from django.contrib import admin
from django.db import models

from relance import clock
from relance.audit.models import AdminChange, Operation, Source

# Never copied into the trail: secrets, and timestamps the database sets by itself.
SKIPPED = frozenset({"password", "last_login", "key_hash"})


def snapshot(obj: models.Model | None) -> dict[str, str | None]:
    """The object's own fields as text (a related object by its name)."""
    if obj is None:
        return {}
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SKIPPED or getattr(field, "auto_now", False):
            continue
        if getattr(field, "auto_now_add", False):
            continue
        value = getattr(obj, field.name)
        values[field.name] = None if value in (None, "") else str(value)
    return values


def differences(before: dict, after: dict) -> dict[str, list]:
    names = list(dict.fromkeys([*before, *after]))
    return {n: [before.get(n), after.get(n)] for n in names if before.get(n) != after.get(n)}


def record(
    user,
    obj: models.Model,
    operation: str,
    before: dict,
    after: dict,
    *,
    source: str = Source.ADMIN,
) -> None:
    """One line of the audit trail for `obj`; a change that changes nothing records nothing."""
    changes = differences(before, after)
    if operation == Operation.CHANGE and not changes:
        return
    AdminChange.objects.create(
        at=clock.now(),
        actor=user if getattr(user, "pk", None) else None,
        operation=operation,
        source=source,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes,
    )


def _stored(obj: models.Model) -> models.Model | None:
    return type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every save and delete, inlines included, lands in the audit trail."""

    def save_model(self, request, obj, form, change) -> None:
        before = snapshot(_stored(obj)) if change else {}
        super().save_model(request, obj, form, change)
        operation = Operation.CHANGE if change else Operation.CREATE
        record(request.user, obj, operation, before, snapshot(obj))

    def delete_model(self, request, obj) -> None:
        record(request.user, obj, Operation.DELETE, snapshot(_stored(obj)), {})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            record(request.user, obj, Operation.DELETE, snapshot(obj), {})
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change) -> None:
        stored = formset.model._default_manager.filter(
            pk__in=[f.instance.pk for f in formset.initial_forms if f.instance.pk]
        )
        before = {obj.pk: snapshot(obj) for obj in stored}
        for deleted in formset.deleted_forms:  # recorded while they still have their key
            if deleted.instance.pk in before:
                record(
                    request.user,
                    deleted.instance,
                    Operation.DELETE,
                    before[deleted.instance.pk],
                    {},
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(request.user, obj, Operation.CREATE, {}, snapshot(obj))
        for obj, _ in formset.changed_objects:
            record(request.user, obj, Operation.CHANGE, before.get(obj.pk, {}), snapshot(obj))

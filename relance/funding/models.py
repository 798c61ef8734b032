"""Funding requests, their training actions, trainees, documents, history and notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relance import clock
from relance.budget.models import EntryKind, in_cents, kind_total
from relance.funding.workflow import Action, Status
from relance.reference.choices import PathwayKind


class AidRegime(models.TextChoices):
    TEMPORARY_FRAMEWORK = (
        "temporary_framework",
        _("Encadrement temporaire (plafond 1,8 M€ par entreprise)"),
    )
    GBER = "gber", _("RGEC art. 31 (plafond 2 M€ par projet)")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("CDI")
    FIXED_TERM = "fixed_term", _("CDD")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")


class FundingRequestQuerySet(models.QuerySet):
    def with_money(self) -> "FundingRequestQuerySet":
        """Annotate each request with its ledger totals: `committed`, `released`, `paid`,
        `net_committed` and `unpaid` (net committed − paid)."""
        prefix = "ledger_entries__"
        committed = kind_total(EntryKind.COMMITMENT, prefix)
        released = kind_total(EntryKind.RELEASE, prefix)
        paid = kind_total(EntryKind.PAYMENT, prefix)
        return self.annotate(
            committed=committed,
            released=released,
            paid=paid,
            net_committed=in_cents(committed - released),
            unpaid=in_cents(committed - released - paid),
        )


class FundingRequest(models.Model):
    company = models.ForeignKey("companies.Company", models.PROTECT, related_name="requests")
    reference = models.CharField(_("référence"), max_length=60)
    pathway = models.CharField(_("parcours"), max_length=30, choices=PathwayKind.choices)
    aid_regime = models.CharField(_("régime d'aide"), max_length=30, choices=AidRegime.choices)
    status = models.CharField(
        _("statut"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Set at submission (the reference date) unless an adviser recorded an earlier reception.
    filed_on = models.DateField(_("date de dépôt"), null=True, blank=True)
    envelope = models.ForeignKey(
        "budget.Envelope", models.PROTECT, null=True, blank=True, related_name="requests"
    )
    # The rules' last decision and the inputs it was computed from, so it can be replayed.
    decision = models.JSONField(_("décision des règles"), null=True, blank=True)
    decision_inputs = models.JSONField(null=True, blank=True)
    eligible = models.BooleanField(null=True)
    funded_amount = models.DecimalField(
        _("montant financé"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rules_version = models.CharField(max_length=30, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # First approval: the report counts an employee trained under several requests once, under
    # the pathway of the earliest approved one.
    approved_at = models.DateTimeField(_("accordée le"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    # Who follows the request (« Suivre », « Attribuer à … »); each change is an `Assignment`.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("suivie par"),
    )
    # The company did something (answer, document, message) its follower has not seen yet:
    # the queue's badge and « À traiter ». Cleared when the follower opens the request.
    unseen_activity = models.BooleanField(default=False)
    # NULL, not "", so the uniqueness constraint ignores requests created without a key.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    # What the creating call sent (funding.data.request_fingerprint): a replay of the same key
    # with another body is refused. Empty for requests created before it was recorded.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FundingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de financement")
        verbose_name_plural = _("demandes de financement")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "reference"], name="one_reference_per_company"
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"], name="one_request_per_idempotency_key"
            ),
        ]
        indexes = [
            models.Index(fields=["envelope", "status"]),
            # The queue's and finance's sorts, walked in order instead of sorting every request.
            models.Index(fields=["filed_on", "id"], name="request_filed_on_id"),
            models.Index(fields=["funded_amount", "id"], name="request_funded_amount_id"),
            # « À traiter »: the few requests with unseen activity, without scanning the rest.
            models.Index(
                fields=["unseen_activity"],
                condition=models.Q(unseen_activity=True),
                name="request_unseen_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.company.name})"


class TrainingAction(models.Model):
    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="actions")
    title = models.CharField(_("intitulé"), max_length=200)
    provider_siret = models.CharField(_("SIRET de l'organisme"), max_length=14)
    provider_declaration_number = models.CharField(_("n° de déclaration d'activité"), max_length=11)
    hours = models.DecimalField(_("heures"), max_digits=8, decimal_places=2)
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    cost = models.DecimalField(_("coût pédagogique"), max_digits=14, decimal_places=2)
    mandatory_safety = models.BooleanField(_("formation obligatoire à la sécurité"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("action de formation")

    def __str__(self) -> str:
        return self.title


class Trainee(models.Model):
    """Known only by the company's own reference: never a social-security number."""

    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="trainees")
    employee_ref = models.CharField(_("référence salarié"), max_length=60)
    contract = models.CharField(_("contrat"), max_length=30, choices=ContractType.choices)
    contract_end = models.DateField(_("fin de contrat"), null=True, blank=True)
    leaving_under_pse_or_rcc = models.BooleanField(_("sortant PSE/RCC"), default=False)
    # GBER art. 31(4): a disabled or disadvantaged worker. Special-category data (GDPR art. 9):
    # only this boolean is kept, shown to staff who instruct the request, and purged with it.
    disadvantaged = models.BooleanField(_("travailleur handicapé ou défavorisé"), default=False)
    # Set by the rules at each decision; the report counts eligible trainees only.
    eligible = models.BooleanField(_("éligible"), null=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("stagiaire")
        indexes = [models.Index(fields=["employee_ref"])]

    def __str__(self) -> str:
        return self.employee_ref


class TransitionLog(models.Model):
    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("date"))
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_status = models.CharField(_("de"), max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(_("vers"), max_length=30, choices=Status.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    # Before/after values of what changed (amounts), for the audit trail.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("historique")
        indexes = [
            models.Index(fields=["to_status", "at"]),
            models.Index(fields=["at", "id"], name="transition_at_id"),  # the audit log's order
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Le journal des transitions ne se modifie pas : il s'enrichit.")
        super().save(*args, **kwargs)


class InternalNote(models.Model):
    """An adviser's note on a request; the company never sees it."""

    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    # Business dates follow the product's reference date (RELANCE_TODAY), as the history does.
    created_at = models.DateTimeField(_("date"), default=clock.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class DocumentKind(models.TextChoices):
    SWORN_STATEMENT = "sworn_statement", _("Attestation sur l'honneur")
    ACTIVITY_EVIDENCE = "activity_evidence", _("Justificatif AP/APLD")
    ATTENDANCE = "attendance", _("Attestation d'assiduité")
    INVOICE = "invoice", _("Facture")
    DECISION_LETTER = "decision_letter", _("Lettre de décision")
    ATTACHMENT = "attachment", _("Pièce jointe à un message")


class Document(models.Model):
    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to="documents/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=clock.now)
    # The message it was sent with, if any (`POST …/documents` with `message`).
    message = models.ForeignKey(
        "Message", models.SET_NULL, null=True, blank=True, related_name="attachments"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """One reminder per unanswered information request: makes `relance remind` idempotent."""

    transition = models.OneToOneField(TransitionLog, models.CASCADE, related_name="reminder")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Rappel du {self.sent_at:%d/%m/%Y}"


class Assignment(models.Model):
    """Who was given a request to follow, by whom, when: append-only, the request's `assignee`
    is the last one."""

    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(_("date"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("attribution")

    def __str__(self) -> str:
        return f"{self.request_id} → {self.assignee_id or '—'}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Le journal des attributions ne se modifie pas : il s'enrichit.")
        super().save(*args, **kwargs)


class SavedView(models.Model):
    """A user's named set of the queue's filters (its query string)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_views")
    name = models.CharField(_("nom"), max_length=80)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vue enregistrée")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_view_name")]

    def __str__(self) -> str:
        return self.name


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    INFORMATION_REQUEST = "information_request", _("Demande d'informations")
    ANSWER = "answer", _("Réponse à la demande d'informations")
    NOTICE = "notice", _("Avis automatique")  # never unread, never e-mailed


class Message(models.Model):
    """The thread between a company and the operator's staff on one request (never the
    internal notes). Append-only: what was sent stays as it was sent."""

    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=30, choices=MessageKind.choices)
    # Null for automatic notices; `author_role` keeps the side the author wrote for.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_role = models.CharField(max_length=20)
    body = models.TextField(_("message"))
    # Information requests: the date the answer is expected by (`relance remind` after it).
    reply_by = models.DateField(_("réponse attendue avant le"), null=True, blank=True)
    # The transition an information request or an answer made.
    transition = models.OneToOneField(
        TransitionLog, models.CASCADE, null=True, blank=True, related_name="message"
    )
    created_at = models.DateTimeField(_("date"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")

    def __str__(self) -> str:
        return self.body[:50]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Un message envoyé ne se modifie pas.")
        super().save(*args, **kwargs)


class ThreadRead(models.Model):
    """How far a user has read a request's thread: every message up to `up_to` (an id)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    request = models.ForeignKey(FundingRequest, models.CASCADE, related_name="+")
    up_to = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "request"], name="one_thread_read_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.request_id} ≤ {self.up_to}"

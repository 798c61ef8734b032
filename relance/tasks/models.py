"""What the background work was asked to do and what it did, whatever backend carries it.

A `TaskRun` is written in the same transaction as the change that asks for it (an outbox row),
so a task exists exactly when its cause committed. Its lease says until when the worker running
it is known to be alive; a run whose lease ran out is run again by any worker. A `TaskEffect`
records each outside effect (a letter stored, an e-mail sent) under a key, once.
"""

import uuid

from django.db import models

TASK_LABELS = {
    "send_request_event": "E-mails (et lettre de décision)",
    "run_import_job": "Import",
}


class TaskRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "en attente"
        RUNNING = "running", "en cours"
        DONE = "done", "terminée"
        FAILED = "failed", "échouée"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_path = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    queue_name = models.CharField(max_length=32, default="default")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True)
    started_at = models.DateTimeField(null=True)
    lease_expires_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    worker_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    # The HTTP request that asked for it, so its logs can be followed into the worker.
    request_id = models.CharField(max_length=64, blank=True)
    # The backend's own id for the last message sent, to ask it whether that message is pending.
    backend_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "lease_expires_at"], name="taskrun_state_lease")]
        verbose_name = "exécution de tâche"

    def __str__(self) -> str:
        return f"{self.task_name} ({self.get_state_display()})"

    @property
    def task_name(self) -> str:
        return self.task_path.rsplit(".", 1)[-1]

    @property
    def task_label(self) -> str:
        return TASK_LABELS.get(self.task_name, self.task_name)


class TaskEffect(models.Model):
    """One outside effect done once: the unique key is the proof it was done."""

    key = models.CharField(max_length=200, unique=True)
    run = models.ForeignKey(TaskRun, null=True, on_delete=models.SET_NULL, related_name="effects")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "effet de tâche"

    def __str__(self) -> str:
        return self.key

"""Outside effects done once: the effect and the proof that it was done commit together.

A letter (a stored document) is exactly-once: its row and its key are one transaction. An
e-mail is sent inside that transaction, so a failed send records nothing and is tried again;
only a kill between the SMTP server's acceptance and the commit (a few milliseconds) can send
it twice, and then both copies carry the same Message-ID, which mail systems treat as one.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from relance.tasks.models import TaskEffect

T = TypeVar("T")


def effect_once(key: str, do: Callable[[], T], *, run_id: str | None = None) -> T | None:
    """Do `do()` and record `key`, unless `key` is recorded already (then return None)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                TaskEffect.objects.create(key=key[:200], run_id=run_id)
        except IntegrityError:
            return None
        return do()


def effect_done(key: str) -> bool:
    return TaskEffect.objects.filter(key=key[:200]).exists()

"""Reads that may come from a read replica (DATABASE_REPLICA_URL), everything else from the
primary.

Only code marked with `replica_reads` reads there: the report, the dashboard, the exports and
the simulations, which tolerate data a few seconds old. Writes, row locks (select_for_update
asks the router for a write database) and reads inside a transaction of the primary always go
to the primary, so a use case never decides on stale figures.
"""

import contextvars
from contextlib import ContextDecorator

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading = contextvars.ContextVar("replica_reads", default=False)


class replica_reads(ContextDecorator):
    allowed = True

    def __enter__(self) -> None:
        self.token = _reading.set(self.allowed)

    def __exit__(self, *exc) -> None:
        _reading.reset(self.token)


class primary_reads(replica_reads):
    """Back to the primary inside a replica_reads block (a task run decides on fresh rows)."""

    allowed = False


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if (
            _reading.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
